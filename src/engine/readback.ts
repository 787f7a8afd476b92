/**
 * Reading results back to JavaScript in one transfer: every tensor is flattened into a single
 * buffer, downloaded with one `await data()` (on WebGL each read costs a GPU fence), and
 * handed back as views in the caller's order. Takes ownership: the inputs are disposed.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface DenseArray {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export async function readAll(tensors: readonly tf.Tensor[]): Promise<DenseArray[]> {
  if (tensors.length === 0) return [];
  const joined = tf.tidy(() =>
    tf.concat(tensors.map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]))),
  );
  const shapes = tensors.map((t) => t.shape.slice());
  tensors.forEach((t) => t.dispose());
  let flat: Float32Array;
  try {
    flat = (await joined.data()) as Float32Array;
  } finally {
    joined.dispose();
  }
  let offset = 0;
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const view = flat.subarray(offset, offset + size);
    offset += size;
    return { data: view, shape };
  });
}
