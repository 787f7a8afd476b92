/**
 * Reading predictions off logits (plain arrays, row-major).
 */
import type { DenseArray } from '../models/types';

/** The highest-scoring token at each position of batch row `row` of logits [B, T, V]. */
export function argmaxPerPosition(logits: DenseArray, row = 0): number[] {
  const [, length, vocab] = logits.shape as [number, number, number];
  const out: number[] = [];
  for (let t = 0; t < length; t++) {
    const start = (row * length + t) * vocab;
    let best = 0;
    for (let v = 1; v < vocab; v++)
      if (logits.data[start + v]! > logits.data[start + best]!) best = v;
    out.push(best);
  }
  return out;
}
