/**
 * Attention rollout (Abnar & Zuidema, 2020): how much each token's final representation draws
 * on each input token, through every self-attention layer and its residual connection. Each
 * layer's head-mean attention A becomes ½A + ½I (the residual keeps half of the token itself),
 * rows renormalised, and the layers multiply: R = Â_L · … · Â_1. Self-attention only: a
 * cross-attention matrix is not square and has no residual path of its own.
 */
import type { Matrix } from './matrix';

function withResidual(a: Matrix): Matrix {
  if (a.rows !== a.cols)
    throw new Error(`rollout needs square self-attention, got ${a.rows}×${a.cols}`);
  const n = a.rows;
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const value = 0.5 * a.data[i * n + j]! + (i === j ? 0.5 : 0);
      out[i * n + j] = value;
      sum += value;
    }
    if (sum > 0) for (let j = 0; j < n; j++) out[i * n + j]! /= sum;
  }
  return { rows: n, cols: n, data: out };
}

/** `left · right`, both n×n. */
function multiply(left: Matrix, right: Matrix): Matrix {
  const n = left.rows;
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const l = left.data[i * n + k]!;
      if (l === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += l * right.data[k * n + j]!;
    }
  return { rows: n, cols: n, data: out };
}

/**
 * Rollout through `layers` (first layer first; each the head-mean attention of one layer),
 * up to and including layer `upTo` (default: the last).
 */
export function attentionRollout(layers: readonly Matrix[], upTo = layers.length - 1): Matrix {
  if (layers.length === 0) throw new Error('rollout needs at least one layer');
  let result = withResidual(layers[0]!);
  for (let l = 1; l <= upTo; l++) {
    const next = withResidual(layers[l]!);
    if (next.rows !== result.rows) throw new Error('rollout layers must have the same length');
    result = multiply(next, result);
  }
  return result;
}
