/**
 * T5 relative-position buckets against HF's `_relative_position_bucket`, worked out by hand:
 *
 *   bidirectional: n = buckets/2, +n when the key is after the query, d = |key − query|;
 *   unidirectional: d = max(query − key, 0);
 *   bucket = d                                              if d < n/2 (= maxExact)
 *          = min(maxExact + ⌊log(d/maxExact) / log(maxDistance/maxExact) · (n − maxExact)⌋, n − 1)
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  bucketMatrix,
  positionBias,
  relativePositionBucket,
  type BucketSpec,
} from './relativePosition';

const bucketsOf = (relatives: readonly number[], spec: BucketSpec) =>
  relatives.map((r) => relativePositionBucket(r, spec));

describe('relativePositionBucket, bidirectional, 32 buckets, max_distance 128 (T5 default)', () => {
  // n = 16, maxExact = 8: bucket = 8 + ⌊log(d/8)/log(16)·8⌋ = 8 + ⌊2·log2(d/8)⌋, at most 15.
  const spec: BucketSpec = { bidirectional: true, numBuckets: 32, maxDistance: 128 };

  it('gives distances below 8 their own bucket, keys after the query 16 higher', () => {
    expect(bucketsOf([0, -1, -2, -7], spec)).toEqual([0, 1, 2, 7]);
    expect(bucketsOf([1, 2, 7], spec)).toEqual([17, 18, 23]);
  });

  it('takes the log-spaced buckets from distance 8 on', () => {
    // d:      8  11 (2·log2 1.375 = 0.92)  12 (1.17)  15 (1.81)  22 (2.92)  23 (3.05)
    expect(bucketsOf([-8, -11, -12, -15, -22, -23], spec)).toEqual([8, 8, 9, 9, 10, 11]);
    // d:      45 (4.98)  46 (5.04)  63 (5.95)  90 (6.98)  91 (7.01)
    expect(bucketsOf([-45, -46, -63, -90, -91], spec)).toEqual([12, 13, 13, 14, 15]);
    expect(bucketsOf([8, 12, 23, 46, 91], spec)).toEqual([24, 25, 27, 29, 31]);
  });

  it('puts the exact-boundary distances 16, 32, 64 on the boundary, as float32 does', () => {
    // log(2)/log(16)·8 = 2, log(4)/log(16)·8 = 4, log(8)/log(16)·8 = 6 exactly in real numbers;
    // in float32 log(16/8) = 0.6931472 and log(16) = 2.7725887 = 4 × it, so the quotients are
    // exactly 0.25, 0.5 and 0.75 and the products exactly 2, 4, 6: nothing truncates one lower.
    expect(bucketsOf([-16, -32, -64], spec)).toEqual([10, 12, 14]);
    expect(bucketsOf([16, 32, 64], spec)).toEqual([26, 28, 30]);
  });

  it('clamps at the last bucket of each direction from distance 91 on, up to ±200', () => {
    expect(bucketsOf([-127, -128, -129, -150, -200], spec)).toEqual([15, 15, 15, 15, 15]);
    expect(bucketsOf([127, 128, 129, 150, 200], spec)).toEqual([31, 31, 31, 31, 31]);
  });

  it('never leaves 0 … 31 over −200 … 200 and is monotone in the distance per direction', () => {
    const past = bucketsOf(
      Array.from({ length: 201 }, (_, d) => -d),
      spec,
    );
    const future = bucketsOf(
      Array.from({ length: 200 }, (_, d) => d + 1),
      spec,
    );
    expect([Math.min(...past), Math.max(...past)]).toEqual([0, 15]);
    expect([Math.min(...future), Math.max(...future)]).toEqual([17, 31]);
    for (const list of [past, future]) {
      for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThanOrEqual(list[i - 1]!);
    }
  });
});

describe('relativePositionBucket, unidirectional (decoder self-attention)', () => {
  // n = 32, maxExact = 16: bucket = 16 + ⌊log(d/16)/log(8)·16⌋ = 16 + ⌊(16/3)·log2(d/16)⌋.
  const spec: BucketSpec = { bidirectional: false, numBuckets: 32, maxDistance: 128 };

  it('maps every key after the query (positive relative position) to bucket 0', () => {
    expect(bucketsOf([0, 1, 5, 16, 64, 200], spec)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('buckets past keys by distance with all 32 buckets', () => {
    // d = 27: (16/3)·log2(27/16) = 4.03; 31: 5.09; 32: 5.33; 64: 10.67; 127: 15.94
    expect(bucketsOf([-1, -15, -16, -27, -31, -32, -64, -127], spec)).toEqual([
      1, 15, 16, 20, 21, 21, 26, 31,
    ]);
    expect(bucketsOf([-128, -200], spec)).toEqual([31, 31]);
  });
});

describe('relativePositionBucket, 8 buckets and max_distance 20 (the golden T5 cases)', () => {
  it('bidirectional: n = 4, maxExact = 2, bucket 2 + ⌊2·log(d/2)/log(10)⌋', () => {
    const spec: BucketSpec = { bidirectional: true, numBuckets: 8, maxDistance: 20 };
    // d = 6: 2·log 3/log 10 = 0.95; d = 7: 2·log 3.5/log 10 = 1.09
    expect(bucketsOf([0, -1, -2, -3, -6, -7, -10, -20, -40], spec)).toEqual([
      0, 1, 2, 2, 2, 3, 3, 3, 3,
    ]);
    expect(bucketsOf([1, 2, 6, 7, 40], spec)).toEqual([5, 6, 6, 7, 7]);
  });

  it('unidirectional: n = 8, maxExact = 4, bucket 4 + ⌊4·log(d/4)/log 5⌋', () => {
    const spec: BucketSpec = { bidirectional: false, numBuckets: 8, maxDistance: 20 };
    // d = 5: 0.55; 6: 1.01; 8: 1.72; 9: 2.02; 13: 2.93; 14: 3.11
    expect(bucketsOf([3, 0, -3, -4, -5, -6, -8, -9, -13, -14, -20, -30], spec)).toEqual([
      0, 0, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7,
    ]);
  });

  it('bucketMatrix lays out key − (offset + query) row-major', () => {
    const spec: BucketSpec = { bidirectional: true, numBuckets: 8, maxDistance: 20 };
    // queries at 0, 1 over keys 0 … 2: relative positions [[0, 1, 2], [−1, 0, 1]]
    expect([...bucketMatrix(2, 3, 0, spec)]).toEqual([0, 5, 6, 1, 0, 5]);
    // one query at position 7 (a cached decoding step) over keys 0 … 7
    const decoder: BucketSpec = { bidirectional: false, numBuckets: 8, maxDistance: 20 };
    expect([...bucketMatrix(1, 8, 7, decoder)]).toEqual([5, 5, 4, 4, 3, 2, 1, 0]);
  });
});

describe('positionBias', () => {
  // table[bucket][head] = 10·bucket + head, so a value names its row.
  const table = () =>
    tf.tensor2d(
      Array.from({ length: 8 * 2 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2)),
      [8, 2],
    );

  it('gathers the bucket rows into (1, nh, Tq, Tk)', async () => {
    const spec: BucketSpec = { bidirectional: true, numBuckets: 8, maxDistance: 20 };
    const t = table();
    const bias = tf.tidy(() => positionBias(t, 2, 3, 0, spec));
    expect(bias.shape).toEqual([1, 2, 2, 3]);
    // buckets [[0, 5, 6], [1, 0, 5]]; head 0 then head 1
    expect([...(await bias.data())]).toEqual([0, 50, 60, 10, 0, 50, 1, 51, 61, 11, 1, 51]);
    tf.dispose([t, bias]);
  });

  it('offsets the queries when decoding with a cache', async () => {
    const spec: BucketSpec = { bidirectional: false, numBuckets: 8, maxDistance: 20 };
    const before = tf.memory().numTensors;
    const t = table();
    const bias = tf.tidy(() => positionBias(t, 1, 8, 7, spec));
    expect(bias.shape).toEqual([1, 2, 1, 8]);
    // buckets [5, 5, 4, 4, 3, 2, 1, 0]
    expect([...(await bias.data())]).toEqual([
      50, 50, 40, 40, 30, 20, 10, 0, 51, 51, 41, 41, 31, 21, 11, 1,
    ]);
    tf.dispose([t, bias]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
