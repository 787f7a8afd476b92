/**
 * Masks as exact 0/1 matrices, and the additive bias HF uses (float32's lowest finite value).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildMask, MASKED, maskBias, type AttentionMask } from './masks';

/** The mask as [B][Tq][Tk] nested arrays, for readable expectations. */
function matrices(mask: AttentionMask): number[][][] {
  const [batch, tq, tk] = mask.shape;
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: tq }, (_, i) => [
      ...mask.data.subarray((b * tq + i) * tk, (b * tq + i + 1) * tk),
    ]),
  );
}

describe('buildMask', () => {
  it('causal: lower triangle, diagonal included', () => {
    const mask = buildMask({ batch: 1, queryLength: 4, keyLength: 4, causal: true });
    expect(mask.shape).toEqual([1, 4, 4]);
    expect(mask.data).toBeInstanceOf(Uint8Array);
    expect(matrices(mask)).toEqual([
      [
        [1, 0, 0, 0],
        [1, 1, 0, 0],
        [1, 1, 1, 0],
        [1, 1, 1, 1],
      ],
    ]);
  });

  it('bidirectional: every key, except padding, in every row', () => {
    const mask = buildMask({
      batch: 2,
      queryLength: 3,
      keyLength: 3,
      keyPadding: [
        [1, 1, 1],
        [1, 1, 0],
      ],
      causal: false,
    });
    expect(matrices(mask)).toEqual([
      [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
      // a padded query row still sees the real keys (HF computes it; it is not meaningful)
      [
        [1, 1, 0],
        [1, 1, 0],
        [1, 1, 0],
      ],
    ]);
  });

  it('causal with left padding: padded keys masked, a padded query sees nothing', () => {
    const mask = buildMask({
      batch: 2,
      queryLength: 4,
      keyLength: 4,
      keyPadding: [
        [1, 1, 1, 1],
        [0, 0, 1, 1],
      ],
      causal: true,
    });
    expect(matrices(mask)[1]).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 1, 1],
    ]);
    expect(matrices(mask)[0]![3]).toEqual([1, 1, 1, 1]);
  });

  it('causal with a cache: queries default to the last Tq positions (offset Tk − Tq)', () => {
    const one = buildMask({ batch: 1, queryLength: 1, keyLength: 5, causal: true });
    expect(matrices(one)).toEqual([[[1, 1, 1, 1, 1]]]);
    const two = buildMask({
      batch: 1,
      queryLength: 2,
      keyLength: 5,
      keyPadding: [[0, 1, 1, 1, 1]],
      causal: true,
    });
    expect(matrices(two)).toEqual([
      [
        [0, 1, 1, 1, 0],
        [0, 1, 1, 1, 1],
      ],
    ]);
  });

  it('causal with an explicit queryOffset', () => {
    const mask = buildMask({
      batch: 1,
      queryLength: 2,
      keyLength: 5,
      causal: true,
      queryOffset: 1,
    });
    expect(matrices(mask)).toEqual([
      [
        [1, 1, 0, 0, 0],
        [1, 1, 1, 0, 0],
      ],
    ]);
  });

  it('cross-shaped (Tq ≠ Tk) bidirectional: padding of the source only', () => {
    const mask = buildMask({
      batch: 1,
      queryLength: 2,
      keyLength: 4,
      keyPadding: [[1, 1, 1, 0]],
      causal: false,
    });
    expect(matrices(mask)).toEqual([
      [
        [1, 1, 1, 0],
        [1, 1, 1, 0],
      ],
    ]);
  });
});

describe('maskBias', () => {
  it('is float32 lowest where masked, 0 elsewhere, shaped (B, 1, Tq, Tk)', async () => {
    expect(MASKED).toBe(-3.4028234663852886e38);
    expect(Math.fround(MASKED)).toBe(MASKED); // representable: survives the float32 upload
    expect(Number.isFinite(MASKED)).toBe(true);
    const before = tf.memory().numTensors;
    const mask = buildMask({
      batch: 2,
      queryLength: 2,
      keyLength: 2,
      keyPadding: [
        [1, 1],
        [0, 1],
      ],
      causal: true,
    });
    const bias = maskBias(mask);
    expect(bias.shape).toEqual([2, 1, 2, 2]);
    expect([...(await bias.data())]).toEqual([0, MASKED, 0, 0, MASKED, MASKED, MASKED, 0]);
    bias.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes exp() of a masked score exactly 0 in softmax', async () => {
    const probs = tf.tidy(() =>
      tf.softmax(tf.add(tf.tensor2d([[5, 9, -3]]), tf.tensor2d([[0, MASKED, 0]]))),
    );
    const data = await probs.data();
    probs.dispose();
    expect(data[1]).toBe(0);
    expect(data[0]! + data[2]!).toBeCloseTo(1, 6);
  });
});
