/**
 * Token-level cross-entropy, averaged over the positions that have a label (−1: ignored, as
 * padding, unmasked MLM positions and prompts are).
 */
import * as tf from '@tensorflow/tfjs-core';

export const IGNORE = -1;

/** logits (B, T, V); labels: B·T ids row-major, IGNORE where there is nothing to predict. */
export function crossEntropy(logits: tf.Tensor, labels: readonly number[]): tf.Scalar {
  const vocab = logits.shape[logits.shape.length - 1]!;
  const flat = tf.reshape(logits, [-1, vocab]); // (N, V)
  const weights = tf.tensor1d(
    labels.map((l) => (l === IGNORE ? 0 : 1)),
    'float32',
  ); // (N)
  const targets = tf.oneHot(
    tf.tensor1d(
      labels.map((l) => (l === IGNORE ? 0 : l)),
      'int32',
    ),
    vocab,
  ); // (N, V)
  const nll = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(flat)), -1)); // (N)
  return tf.div(tf.sum(tf.mul(nll, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
}
