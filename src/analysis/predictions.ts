/**
 * What the model predicts at each position, read off its logits: the `k` most likely tokens
 * with their probabilities (softmax over the vocabulary). For BERT's MLM head that is the token
 * belonging at the position (a [MASK]'s fill); for GPT-2, LLaMA and T5's decoder, the next token.
 */
import type { DenseArray } from '../models/types';

export interface Prediction {
  readonly id: number;
  /** Softmax probability over the vocabulary. */
  readonly p: number;
}

/** The top `k` of each position of batch row `row` of logits [B, T, V], most likely first. */
export function topPredictions(logits: DenseArray, k: number, row = 0): Prediction[][] {
  const [, length, vocab] = logits.shape as [number, number, number];
  const out: Prediction[][] = [];
  for (let t = 0; t < length; t++) {
    const start = (row * length + t) * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) max = Math.max(max, logits.data[start + v]!);
    let total = 0;
    // The k best ids so far, kept sorted by logit (k is small: insertion is cheaper than a sort).
    const best: number[] = [];
    for (let v = 0; v < vocab; v++) {
      const logit = logits.data[start + v]!;
      total += Math.exp(logit - max);
      if (best.length === k && logit <= logits.data[start + best[k - 1]!]!) continue;
      let at = best.length === k ? k - 1 : best.length;
      while (at > 0 && logits.data[start + best[at - 1]!]! < logit) at--;
      best.splice(at, 0, v);
      if (best.length > k) best.pop();
    }
    out.push(best.map((id) => ({ id, p: Math.exp(logits.data[start + id]! - max) / total })));
  }
  return out;
}
