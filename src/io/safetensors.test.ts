/**
 * parseSafetensors on the golden GPT-2 file, writer → reader round trips, and one test per
 * malformed file, each with the message a user would see.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoadError } from './errors';
import { parseSafetensors } from './safetensors';
import { encodeSafetensors } from './safetensorsWriter';

const GPT2 = new Uint8Array(
  readFileSync(new URL('../../test/fixtures/golden/gpt2/model.safetensors', import.meta.url)),
);

/** A safetensors file from a header (object or raw JSON text) and a data section, unpadded. */
function buildFile(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

/** The message of the LoadError `run` throws. */
function loadError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LoadError);
    return (error as LoadError).message;
  }
  throw new Error('expected a LoadError, but nothing was thrown');
}

describe('parseSafetensors on the golden GPT-2 checkpoint', () => {
  const file = parseSafetensors(GPT2);

  it('lists every tensor with its header entry', () => {
    expect(file.fileName).toBe('model.safetensors');
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors.size).toBe(28);
    expect(file.tensors.get('transformer.wte.weight')).toEqual({
      name: 'transformer.wte.weight',
      dtype: 'F32',
      shape: [99, 32],
      begin: 110080,
      end: 122752,
    });
  });

  it('decodes values equal to the raw little-endian floats at the documented offsets', () => {
    const view = new DataView(GPT2.buffer, GPT2.byteOffset, GPT2.byteLength);
    const headerLength = Number(view.getBigUint64(0, true));
    expect(headerLength).toBe(2592);
    const start = 8 + headerLength + 110080; // offsets count from the end of the header
    const raw = Array.from({ length: 99 * 32 }, (_, i) => view.getFloat32(start + 4 * i, true));
    const wte = file.read('transformer.wte.weight');
    expect(wte.length).toBe(3168);
    expect(wte[0]).toBe(-0.0375235415995121);
    expect(wte[1]).toBe(0.10456284135580063);
    expect(wte[3167]).toBe(0.07262089103460312);
    expect([...wte]).toEqual(raw);
  });
});

describe('encodeSafetensors → parseSafetensors', () => {
  const values = Float32Array.from([1, -2, 0.5, 65504, 2 ** -24, -0, 0.1, 3]);
  const tensors = [
    { name: 'b.weight', shape: [2, 3], data: values.subarray(0, 6) },
    { name: 'a.bias', shape: [2], data: values.subarray(6, 8) },
    { name: 'scalar', shape: [], data: Float32Array.from([7]) },
  ];
  const metadata = { format: 'pt', note: 'round trip' };

  it.each([
    ['F32', [1, -2, 0.5, 65504, 2 ** -24, -0, Math.fround(0.1), 3]],
    ['F16', [1, -2, 0.5, 65504, 2 ** -24, -0, 0.0999755859375, 3]],
    ['BF16', [1, -2, 0.5, 65536, 2 ** -24, -0, 0.10009765625, 3]], // 65504 rounds to 2^16
  ] as const)('%s keeps names, shapes, metadata and values', (dtype, expected) => {
    const bytes = encodeSafetensors(tensors, dtype, metadata);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual(metadata);
    const width = dtype === 'F32' ? 4 : 2;
    // sorted by name, contiguous
    expect([...file.tensors.values()].map((t) => [t.name, t.dtype, t.shape, t.begin])).toEqual([
      ['a.bias', dtype, [2], 0],
      ['b.weight', dtype, [2, 3], 2 * width],
      ['scalar', dtype, [], 8 * width],
    ]);
    expect([...file.read('b.weight'), ...file.read('a.bias')]).toEqual(expected);
    expect([...file.read('scalar')]).toEqual([7]);
  });

  it('refuses data that does not fill the shape', () => {
    expect(() =>
      encodeSafetensors([{ name: 'w', shape: [2, 2], data: new Float32Array(3) }]),
    ).toThrow("tensor 'w': shape [2, 2] does not hold 3 values");
  });
});

describe('parseSafetensors on unaligned data', () => {
  it('decodes F32, F16 and F64 when the data section starts at an odd offset', () => {
    const data = new Uint8Array(4 + 2 + 8);
    const view = new DataView(data.buffer);
    view.setFloat32(0, 1.5, true);
    view.setUint16(4, 0xc000, true); // F16 −2
    view.setFloat64(6, 0.1, true);
    const header = {
      a: f32([1], 0, 4),
      h: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
      d: { dtype: 'F64', shape: [1], data_offsets: [6, 14] },
    };
    let text = JSON.stringify(header);
    if (text.length % 2 === 0) text += ' ';
    expect((8 + text.length) % 4).not.toBe(0);
    const file = parseSafetensors(buildFile(text, data));
    expect([...file.read('a'), ...file.read('h'), ...file.read('d')]).toEqual([
      1.5,
      -2,
      Math.fround(0.1),
    ]);
  });

  it('reads a Uint8Array view that starts at an odd byte offset of its buffer', () => {
    const padded = new Uint8Array(GPT2.byteLength + 3);
    padded.set(GPT2, 3);
    const file = parseSafetensors(padded.subarray(3));
    expect([...file.read('transformer.ln_f.weight')]).toEqual([
      ...parseSafetensors(GPT2).read('transformer.ln_f.weight'),
    ]);
  });

  it('reads a Node Buffer inside a larger pool (whose slice is a view, not a copy)', () => {
    const pool = Buffer.alloc(GPT2.byteLength + 16);
    pool.set(GPT2, 16);
    const file = parseSafetensors(pool.subarray(16));
    expect([...file.read('transformer.ln_f.weight')]).toEqual([
      ...parseSafetensors(GPT2).read('transformer.ln_f.weight'),
    ]);
  });
});

