/**
 * Keys and values of earlier positions, per layer, so that a decoding step only computes the
 * new token. The cache owns its tensors: `append` keeps the grown tensors (it is called inside
 * `tf.tidy`) and disposes the ones they replace.
 */
import * as tf from '@tensorflow/tfjs-core';

interface Entry {
  k: tf.Tensor4D; // (B, nkv, T, hs)
  v: tf.Tensor4D; // (B, nkv, T, hs)
}

export class KVCache {
  private readonly entries: (Entry | undefined)[];

  constructor(readonly layers: number) {
    this.entries = new Array<Entry | undefined>(layers).fill(undefined);
  }

  /** Number of cached positions (0 before the first step). */
  get length(): number {
    return this.entries[0]?.k.shape[2] ?? 0;
  }

  /** Number of rows (B) the cache holds (0 before the first step). */
  get batch(): number {
    return this.entries[0]?.k.shape[0] ?? 0;
  }

  /** Appends this step's keys and values along T and returns the whole history. */
  append(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): Entry {
    const previous = this.entries[layer];
    const next: Entry = previous
      ? { k: tf.concat([previous.k, k], 2), v: tf.concat([previous.v, v], 2) }
      : { k: k.clone(), v: v.clone() };
    tf.keep(next.k);
    tf.keep(next.v);
    previous?.k.dispose();
    previous?.v.dispose();
    this.entries[layer] = next;
    return next;
  }

  /** Keys and values computed once and reused (T5's cross-attention over the encoder). */
  get(layer: number): Entry | undefined {
    return this.entries[layer];
  }

  set(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): void {
    this.entries[layer]?.k.dispose();
    this.entries[layer]?.v.dispose();
    this.entries[layer] = { k: tf.keep(k), v: tf.keep(v) };
  }

  dispose(): void {
    for (const entry of this.entries) {
      entry?.k.dispose();
      entry?.v.dispose();
    }
    this.entries.fill(undefined);
  }
}
