/**
 * IEEE 754 half precision (F16) and bfloat16 (BF16) ↔ float32, bit-exact.
 * Decoding is a 64 K-entry table built once; encoding rounds to nearest, ties to even.
 */

let halfTable: Float32Array | undefined;

function decodeHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero or subnormal
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function table(): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = decodeHalfBits(h);
  }
  return halfTable;
}

/** Little-endian F16 words → float32. */
export function float16ToFloat32(words: Uint16Array): Float32Array {
  const lut = table();
  const out = new Float32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = lut[words[i]!]!;
  return out;
}

/** Little-endian BF16 words → float32 (a bfloat16 is the top half of a float32). */
export function bfloat16ToFloat32(words: Uint16Array): Float32Array {
  const bits = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) bits[i] = words[i]! << 16;
  return new Float32Array(bits.buffer);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** float32 → F16 bits, round to nearest even; overflow gives ±Infinity. */
export function float32ToFloat16Bits(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf or NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // underflows to zero
    mantissa |= 0x800000; // make the implicit bit explicit for the subnormal shift
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let sub = mantissa >>> shift;
    if (rest > half || (rest === half && sub & 1)) sub += 1;
    return sign | sub;
  }
  const rest = mantissa & 0x1fff;
  let bits = (e << 10) | (mantissa >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits += 1; // may carry into the exponent: correct
  return sign | bits;
}

/** float32 → BF16 bits, round to nearest even. */
export function float32ToBfloat16Bits(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return (x >>> 16) | 0x40; // keep NaN a NaN
  const rounded = x + 0x7fff + ((x >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}
