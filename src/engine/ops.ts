/**
 * The small set of tensor operations the four architectures are built from. Shapes use one
 * alphabet: B batch, T tokens, C channels (hidden size), nh heads, hs head size.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WeightSet } from './weights';

/**
 * a·b for 2-D a (N, K) and b (K, M), with a gradient that transposes explicitly:
 * tfjs's own matMul gradient multiplies by transposed operands (transposeA/B), which
 * tfjs-wasm runs 9–12× slower than plain products, and which made training 5× slower.
 */
const matMul2d = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [left, right] = saved as [tf.Tensor2D, tf.Tensor2D];
      const grad = dy as tf.Tensor2D;
      return [tf.matMul(grad, tf.transpose(right)), tf.matMul(tf.transpose(left), grad)];
    },
  };
}) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * A dense layer y = x·W + b with W in kernel layout [in, out]: GPT-2's Conv1D as stored, and
 * nn.Linear weights ([out, in] in the file) transposed once at load. (tfjs-wasm multiplies by
 * a transposed matrix 9–12× slower than by a plain one, so no per-call transpose here.)
 * x: (..., in) → (..., out)
 */
export function linear(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [inFeatures, outFeatures] = kernel.shape as [number, number];
  const flat = tf.reshape(x, [-1, inFeatures]); // (B·T, in)
  let y = matMul2d(flat as tf.Tensor2D, kernel as tf.Tensor2D); // (B·T, out)
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]);
}

const useTransposedTable = () => tf.getBackend() === 'wasm';

/** Makes the copy `tiedLogits` will use now, at load, rather than in the first forward pass. */
export function prepareTiedLogits(weights: WeightSet, tableKey: string): void {
  if (useTransposedTable()) weights.transposed(tableKey);
}

/**
 * Logits from an LM head tied to the token embeddings `table` [V, C] (also used for lookups):
 * x·tableᵀ. On wasm through a transposed copy made once (the transposed product is ~9× slower
 * there); WebGL and cpu multiply by the transpose at no cost. x: (..., C) → (..., V)
 */
export function tiedLogits(x: tf.Tensor, weights: WeightSet, tableKey: string): tf.Tensor {
  if (useTransposedTable()) return linear(x, weights.transposed(tableKey));
  const table = weights.get(tableKey);
  const [vocab, width] = table.shape as [number, number];
  const y = tf.matMul(tf.reshape(x, [-1, width]), table, false, true); // (B·T, V)
  return tf.reshape(y, [...x.shape.slice(0, -1), vocab]);
}

/** LayerNorm over the last axis with the biased variance, as torch.nn.LayerNorm. */
export function layerNorm(
  x: tf.Tensor,
  weight: tf.Tensor,
  bias: tf.Tensor,
  eps: number,
): tf.Tensor {
  const mean = tf.mean(x, -1, true); // (B, T, 1)
  const centred = tf.sub(x, mean); // (B, T, C)
  const variance = tf.mean(tf.square(centred), -1, true); // (B, T, 1)
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), weight), bias);
}

/** RMS norm (LLaMA's RMSNorm and T5's layer norm): no mean, no bias. */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  const meanSquare = tf.mean(tf.square(x), -1, true); // (B, T, 1)
  return tf.mul(weight, tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))));
}

export type EmbeddingLookup = 'gather' | 'onehot';
let lookup: EmbeddingLookup = 'gather';

/**
 * How `embed` reads rows: `gather` (inference), or a one-hot matrix product, which training
 * on wasm needs (tfjs-wasm has no gradient for gather) and which is also 5× faster to
 * differentiate on cpu.
 */
export function setEmbeddingLookup(mode: EmbeddingLookup): void {
  lookup = mode;
}

/** Embedding lookup: rows of `table` [V, C] for integer `ids` of any shape → (…ids, C). */
export function embed(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  if (lookup === 'gather') return tf.gather(table, ids);
  const [vocab, width] = table.shape as [number, number];
  const rows = selectRows(
    tf.oneHot(tf.reshape(ids, [-1]), vocab) as tf.Tensor2D,
    table as tf.Tensor2D,
  ); // (N, C)
  return tf.reshape(rows, [...ids.shape, width]);
}

/** Rows `positions` (flat indices b·T + t) of x (B, T, C) → (1, M, C), differentiable. */
export function takePositions(x: tf.Tensor, positions: readonly number[]): tf.Tensor3D {
  const [batch, length, width] = x.shape as [number, number, number];
  const selection = tf.oneHot(
    tf.tensor1d(positions as number[], 'int32'),
    batch * length,
  ) as tf.Tensor2D; // (M, B·T)
  const rows = selectRows(selection, tf.reshape(x, [batch * length, width]) as tf.Tensor2D); // (M, C)
  return tf.expandDims(rows, 0) as tf.Tensor3D;
}

/**
 * selection (N, V) of one-hot rows · table (V, C): rows of the table, differentiable on every
 * backend. Only the table gets a gradient (selectionᵀ·dy): the selection is data, and its
 * gradient would cost a product as large as the forward one.
 */
export const selectRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [selection, table, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([selection]);
  return {
    value: tf.matMul(selection, table),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [kept] = saved as [tf.Tensor2D];
      return [tf.zerosLike(kept), tf.matMul(tf.transpose(kept), dy as tf.Tensor2D)];
    },
  };
}) as unknown as (selection: tf.Tensor2D, table: tf.Tensor2D) => tf.Tensor2D;

/** (B, T, nh·hs) → (B, nh, T, hs) */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batch, length, width] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batch, length, heads, width / heads]), [0, 2, 1, 3]);
}

/** (B, nh, T, hs) → (B, T, nh·hs) */
export function mergeHeads(x: tf.Tensor): tf.Tensor3D {
  const [batch, heads, length, size] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, length, heads * size]);
}
