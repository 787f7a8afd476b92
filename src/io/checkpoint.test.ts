/**
 * Loading a checkpoint from files in memory and from a real HTTP server on 127.0.0.1 that
 * serves the golden folders (and some broken variants of them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpointFromFiles, loadCheckpointFromUrl, type Checkpoint } from './checkpoint';
import { LoadError } from './errors';

const GOLDEN = new URL('../../test/fixtures/golden/', import.meta.url);
const FILES = ['config.json', 'model.safetensors', 'generation_config.json'];

function goldenFile(caseName: string, file: string): Uint8Array<ArrayBuffer> | undefined {
  const url = new URL(`${caseName}/${file}`, GOLDEN);
  return existsSync(url) ? new Uint8Array(readFileSync(url)) : undefined;
}

function goldenFiles(caseName: string): Map<string, Uint8Array<ArrayBuffer>> {
  return new Map(FILES.map((file) => [file, goldenFile(caseName, file)!]));
}

/** Every tensor's name, dtype and shape, and the values of one. */
function summary(checkpoint: Checkpoint) {
  const tensors = [...checkpoint.weights.tensors.values()].map((t) => [t.name, t.dtype, t.shape]);
  return { tensors, wte: [...checkpoint.weights.read('transformer.wte.weight')] };
}

async function rejection(promise: Promise<unknown>): Promise<LoadError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}

describe('loadCheckpointFromFiles', () => {
  it('parses config, weights and generation_config of the golden GPT-2', async () => {
    const checkpoint = await loadCheckpointFromFiles(goldenFiles('gpt2'));
    expect(checkpoint.source).toBe('local files');
    expect(checkpoint.config).toMatchObject({ model_type: 'gpt2', n_embd: 32, n_inner: 128 });
    expect(checkpoint.rawConfig.architectures).toEqual(['GPT2LMHeadModel']);
    expect(checkpoint.rawConfig.n_inner).toBeNull(); // as written, not resolved
    expect(checkpoint.weights.tensors.size).toBe(28);
    expect(checkpoint.generation).toEqual({ bos_token_id: 98, eos_token_id: 98, pad_token_id: 98 });
    expect(checkpoint.tokenizer).toBeUndefined();
  });

  it('keeps only token ids from generation_config.json (T5)', async () => {
    const checkpoint = await loadCheckpointFromFiles(goldenFiles('t5'), 'picked folder');
    expect(checkpoint.source).toBe('picked folder');
    expect(checkpoint.generation).toEqual({
      decoder_start_token_id: 0,
      eos_token_id: 1,
      pad_token_id: 0,
    });
  });

  it('matches files on their last path component, from Blob, ArrayBuffer or bytes', async () => {
    const files = goldenFiles('gpt2');
    const config = files.get('config.json')!;
    const checkpoint = await loadCheckpointFromFiles(
      new Map<string, Blob | ArrayBuffer | Uint8Array>([
        ['some/dir/config.json', new Blob([config])],
        ['C:\\models\\gpt2\\model.safetensors', files.get('model.safetensors')!.slice().buffer],
        ['some/dir/tokenizer.json', new TextEncoder().encode('{"version":"1.0"}')],
      ]),
    );
    expect(checkpoint.config.model_type).toBe('gpt2');
    expect(summary(checkpoint)).toEqual(summary(await loadCheckpointFromFiles(files)));
    expect(checkpoint.tokenizer).toEqual({ version: '1.0' });
    expect(checkpoint.generation).toBeUndefined();
  });

  it('names a missing required file', async () => {
    const files = goldenFiles('gpt2');
    files.delete('model.safetensors');
    const error = await rejection(loadCheckpointFromFiles(files));
    expect(error.message).toBe(
      'model.safetensors: is missing: a checkpoint folder needs config.json and model.safetensors',
    );
    expect(error.file).toBe('model.safetensors');
  });

  it('names an optional file that is not JSON', async () => {
    const files = goldenFiles('gpt2');
    files.set('generation_config.json', new TextEncoder().encode('{"eos_token_id": 98,'));
    const error = await rejection(loadCheckpointFromFiles(files));
    expect(error.message).toMatch(/^generation_config\.json: not valid JSON \(.+\)$/);
  });
});

