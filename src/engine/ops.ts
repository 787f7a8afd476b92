/**
 * The small set of tensor operations the four architectures are built from. Shapes use one
 * alphabet: B batch, T tokens, C channels (hidden size), nh heads, hs head size.
 */
import * as tf from '@tensorflow/tfjs-core';

/** nn.Linear: `weight` is [out, in] (HF layout), y = x·Wᵀ + b. x: (..., in) → (..., out). */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inFeatures = weight.shape[1]!;
  const outFeatures = weight.shape[0]!;
  const flat = tf.reshape(x, [-1, inFeatures]); // (B·T, in)
  let y = tf.matMul(flat, weight, false, true); // (B·T, out)
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]);
}

/** GPT-2's Conv1D: `weight` is [in, out], y = x·W + b. */
export function conv1d(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [inFeatures, outFeatures] = weight.shape as [number, number];
  const flat = tf.reshape(x, [-1, inFeatures]); // (B·T, in)
  let y = tf.matMul(flat, weight); // (B·T, out)
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]);
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

/** Embedding lookup: rows of `table` [V, C] for integer `ids` (B, T) → (B, T, C). */
export function embed(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  return tf.gather(table, ids);
}

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
