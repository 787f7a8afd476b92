/**
 * T5's relative position buckets and the per-head bias they select.
 *
 * The bucket of a large distance is a truncated float32 logarithm. At some distances (16, 32,
 * 64 with T5's defaults) the exact value is an integer, so whether float32 rounding lands just
 * below or on it decides the bucket. We emulate HF's float32 arithmetic step by step
 * (`Math.fround` after every operation) to pick the bucket HF picks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { embed } from './ops';

const f32 = Math.fround;

export interface BucketSpec {
  readonly bidirectional: boolean;
  readonly numBuckets: number;
  readonly maxDistance: number;
}

/** HF `T5Attention._relative_position_bucket` for one relative position (key − query). */
export function relativePositionBucket(relative: number, spec: BucketSpec): number {
  let buckets = spec.numBuckets;
  let bucket = 0;
  let distance: number;
  if (spec.bidirectional) {
    buckets = Math.floor(buckets / 2);
    if (relative > 0) bucket += buckets;
    distance = Math.abs(relative);
  } else {
    distance = -Math.min(relative, 0);
  }
  const maxExact = Math.floor(buckets / 2);
  if (distance < maxExact) return bucket + distance;
  const logRatio = f32(Math.log(f32(distance / maxExact)));
  const logRange = f32(Math.log(spec.maxDistance / maxExact)); // a Python float, cast to float32
  const scaled = f32(f32(logRatio / logRange) * (buckets - maxExact));
  return bucket + Math.min(maxExact + Math.trunc(scaled), buckets - 1);
}

/** Buckets [Tq × Tk] for queries at positions offset … offset+Tq−1 and keys at 0 … Tk−1. */
export function bucketMatrix(
  queryLength: number,
  keyLength: number,
  queryOffset: number,
  spec: BucketSpec,
): Int32Array {
  const out = new Int32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j < keyLength; j++) {
      out[i * keyLength + j] = relativePositionBucket(j - (queryOffset + i), spec);
    }
  }
  return out;
}

/** The position bias (1, nh, Tq, Tk) from `relative_attention_bias.weight` [buckets, nh]. */
export function positionBias(
  table: tf.Tensor2D,
  queryLength: number,
  keyLength: number,
  queryOffset: number,
  spec: BucketSpec,
): tf.Tensor4D {
  const heads = table.shape[1];
  return tf.tidy(() => {
    const buckets = tf.tensor1d(bucketMatrix(queryLength, keyLength, queryOffset, spec), 'int32');
    const values = embed(table, buckets); // (Tq·Tk, nh)
    const perHead = tf.transpose(tf.reshape(values, [queryLength, keyLength, heads]), [2, 0, 1]);
    return tf.expandDims(perHead, 0) as tf.Tensor4D; // (1, nh, Tq, Tk)
  });
}