describe('loadCheckpointFromUrl against a local HTTP server', () => {
  const gpt2Weights = goldenFile('gpt2', 'model.safetensors')!;
  const CUT = 8 + 2592 + 5000; // inside the data section
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // /<case>/<file> serves a golden folder; each faulty route serves GPT-2 with one fault.
    const faulty = new Set(['no-weights', 'broken-tokenizer', 'truncated', 'dropped']);
    server = createServer((request, response) => {
      const [, route = '', file = ''] = (request.url ?? '').split('/');
      const weights = file === 'model.safetensors';
      if (route === 'no-weights' && weights) return void response.writeHead(404).end();
      if (route === 'broken-tokenizer' && file === 'tokenizer.json')
        return void response.writeHead(500).end();
      if (route === 'truncated' && weights) return void response.end(gpt2Weights.slice(0, CUT));
      if (route === 'dropped' && weights) {
        response.writeHead(200, { 'content-length': String(gpt2Weights.byteLength) });
        // once the first part is flushed, close the socket as a dropped connection would
        return void response.write(gpt2Weights.slice(0, CUT), () =>
          setTimeout(() => response.destroy(), 20),
        );
      }
      const content = goldenFile(faulty.has(route) ? 'gpt2' : route, file);
      if (content === undefined) return void response.writeHead(404).end();
      response.end(content);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('loads the golden GPT-2 with the same tensors as from files, tokenizer.json 404 or not', async () => {
    const fromUrl = await loadCheckpointFromUrl(`${base}/gpt2`);
    expect(fromUrl.source).toBe(`${base}/gpt2/`);
    expect(fromUrl.tokenizer).toBeUndefined();
    expect(fromUrl.generation).toEqual({ bos_token_id: 98, eos_token_id: 98, pad_token_id: 98 });
    const fromFiles = await loadCheckpointFromFiles(goldenFiles('gpt2'));
    expect(fromUrl.config).toEqual(fromFiles.config);
    expect(summary(fromUrl)).toEqual(summary(fromFiles));
  });

  it('reports the bytes of every file received, ending at the sum of their sizes', async () => {
    const calls: [number, number | undefined][] = [];
    await loadCheckpointFromUrl(`${base}/gpt2/`, {
      onProgress: (loaded, total) => calls.push([loaded, total]),
    });
    const sizes = FILES.map((file) => goldenFile('gpt2', file)!.byteLength);
    const sum = sizes.reduce((a, b) => a + b, 0);
    expect(sum).toBe(758 + 125352 + 135);
    expect(calls.at(-1)).toEqual([sum, sum]);
    const loaded = calls.map(([bytes]) => bytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b)); // never goes back
  });

  it('names the file, status and URL of a failed required download', async () => {
    const error = await rejection(loadCheckpointFromUrl(`${base}/no-weights/`));
    expect(error.message).toBe(
      `model.safetensors: HTTP 404 Not Found from ${base}/no-weights/model.safetensors`,
    );
  });

  it('fails on an optional file whose server errs with anything but 404', async () => {
    const error = await rejection(loadCheckpointFromUrl(`${base}/broken-tokenizer/`));
    expect(error.message).toBe(
      `tokenizer.json: HTTP 500 Internal Server Error from ${base}/broken-tokenizer/tokenizer.json`,
    );
  });

  it('gives the truncation error for a truncated model.safetensors', async () => {
    const error = await rejection(loadCheckpointFromUrl(`${base}/truncated/`));
    expect(error.message).toBe(
      "model.safetensors: tensor 'transformer.h.0.attn.c_attn.weight' ends at byte 12672 of the " +
        'data section, but the file holds only 5000 bytes of data (truncated file?)',
    );
  });

  it('names the file and URL when the connection drops mid-download', async () => {
    const error = await rejection(loadCheckpointFromUrl(`${base}/dropped/`));
    expect(error.file).toBe('model.safetensors');
    expect(error.message).toMatch(
      new RegExp(
        `^model\\.safetensors: download from ${base}/dropped/model\\.safetensors ` +
          `broke off after ${CUT} of ${gpt2Weights.byteLength} bytes \\(.+\\)$`,
      ),
    );
  });
});
