/**
 * A checkpoint in Hugging Face layout — `config.json`, `model.safetensors`, optionally
 * `tokenizer.json` and `generation_config.json` — read from a URL (a folder on a server, the
 * Hub's `resolve/main/`) or from files in memory (a folder the user picked). Both paths end in
 * the same parsing, so the models we ship and a user's checkpoint go through one loader.
 */
import { parseConfig, type ModelConfig } from './config';
import { LoadError } from './errors';
import { parseSafetensors, type SafetensorsFile } from './safetensors';

export interface GenerationDefaults {
  readonly bos_token_id?: number;
  readonly eos_token_id?: number | readonly number[];
  readonly pad_token_id?: number;
  readonly decoder_start_token_id?: number;
}

export interface Checkpoint {
  /** Where it came from (a URL or "local files"), for messages. */
  readonly source: string;
  readonly config: ModelConfig;
  /** config.json as written, for display and export. */
  readonly rawConfig: Readonly<Record<string, unknown>>;
  readonly weights: SafetensorsFile;
  /** tokenizer.json, parsed, when present. */
  readonly tokenizer?: unknown;
  readonly generation?: GenerationDefaults;
}

export const CHECKPOINT_FILES = {
  config: 'config.json',
  weights: 'model.safetensors',
  tokenizer: 'tokenizer.json',
  generation: 'generation_config.json',
} as const;

/** Reads one file of the checkpoint; resolves `undefined` when an optional file is absent. */
export type FileSource = (name: string, optional: boolean) => Promise<Uint8Array | undefined>;

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LoadError(`not valid JSON (${(error as Error).message})`, file);
  }
}

function parseGeneration(json: unknown): GenerationDefaults {
  if (typeof json !== 'object' || json === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of ['bos_token_id', 'eos_token_id', 'pad_token_id', 'decoder_start_token_id']) {
    const value = (json as Record<string, unknown>)[key];
    if (
      typeof value === 'number' ||
      (Array.isArray(value) && value.every((v) => typeof v === 'number'))
    ) {
      out[key] = value;
    }
  }
  return out as GenerationDefaults;
}

export async function readCheckpoint(source: string, read: FileSource): Promise<Checkpoint> {
  const [configBytes, weightBytes, tokenizerBytes, generationBytes] = await Promise.all([
    read(CHECKPOINT_FILES.config, false),
    read(CHECKPOINT_FILES.weights, false),
    read(CHECKPOINT_FILES.tokenizer, true),
    read(CHECKPOINT_FILES.generation, true),
  ]);
  const rawConfig = parseJson(configBytes!, CHECKPOINT_FILES.config);
  const config = parseConfig(rawConfig, CHECKPOINT_FILES.config);
  const weights = parseSafetensors(weightBytes!, CHECKPOINT_FILES.weights);
  const checkpoint: Checkpoint = {
    source,
    config,
    rawConfig: rawConfig as Record<string, unknown>,
    weights,
    ...(tokenizerBytes && { tokenizer: parseJson(tokenizerBytes, CHECKPOINT_FILES.tokenizer) }),
    ...(generationBytes && {
      generation: parseGeneration(parseJson(generationBytes, CHECKPOINT_FILES.generation)),
    }),
  };
  return checkpoint;
}

export interface FetchOptions {
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** Bytes received so far across the files, and the total where servers say it. */
  readonly onProgress?: (loaded: number, total: number | undefined) => void;
}

async function readBody(response: Response, onChunk: (bytes: number) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    onChunk(value.byteLength);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Loads from a folder URL (with or without a trailing slash). */
export function loadCheckpointFromUrl(
  baseUrl: string,
  options: FetchOptions = {},
): Promise<Checkpoint> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  let loaded = 0;
  let total: number | undefined = 0;
  const read: FileSource = async (name, optional) => {
    const url = new URL(name, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
    let response: Response;
    try {
      response = await fetchFn(url, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      if (optional) return undefined;
      throw new LoadError(`could not be fetched from ${url} (${(error as Error).message})`, name);
    }
    if (!response.ok) {
      if (optional && response.status === 404) return undefined;
      throw new LoadError(
        `HTTP ${response.status} ${response.statusText} from ${url}`.trim(),
        name,
      );
    }
    const length = Number(response.headers.get('content-length'));
    total = total !== undefined && length > 0 ? total + length : undefined;
    let received = 0;
    try {
      return await readBody(response, (bytes) => {
        received += bytes;
        loaded += bytes;
        options.onProgress?.(loaded, total);
      });
    } catch (error) {
      // A connection dropped mid-body rejects with fetch's bare `TypeError: terminated`.
      const of = length > 0 ? ` of ${length}` : '';
      throw new LoadError(
        `download from ${url} broke off after ${received}${of} bytes (${(error as Error).message})`,
        name,
      );
    }
  };
  return readCheckpoint(base, read);
}

/**
 * Loads from files in memory, by file name (a folder picked in the browser, or read from disk
 * in Node). Paths are matched on their last component.
 */
export function loadCheckpointFromFiles(
  files: ReadonlyMap<string, Blob | ArrayBuffer | Uint8Array>,
  source = 'local files',
): Promise<Checkpoint> {
  const byName = new Map<string, Blob | ArrayBuffer | Uint8Array>();
  for (const [path, content] of files) byName.set(path.split(/[\\/]/).pop() ?? path, content);
  const read: FileSource = async (name, optional) => {
    const content = byName.get(name);
    if (content === undefined) {
      if (optional) return undefined;
      throw new LoadError(
        `is missing: a checkpoint folder needs ${CHECKPOINT_FILES.config} and ${CHECKPOINT_FILES.weights}`,
        name,
      );
    }
    if (content instanceof Uint8Array) return content;
    if (content instanceof ArrayBuffer) return new Uint8Array(content);
    return new Uint8Array(await content.arrayBuffer());
  };
  return readCheckpoint(source, read);
}
