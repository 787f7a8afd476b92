/**
 * One attention matrix (queries × keys) cut from a layer's [B, nh, Tq, Tk] probabilities, and
 * the per-head aggregates the views offer: the mean and the max over heads.
 */
import type { DenseArray } from '../models/types';

/** Row-major [rows, cols]: row i is query i, column j is key j. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export const matrixAt = (m: Matrix, row: number, col: number): number =>
  m.data[row * m.cols + col]!;

/** The rows as nested arrays (for the window API and tests). */
export const toRows = (m: Matrix): number[][] =>
  Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );

function dims(probs: DenseArray): [number, number, number, number] {
  if (probs.shape.length !== 4)
    throw new Error(`attention must be [B, nh, Tq, Tk], got [${probs.shape.join(', ')}]`);
  return probs.shape as [number, number, number, number];
}

/** Head `head` of batch row `batch`: [Tq, Tk]. */
export function headMatrix(probs: DenseArray, batch: number, head: number): Matrix {
  const [b, nh, tq, tk] = dims(probs);
  if (batch < 0 || batch >= b || head < 0 || head >= nh)
    throw new RangeError(`no head ${head} of batch row ${batch} in [${probs.shape.join(', ')}]`);
  const start = (batch * nh + head) * tq * tk;
  return { rows: tq, cols: tk, data: probs.data.slice(start, start + tq * tk) };
}

function reduceHeads(
  probs: DenseArray,
  batch: number,
  combine: (acc: number, value: number) => number,
  finish: (acc: number, heads: number) => number,
): Matrix {
  const [, nh, tq, tk] = dims(probs);
  const first = headMatrix(probs, batch, 0).data;
  for (let h = 1; h < nh; h++) {
    const start = (batch * nh + h) * tq * tk;
    for (let k = 0; k < tq * tk; k++) first[k] = combine(first[k]!, probs.data[start + k]!);
  }
  for (let k = 0; k < tq * tk; k++) first[k] = finish(first[k]!, nh);
  return { rows: tq, cols: tk, data: first };
}

/** The mean over heads: still a distribution per row. */
export const headMean = (probs: DenseArray, batch: number): Matrix =>
  reduceHeads(
    probs,
    batch,
    (a, v) => a + v,
    (a, n) => a / n,
  );

/** The max over heads: where any head looks (rows no longer sum to 1). */
export const headMax = (probs: DenseArray, batch: number): Matrix =>
  reduceHeads(probs, batch, Math.max, (a) => a);
