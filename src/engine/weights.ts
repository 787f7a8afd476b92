/**
 * A model's weights as tensors, under their Hugging Face names. Tied weights are one tensor
 * under several names; `dispose` frees each tensor once.
 */
import * as tf from '@tensorflow/tfjs-core';

export class WeightSet {
  private readonly tensors = new Map<string, tf.Tensor>();
  private readonly transposes = new Map<string, tf.Tensor>();
  private trainable = false;

  /**
   * Turns every distinct weight into a `tf.Variable` (tied names keep sharing one), for
   * training with the models' own code; returns them by their first name.
   */
  makeTrainable(): Map<string, tf.Variable> {
    const variables = new Map<string, tf.Variable>();
    const replaced = new Map<tf.Tensor, tf.Variable>();
    for (const [key, tensor] of this.tensors) {
      let variable = replaced.get(tensor);
      if (variable === undefined) {
        variable = tf.variable(tensor, true);
        replaced.set(tensor, variable);
        variables.set(key, variable);
        tensor.dispose();
      }
      this.tensors.set(key, variable);
    }
    for (const t of this.transposes.values()) t.dispose();
    this.transposes.clear();
    this.trainable = true;
    return variables;
  }

  /**
   * Uploads a float32 array as a tensor of `shape` under `key`; `transpose` stores a 2-D
   * [rows, cols] array as [cols, rows] (nn.Linear [out, in] → kernel layout [in, out]).
   */
  add(key: string, data: Float32Array, shape: readonly number[], transpose = false): void {
    this.tensors.get(key)?.dispose();
    if (!transpose) {
      this.tensors.set(key, tf.tensor(data, shape.slice(), 'float32'));
      return;
    }
    const [rows, cols] = shape as [number, number];
    const out = new Float32Array(data.length);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
    this.tensors.set(key, tf.tensor(out, [cols, rows], 'float32'));
  }

  /**
   * The transpose of a 2-D weight, made once and kept with the set; while training, made
   * afresh each call so that gradients flow back to the weight.
   */
  transposed(key: string): tf.Tensor {
    if (this.trainable) return tf.transpose(this.get(key));
    let t = this.transposes.get(key);
    if (t === undefined) {
      t = tf.keep(tf.transpose(this.get(key)));
      this.transposes.set(key, t);
    }
    return t;
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

  /** The model's own tensors (not the derived transposes). */
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
    for (const t of this.transposes.values()) t.dispose();
    this.tensors.clear();
    this.transposes.clear();
  }
}
