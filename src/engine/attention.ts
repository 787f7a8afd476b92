/**
 * Attention itself, shared by every architecture: scores, bias (mask and position), softmax,
 * and the weighted sum of values. It returns the probabilities (and on request the
 * pre-softmax scores) so the caller can show them.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AttentionResult {
  /** (B, nh, Tq, hs) */
  readonly context: tf.Tensor4D;
  /** (B, nh, Tq, Tk), rows sum to 1 */
  readonly probs: tf.Tensor4D;
  /** (B, nh, Tq, Tk) scaled scores plus bias, before softmax */
  readonly scores: tf.Tensor4D;
}

/**
 * q (B, nh, Tq, hs), k and v (B, nh, Tk, hs); `bias` broadcasts to (B, nh, Tq, Tk).
 * `divisor` is what HF divides the raw scores by (√hs; 1 for T5, which folds it into its init).
 * `headMask` (1, nh, 1, 1) multiplies each head's probabilities, as HF's `head_mask` does.
 */
export function attend(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  bias: tf.Tensor,
  divisor: number,
  headMask?: tf.Tensor,
): AttentionResult {
  let raw = tf.matMul(q, k, false, true); // (B, nh, Tq, Tk)
  if (divisor !== 1) raw = tf.div(raw, divisor);
  const scores = tf.add(raw, bias) as tf.Tensor4D; // (B, nh, Tq, Tk)
  const softmax = tf.softmax(scores) as tf.Tensor4D; // (B, nh, Tq, Tk)
  const probs = headMask ? (tf.mul(softmax, headMask) as tf.Tensor4D) : softmax;
  const context = tf.matMul(probs, v) as tf.Tensor4D; // (B, nh, Tq, hs)
  return { context, probs, scores };
}

/**
 * Grouped-query attention: repeat each of the nkv key/value heads for the nh / nkv
 * consecutive query heads it serves. (B, nkv, T, hs) → (B, nh, T, hs)
 */
export function repeatKvHeads(x: tf.Tensor4D, queryHeads: number): tf.Tensor4D {
  const kvHeads = x.shape[1];
  if (kvHeads === queryHeads) return x;
  const [batch, , length, size] = x.shape;
  // A broadcast product rather than a gather: it has a gradient on every backend.
  const repeated = tf.mul(tf.expandDims(x, 2), tf.ones([1, 1, queryHeads / kvHeads, 1, 1])); // (B, nkv, g, T, hs)
  return tf.reshape(repeated, [batch, queryHeads, length, size]);
}
