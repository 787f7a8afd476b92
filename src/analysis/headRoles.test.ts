import { describe, expect, it } from 'vitest';
import { bestHead, inductionScores, offsetAttention, previousTokenScores } from './headRoles';

/** [1, nh, T, T] probabilities from per-head functions (query, key) → weight. */
function probsOf(T: number, heads: ((q: number, k: number) => number)[]) {
  const data = new Float32Array(heads.length * T * T);
  heads.forEach((f, h) => {
    for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) data[(h * T + q) * T + k] = f(q, k);
  });
  return { data, shape: [1, heads.length, T, T] };
}

describe('head roles', () => {
  // head 0 attends to the previous token, head 1 to itself, head 2 splits 0.5/0.5 on i−1 and i
  const probs = probsOf(5, [
    (q, k) => (q === 0 ? (k === 0 ? 1 : 0) : k === q - 1 ? 1 : 0),
    (q, k) => (k === q ? 1 : 0),
    (q, k) => (q === 0 ? (k === 0 ? 1 : 0) : k === q - 1 || k === q ? 0.5 : 0),
  ]);

  it('scores previous-token attention over queries 1 … T−1', () => {
    expect(previousTokenScores(probs)).toEqual([1, 0, 0.5]);
  });

  it('skips padded queries and keys when given a mask', () => {
    // with the last two positions padded, only queries 1 and 2 count
    expect(previousTokenScores(probs, [[1, 1, 1, 0, 0]])).toEqual([1, 0, 0.5]);
    const third = probsOf(4, [(q, k) => (q === 3 && k === 2 ? 1 : q === k ? 1 : 0)]);
    expect(previousTokenScores(third)).toEqual([1 / 3]);
    expect(previousTokenScores(third, [[1, 1, 1, 1]])).toEqual([1 / 3]);
    expect(previousTokenScores(third, [[1, 1, 1, 0]])).toEqual([0]);
  });

  it('scores induction on a repeated sequence: from i to i − P + 1 in the second copy', () => {
    // period 3 from position 1 (a prefix token at 0): queries 4, 5, 6 look at 2, 3, 4
    const T = 7;
    const induction = probsOf(T, [
      (q, k) => (q >= 4 && k === q - 2 ? 0.8 : q === k ? (q >= 4 ? 0.2 : 1) : 0),
    ]);
    expect(inductionScores(induction, 3, 1)[0]).toBeCloseTo(0.8, 6);
    expect(offsetAttention(induction, 2, 4)[0]).toBeCloseTo(0.8, 6);
  });

  it('finds the best head across layers', () => {
    const layers = [probs, probsOf(5, [(q, k) => (k === 0 ? 1 : 0)])];
    expect(bestHead(layers, previousTokenScores)).toEqual({ layer: 0, head: 0, score: 1 });
  });
});
