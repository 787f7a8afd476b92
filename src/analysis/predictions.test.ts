import { describe, expect, it } from 'vitest';
import { topPredictions } from './predictions';

const logits = (rows: number[][]) => ({
  shape: [1, rows.length, rows[0]!.length],
  data: Float32Array.from(rows.flat()),
});

describe('topPredictions', () => {
  it('gives the k most likely tokens of each position with their softmax probabilities', () => {
    // softmax([0, ln 2, ln 4, −∞-ish]) = [1/7, 2/7, 4/7, ~0]
    const top = topPredictions(logits([[0, Math.log(2), Math.log(4), -100]]), 2);
    expect(top).toHaveLength(1);
    expect(top[0]!.map((p) => p.id)).toEqual([2, 1]);
    expect(top[0]![0]!.p).toBeCloseTo(4 / 7, 6);
    expect(top[0]![1]!.p).toBeCloseTo(2 / 7, 6);
  });

  it('orders every position separately, keeps the first of equal logits, and survives large logits', () => {
    const top = topPredictions(
      logits([
        [5, 1, 5, 3],
        [1000, 1001, 999, 0],
      ]),
      3,
    );
    expect(top[0]!.map((p) => p.id)).toEqual([0, 2, 3]);
    expect(top[1]!.map((p) => p.id)).toEqual([1, 0, 2]);
    const e = [Math.exp(0), Math.exp(-1), Math.exp(-2)];
    const sum = e[0]! + e[1]! + e[2]! + Math.exp(-1001);
    expect(top[1]!.map((p) => p.p)).toEqual(e.map((v) => expect.closeTo(v / sum, 6)));
  });

  it('reads the batch row it is asked for', () => {
    const batch = { shape: [2, 1, 3], data: Float32Array.of(0, 9, 0, 9, 0, 0) };
    expect(topPredictions(batch, 1, 0)[0]![0]!.id).toBe(1);
    expect(topPredictions(batch, 1, 1)[0]![0]!.id).toBe(0);
  });
});
