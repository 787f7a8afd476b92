/**
 * Writes float32 weights as a safetensors file, in F32, F16 or BF16, the way Hugging Face's
 * `save_file` lays it out: tensors sorted by name, contiguous, header space-padded to 8 bytes.
 */
import { float32ToBfloat16Bits, float32ToFloat16Bits } from './float16';

export type WritableDtype = 'F32' | 'F16' | 'BF16';

export interface WritableTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

function encode(data: Float32Array, dtype: WritableDtype): Uint8Array {
  if (dtype === 'F32')
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const toBits = dtype === 'F16' ? float32ToFloat16Bits : float32ToBfloat16Bits;
  const words = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) words[i] = toBits(data[i]!);
  return new Uint8Array(words.buffer);
}

export function encodeSafetensors(
  tensors: readonly WritableTensor[],
  dtype: WritableDtype = 'F32',
  metadata: Readonly<Record<string, string>> = { format: 'pt' },
): Uint8Array {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const blobs = sorted.map((t) => {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (elements !== t.data.length) {
      throw new Error(
        `tensor '${t.name}': shape [${t.shape.join(', ')}] does not hold ${t.data.length} values`,
      );
    }
    return encode(t.data, dtype);
  });
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  sorted.forEach((t, i) => {
    const size = blobs[i]!.byteLength;
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  });
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).byteLength % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.byteLength;
  for (const blob of blobs) {
    out.set(blob, position);
    position += blob.byteLength;
  }
  return out;
}
