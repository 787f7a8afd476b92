/**
 * F16 and BF16 ↔ float32: known bit patterns, round to nearest even (ties included), overflow,
 * subnormals, and exhaustive round trips over every non-NaN bit pattern.
 */
import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './float16';

const half = (...words: number[]): number[] => [...float16ToFloat32(Uint16Array.from(words))];
const bfloat = (...words: number[]): number[] => [...bfloat16ToFloat32(Uint16Array.from(words))];

/** The float32 whose IEEE bits are `bits`. */
function fromBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

/** Every 16-bit pattern except NaNs (exponent all ones, mantissa non-zero). */
function nonNanPatterns(isNan: (bits: number) => boolean): Uint16Array {
  const out: number[] = [];
  for (let bits = 0; bits < 65536; bits++) if (!isNan(bits)) out.push(bits);
  return Uint16Array.from(out);
}

describe('float16ToFloat32', () => {
  it('decodes normal numbers, the largest finite value and signed zero', () => {
    const [one, minusTwo, max, minusZero, smallestNormal] = half(
      0x3c00,
      0xc000,
      0x7bff,
      0x8000,
      0x0400,
    );
    expect(one).toBe(1);
    expect(minusTwo).toBe(-2);
    expect(max).toBe(65504);
    expect(minusZero).toBe(-0); // toBe uses Object.is: +0 would fail
    expect(smallestNormal).toBe(2 ** -14);
  });

  it('decodes subnormals exactly', () => {
    expect(half(0x0001, 0x03ff, 0x8001)).toEqual([2 ** -24, 1023 * 2 ** -24, -(2 ** -24)]);
  });

  it('decodes infinities and NaN', () => {
    const [inf, minusInf, nan, otherNan] = half(0x7c00, 0xfc00, 0x7e00, 0xfc01);
    expect(inf).toBe(Infinity);
    expect(minusInf).toBe(-Infinity);
    expect(nan).toBeNaN();
    expect(otherNan).toBeNaN();
  });
});

describe('bfloat16ToFloat32', () => {
  it('decodes the top half of a float32', () => {
    expect(bfloat(0x3f80, 0x4049, 0xc000, 0x0001)).toEqual([1, 3.140625, -2, 2 ** -133]);
    const [inf, minusZero, nan] = bfloat(0x7f80, 0x8000, 0x7fc0);
    expect(inf).toBe(Infinity);
    expect(minusZero).toBe(-0);
    expect(nan).toBeNaN();
  });
});

describe('float32ToFloat16Bits', () => {
  it('encodes exactly representable values to their bit patterns', () => {
    const values = [1, -2, 65504, 0.5, 2 ** -14, 2 ** -24, 1023 * 2 ** -24, Infinity, -Infinity];
    expect(values.map(float32ToFloat16Bits)).toEqual([
      0x3c00, 0xc000, 0x7bff, 0x3800, 0x0400, 0x0001, 0x03ff, 0x7c00, 0xfc00,
    ]);
    expect(float32ToFloat16Bits(0)).toBe(0x0000);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(float32ToFloat16Bits(NaN)).toBe(0x7e00);
  });

  it('rounds to nearest, ties to even, in the normal range', () => {
    const ulp = 2 ** -10; // spacing of F16 values in [1, 2)
    expect(float32ToFloat16Bits(1 + ulp / 2)).toBe(0x3c00); // tie: 0x3c00 is even
    expect(float32ToFloat16Bits(1 + (3 * ulp) / 2)).toBe(0x3c02); // tie: 0x3c02 is even
    expect(float32ToFloat16Bits(1 + ulp / 2 + 2 ** -23)).toBe(0x3c01); // just above the tie
    expect(float32ToFloat16Bits(1 + ulp / 2 - 2 ** -23)).toBe(0x3c00); // just below the tie
    expect(float32ToFloat16Bits(2 - ulp / 4)).toBe(0x4000); // rounding carries into the exponent
    expect(float32ToFloat16Bits(Math.fround(0.1))).toBe(0x2e66);
  });

  it('overflows to Infinity past 65504 + half an ulp', () => {
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff); // below the 65520 midpoint
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // tie, and 0x7bff is odd: rounds up
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-1e6)).toBe(0xfc00);
    expect(float32ToFloat16Bits(3.4e38)).toBe(0x7c00);
  });

  it('rounds into and out of the subnormal range, ties to even', () => {
    const tiny = 2 ** -24; // smallest F16 subnormal
    expect(float32ToFloat16Bits(tiny / 2)).toBe(0x0000); // tie between 0 and 1: 0
    expect(float32ToFloat16Bits((3 * tiny) / 2)).toBe(0x0002); // tie between 1 and 2: 2
    expect(float32ToFloat16Bits(tiny / 2 + 2 ** -40)).toBe(0x0001);
    expect(float32ToFloat16Bits(tiny / 4)).toBe(0x0000);
    expect(float32ToFloat16Bits(-tiny / 4)).toBe(0x8000);
    expect(float32ToFloat16Bits(2 ** -149)).toBe(0x0000); // float32's smallest subnormal
    expect(float32ToFloat16Bits(-3 * tiny)).toBe(0x8003);
    expect(float32ToFloat16Bits(1023.5 * tiny)).toBe(0x0400); // tie, 1023 odd: the smallest normal
  });

  it('round-trips every one of the 63490 non-NaN F16 bit patterns exactly', () => {
    const patterns = nonNanPatterns((bits) => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0);
    expect(patterns.length).toBe(65536 - 2 * 1023);
    const decoded = float16ToFloat32(patterns);
    const mismatches: string[] = [];
    patterns.forEach((bits, i) => {
      const back = float32ToFloat16Bits(decoded[i]!);
      if (back !== bits) mismatches.push(`0x${bits.toString(16)} → 0x${back.toString(16)}`);
    });
    expect(mismatches).toEqual([]);
  });
});

describe('float32ToBfloat16Bits', () => {
  it('rounds to nearest, ties to even', () => {
    expect(float32ToBfloat16Bits(1)).toBe(0x3f80);
    expect(float32ToBfloat16Bits(Math.PI)).toBe(0x4049); // 0x40490fdb: rounds down
    expect(float32ToBfloat16Bits(Math.fround(0.1))).toBe(0x3dcd); // 0x3dcccccd: rounds up
    expect(float32ToBfloat16Bits(fromBits(0x3f808000))).toBe(0x3f80); // tie, 0x3f80 even
    expect(float32ToBfloat16Bits(fromBits(0x3f818000))).toBe(0x3f82); // tie, 0x3f81 odd
    expect(float32ToBfloat16Bits(fromBits(0x3f808001))).toBe(0x3f81); // above the tie
  });

  it('overflows to Infinity and keeps NaN a NaN', () => {
    expect(float32ToBfloat16Bits(fromBits(0x7f7fffff))).toBe(0x7f80); // float32 max rounds up
    expect(float32ToBfloat16Bits(-Infinity)).toBe(0xff80);
    expect(float32ToBfloat16Bits(-0)).toBe(0x8000);
    expect(bfloat(float32ToBfloat16Bits(NaN))[0]).toBeNaN();
  });

  it('round-trips every one of the 65282 non-NaN BF16 bit patterns exactly', () => {
    const patterns = nonNanPatterns((bits) => (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0);
    expect(patterns.length).toBe(65536 - 2 * 127);
    const decoded = bfloat16ToFloat32(patterns);
    const mismatches = [...patterns].filter(
      (bits, i) => float32ToBfloat16Bits(decoded[i]!) !== bits,
    );
    expect(mismatches).toEqual([]);
  });
});
