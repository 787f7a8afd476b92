/**
 * Rotary embeddings in HF's `rotate_half` convention, checked against the formula written out
 * by hand: pairs are (x[i], x[i + hs/2]), not neighbours.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyRotary, inverseFrequencies, rotaryTables } from './rotary';

describe('inverseFrequencies', () => {
  it('is 1/θ^(2i/hs) in float32: hs 8, θ 10000 → 1, 0.1, 0.01, 0.001', () => {
    const inv = inverseFrequencies({ headDim: 8, theta: 10000 });
    expect(inv).toBeInstanceOf(Float32Array);
    expect([...inv]).toEqual([1, 0.1, 0.01, 0.001].map(Math.fround));
  });

  it('has hs/2 entries, falling with i', () => {
    const inv = inverseFrequencies({ headDim: 16, theta: 500000 });
    expect(inv).toHaveLength(8);
    expect(inv[0]).toBe(1);
    // 2·4/16 = 1/2; as in PyTorch, θ^(1/2) is a float32 before the reciprocal is taken
    expect(inv[4]).toBe(Math.fround(1 / Math.fround(Math.sqrt(500000))));
    expect(inv[4]).not.toBe(Math.fround(1 / Math.sqrt(500000)));
  });
});

describe('rotaryTables', () => {
  it('repeats each angle in both halves: cos/sin (B, 1, T, hs) of position·inv_freq', async () => {
    // hs 4, θ 100: inv_freq = [1, 0.1]
    const { cos, sin } = rotaryTables([[0, 3]], { headDim: 4, theta: 100 });
    expect(cos.shape).toEqual([1, 1, 2, 4]);
    const c = [1, 1, 1, 1, Math.cos(3), Math.cos(0.3), Math.cos(3), Math.cos(0.3)];
    const s = [0, 0, 0, 0, Math.sin(3), Math.sin(0.3), Math.sin(3), Math.sin(0.3)];
    const [cosData, sinData] = [await cos.data(), await sin.data()];
    c.forEach((value, i) => expect(cosData[i]).toBeCloseTo(value, 6));
    s.forEach((value, i) => expect(sinData[i]).toBeCloseTo(value, 6));
    tf.dispose([cos, sin]);
  });

  it('takes positions per row (left padding gives rows different positions)', async () => {
    const { cos, sin } = rotaryTables([[0], [2]], { headDim: 2, theta: 10000 }); // inv_freq [1]
    expect([...(await cos.data())]).toEqual([1, 1, Math.cos(2), Math.cos(2)].map(Math.fround));
    expect([...(await sin.data())]).toEqual([0, 0, Math.sin(2), Math.sin(2)].map(Math.fround));
    tf.dispose([cos, sin]);
  });

  it('with linear scaling factor 2 makes position 4 exactly position 2 unscaled', async () => {
    const spec = { headDim: 8, theta: 10000 };
    const scaled = rotaryTables([[4]], { ...spec, scalingFactor: 2 });
    const plain = rotaryTables([[2]], spec);
    const unscaled = rotaryTables([[4]], spec);
    expect(await scaled.cos.data()).toEqual(await plain.cos.data());
    expect(await scaled.sin.data()).toEqual(await plain.sin.data());
    expect(await scaled.sin.data()).not.toEqual(await unscaled.sin.data());
    tf.dispose([scaled.cos, scaled.sin, plain.cos, plain.sin, unscaled.cos, unscaled.sin]);
  });
});

describe('applyRotary', () => {
  // x (B 1, nh 2, T 2, hs 4) at positions 1 and 2, θ 100 (inv_freq [1, 0.1])
  const x = [
    [1, 2, 3, 4],
    [-0.5, 0.25, 2, -1],
    [0.3, -0.7, 1.1, 0.9],
    [5, 0, -2, 1],
  ];
  const positions = [1, 2];
  const inv = [1, 0.1];

  /** x·cos + rotate_half(x)·sin with rotate_half([a, b, c, d]) = [−c, −d, a, b]. */
  function byHand(row: readonly number[], position: number): number[] {
    const [a, b, c, d] = row as [number, number, number, number];
    const rotated = [-c, -d, a, b];
    return row.map((value, i) => {
      const angle = position * inv[i % 2]!;
      return value * Math.cos(angle) + rotated[i]! * Math.sin(angle);
    });
  }

  async function rotate(): Promise<Float32Array> {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const { cos, sin } = rotaryTables([positions], { headDim: 4, theta: 100 });
      return applyRotary(tf.tensor4d(x.flat(), [1, 2, 2, 4]), cos, sin);
    });
    expect(out.shape).toEqual([1, 2, 2, 4]);
    const data = (await out.data()) as Float32Array;
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    return data;
  }

  it('equals x·cos + rotate_half(x)·sin computed by hand (halves, not interleaved)', async () => {
    const data = await rotate();
    const expected = x.flatMap((row, r) => byHand(row, positions[r % 2]!));
    expected.forEach((value, i) => expect(data[i]).toBeCloseTo(value, 6));
    // first element of the first row: 1·cos 1 − 3·sin 1 (an interleaved pairing would use −2)
    expect(data[0]).toBeCloseTo(Math.cos(1) - 3 * Math.sin(1), 6);
  });

  it('preserves the norm of each pair (x[i], x[i + hs/2])', async () => {
    const data = await rotate();
    x.forEach((row, r) => {
      for (const i of [0, 1]) {
        const inNorm = Math.hypot(row[i]!, row[i + 2]!);
        const outNorm = Math.hypot(data[r * 4 + i]!, data[r * 4 + i + 2]!);
        expect(Math.abs(outNorm - inNorm)).toBeLessThan(1e-6);
      }
    });
  });

  it('is the identity at position 0', async () => {
    const out = tf.tidy(() => {
      const { cos, sin } = rotaryTables([[0]], { headDim: 4, theta: 100 });
      return applyRotary(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]), cos, sin);
    });
    expect([...(await out.data())]).toEqual([1, 2, 3, 4]);
    out.dispose();
  });
});
