/**
 * Reader for the safetensors format (https://huggingface.co/docs/safetensors):
 * 8-byte little-endian header length N, N bytes of JSON, then raw little-endian data;
 * each tensor's `data_offsets` are relative to the end of the header.
 *
 * The header is validated up front so that a bad file fails with a specific message before any
 * weight is decoded; tensors are decoded to float32 on request, so unused buffers (GPT-2's
 * `attn.bias` masks in Hub checkpoints) cost nothing.
 */
import { LoadError } from './errors';
import { bfloat16ToFloat32, float16ToFloat32 } from './float16';

/** Every dtype the format defines, with its width in bytes. */
const DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
} as const;

export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** The dtypes we turn into float32 weights. */
export const DECODABLE_DTYPES: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16', 'F64'];

export interface TensorEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Byte range inside the data section (after the header). */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsFile {
  readonly fileName: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  /** Decodes one tensor to float32 (a copy, safe to keep after the file's bytes are dropped). */
  read(name: string): Float32Array;
}

const MAX_HEADER_BYTES = 100_000_000; // the reference implementation's own limit

function isDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_BYTES, value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function parseSafetensors(
  input: ArrayBuffer | Uint8Array,
  fileName = 'model.safetensors',
): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const fail = (message: string): never => {
    throw new LoadError(message, fileName);
  };
  if (bytes.byteLength < 8) {
    fail(
      `file is ${bytes.byteLength} bytes long; a safetensors file starts with an 8-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerBytes = high * 2 ** 32 + low;
  const available = bytes.byteLength - 8;
  if (headerBytes > available) {
    fail(
      `header claims ${headerBytes} bytes but only ${available} bytes follow the length field ` +
        `(truncated download, or not a safetensors file)`,
    );
  }
  if (headerBytes > MAX_HEADER_BYTES) fail(`header of ${headerBytes} bytes is implausibly large`);

  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)),
    );
  } catch (error) {
    fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('header is not a JSON object of tensor entries');
  }

  const dataStart = 8 + headerBytes;
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorEntry>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null) fail('__metadata__ is not an object');
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`__metadata__.${key} is not a string`);
        metadata[key] = value as string;
      }
      continue;
    }
    tensors.set(name, parseEntry(name, raw, dataLength, fail));
  }

  const sorted = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.begin < previous.end) {
      fail(
        `tensors '${previous.name}' (bytes ${previous.begin}–${previous.end}) and ` +
          `'${current.name}' (bytes ${current.begin}–${current.end}) overlap`,
      );
    }
  }

  const read = (name: string): Float32Array => {
    const entry = tensors.get(name);
    if (entry === undefined) return fail(`no tensor named '${name}'`);
    return decode(bytes, dataStart, entry, fail);
  };
  return { fileName, metadata, tensors, read };
}

function parseEntry(
  name: string,
  raw: unknown,
  dataLength: number,
  fail: (message: string) => never,
): TensorEntry {
  if (typeof raw !== 'object' || raw === null) return fail(`entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (!isDtype(dtype)) {
    return fail(
      `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)} ` +
        `(known: ${Object.keys(DTYPE_BYTES).join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    return fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin)
    return fail(`tensor '${name}' has data_offsets [${begin}, ${end}] that end before they begin`);
  if (end > dataLength) {
    return fail(
      `tensor '${name}' ends at byte ${end} of the data section, but the file holds only ` +
        `${dataLength} bytes of data (truncated file?)`,
    );
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expectedBytes = elements * DTYPE_BYTES[dtype];
  if (end - begin !== expectedBytes) {
    return fail(
      `tensor '${name}' has ${end - begin} bytes of data, but ${dtype} [${(shape as number[]).join(', ')}] ` +
        `needs ${expectedBytes}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function decode(
  bytes: Uint8Array,
  dataStart: number,
  entry: TensorEntry,
  fail: (message: string) => never,
): Float32Array {
  // Copy into a fresh, aligned buffer: the data section need not be 4-byte aligned. (Not
  // `bytes.slice`: on a Node Buffer that is a view, and its .buffer the whole pool.)
  const raw = new Uint8Array(bytes.subarray(dataStart + entry.begin, dataStart + entry.end)).buffer;
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(raw);
    case 'F16':
      return float16ToFloat32(new Uint16Array(raw));
    case 'BF16':
      return bfloat16ToFloat32(new Uint16Array(raw));
    case 'F64':
      return Float32Array.from(new Float64Array(raw));
    default:
      return fail(
        `tensor '${entry.name}' has dtype ${entry.dtype}; weights must be ${DECODABLE_DTYPES.join(', ')}`,
      );
  }
}
