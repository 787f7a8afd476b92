/**
 * A model's weights as tensors, under their Hugging Face names. Tied weights are one tensor
 * under several names; `dispose` frees each tensor once.
 */
import * as tf from '@tensorflow/tfjs-core';

export class WeightSet {
  private readonly tensors = new Map<string, tf.Tensor>();

  /** Uploads a float32 array as a tensor of `shape` under `key`. */
  add(key: string, data: Float32Array, shape: readonly number[]): void {
    this.tensors.get(key)?.dispose();
    this.tensors.set(key, tf.tensor(data, shape.slice(), 'float32'));
  }

  /** Makes `alias` name the same tensor as `key` (tied weights). */
  alias(alias: string, key: string): void {
    this.tensors.set(alias, this.get(key));
  }

  has(key: string): boolean {
    return this.tensors.has(key);
  }

  get(key: string): tf.Tensor {
    const tensor = this.tensors.get(key);
    if (tensor === undefined) throw new Error(`weight '${key}' is not loaded`);
    return tensor;
  }

  get2d(key: string): tf.Tensor2D {
    return this.get(key) as tf.Tensor2D;
  }

  keys(): string[] {
    return [...this.tensors.keys()];
  }

  private unique(): Set<tf.Tensor> {
    return new Set(this.tensors.values());
  }

  /** Parameters counted once per distinct tensor (tied weights once). */
  get numParameters(): number {
    let total = 0;
    for (const t of this.unique()) total += t.size;
    return total;
  }

  dispose(): void {
    for (const t of this.unique()) t.dispose();
    this.tensors.clear();
  }
}