describe('parseSafetensors refuses malformed files', () => {
  it('a file shorter than the 8-byte length field', () => {
    expect(loadError(() => parseSafetensors(new Uint8Array(5), 'w.safetensors'))).toBe(
      'w.safetensors: file is 5 bytes long; a safetensors file starts with an 8-byte header length',
    );
  });

  it('a download cut inside the header', () => {
    expect(loadError(() => parseSafetensors(GPT2.slice(0, 1000)))).toBe(
      'model.safetensors: header claims 2592 bytes but only 992 bytes follow the length field ' +
        '(truncated download, or not a safetensors file)',
    );
  });

  it('a download cut inside the data, naming the first tensor that does not fit', () => {
    expect(loadError(() => parseSafetensors(GPT2.slice(0, 8 + 2592 + 110180)))).toBe(
      "model.safetensors: tensor 'transformer.wte.weight' ends at byte 122752 of the data " +
        'section, but the file holds only 110180 bytes of data (truncated file?)',
    );
  });

  it('a header that is not JSON, or not UTF-8', () => {
    expect(loadError(() => parseSafetensors(buildFile('{"w": ')))).toMatch(
      /^model\.safetensors: header is not valid JSON \(.+\)$/,
    );
    const latin1 = buildFile('{"w":1}');
    latin1[10] = 0xff;
    expect(loadError(() => parseSafetensors(latin1))).toMatch(/header is not valid JSON \(.+\)$/);
  });

  it.each(['[]', 'null', '42'])('a header that is %s, not an object', (json) => {
    expect(loadError(() => parseSafetensors(buildFile(json)))).toBe(
      'model.safetensors: header is not a JSON object of tensor entries',
    );
  });

  it('metadata that is not string to string', () => {
    expect(loadError(() => parseSafetensors(buildFile({ __metadata__: { step: 3 } })))).toBe(
      'model.safetensors: __metadata__.step is not a string',
    );
  });

  it('an unknown dtype', () => {
    const header = { w: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } };
    expect(loadError(() => parseSafetensors(buildFile(header, new Uint8Array(4))))).toBe(
      'model.safetensors: tensor \'w\' has unknown dtype "F33" (known: BOOL, U8, I8, F8_E4M3, ' +
        'F8_E5M2, I16, U16, F16, BF16, I32, U32, F32, I64, U64, F64)',
    );
  });

  it.each([
    [[2, -1], "tensor 'w' has an invalid shape [2,-1]"],
    [[1.5], "tensor 'w' has an invalid shape [1.5]"],
    ['4', 'tensor \'w\' has an invalid shape "4"'],
  ])('an invalid shape %j', (shape, message) => {
    const header = { w: { dtype: 'F32', shape, data_offsets: [0, 4] } };
    expect(loadError(() => parseSafetensors(buildFile(header, new Uint8Array(4))))).toBe(
      `model.safetensors: ${message}`,
    );
  });

  it.each([
    [[0], "tensor 'w' has invalid data_offsets [0]"],
    [[0, 4, 8], "tensor 'w' has invalid data_offsets [0,4,8]"],
    [[-4, 0], "tensor 'w' has invalid data_offsets [-4,0]"],
    [[8, 4], "tensor 'w' has data_offsets [8, 4] that end before they begin"],
  ])('data_offsets %j', (offsets, message) => {
    const header = { w: { dtype: 'F32', shape: [1], data_offsets: offsets } };
    expect(loadError(() => parseSafetensors(buildFile(header, new Uint8Array(8))))).toBe(
      `model.safetensors: ${message}`,
    );
  });

  it('a byte count that does not match shape × dtype', () => {
    const header = { w: { dtype: 'BF16', shape: [2, 3], data_offsets: [0, 24] } };
    expect(loadError(() => parseSafetensors(buildFile(header, new Uint8Array(24))))).toBe(
      "model.safetensors: tensor 'w' has 24 bytes of data, but BF16 [2, 3] needs 12",
    );
  });

  it('overlapping tensors, naming both', () => {
    const header = { b: f32([2], 4, 12), a: f32([2], 0, 8) };
    expect(loadError(() => parseSafetensors(buildFile(header, new Uint8Array(12))))).toBe(
      "model.safetensors: tensors 'a' (bytes 0–8) and 'b' (bytes 4–12) overlap",
    );
  });

  it('reading an integer tensor as weights, or a name that is not there', () => {
    const header = { ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } };
    const file = parseSafetensors(buildFile(header, new Uint8Array(16)));
    expect(file.tensors.get('ids')?.dtype).toBe('I64'); // listed: only decoding refuses it
    expect(loadError(() => file.read('ids'))).toBe(
      "model.safetensors: tensor 'ids' has dtype I64; weights must be F32, F16, BF16, F64",
    );
    expect(loadError(() => file.read('nope'))).toBe("model.safetensors: no tensor named 'nope'");
  });
});
