/**
 * Head roles read off attention probabilities (plain arrays): how much of each head's
 * attention goes a fixed distance back. A previous-token head puts its weight on i−1; an
 * induction head, on a sequence repeated with period P, attends from i to i−P+1, the token
 * that followed the previous occurrence of the current one.
 */
import type { DenseArray } from '../models/types';

/**
 * Mean over batch rows and over queries i ≥ `firstQuery` (that are real, when `mask` is given)
 * of the probability query i gives key i − `distance`, per head. probs: [B, nh, T, T]
 */
export function offsetAttention(
  probs: DenseArray,
  distance: number,
  firstQuery: number,
  mask?: readonly (readonly number[])[],
): number[] {
  const [batch, heads, queries, keys] = probs.shape as [number, number, number, number];
  const scores: number[] = [];
  for (let h = 0; h < heads; h++) {
    let sum = 0;
    let count = 0;
    for (let b = 0; b < batch; b++) {
      for (let i = Math.max(firstQuery, distance); i < queries; i++) {
        if (mask && !(mask[b]?.[i] && mask[b]?.[i - distance])) continue;
        sum += probs.data[((b * heads + h) * queries + i) * keys + i - distance]!;
        count++;
      }
    }
    scores.push(count > 0 ? sum / count : 0);
  }
  return scores;
}

export interface HeadScore {
  readonly layer: number;
  readonly head: number;
  readonly score: number;
}

/** The best head over all layers for a per-layer scoring. */
export function bestHead(
  layers: readonly DenseArray[],
  score: (probs: DenseArray) => number[],
): HeadScore {
  let best: HeadScore = { layer: 0, head: 0, score: -Infinity };
  layers.forEach((probs, layer) =>
    score(probs).forEach((value, head) => {
      if (value > best.score) best = { layer, head, score: value };
    }),
  );
  return best;
}

/** Previous-token score of every head: mean attention from i to i − 1. */
export const previousTokenScores = (probs: DenseArray, mask?: readonly (readonly number[])[]) =>
  offsetAttention(probs, 1, 1, mask);

/**
 * Induction score on a sequence whose tokens from `start` repeat with period P: mean attention
 * from each query in the second copy to the token after its previous occurrence (i − P + 1).
 */
export const inductionScores = (probs: DenseArray, period: number, start = 0) =>
  offsetAttention(probs, period - 1, start + period);
