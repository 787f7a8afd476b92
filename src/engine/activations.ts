/**
 * The feed-forward activations of Hugging Face's ACT2FN that our architectures use, by their
 * HF names. `gelu` is the exact (erf) form; `gelu_new`, `gelu_pytorch_tanh` and `gelu_fast` are
 * the tanh approximation.
 */
import * as tf from '@tensorflow/tfjs-core';

export type Activation = (x: tf.Tensor) => tf.Tensor;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function geluErf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
}

// x³ as products: pow() on WebGL goes through exp2(log2) and loses precision.
function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.mul(x, x)))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

const silu: Activation = (x) => tf.mul(x, tf.sigmoid(x));

const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  relu: (x) => tf.relu(x),
  gelu: geluErf,
  gelu_new: geluTanh,
  gelu_pytorch_tanh: geluTanh,
  gelu_fast: geluTanh,
  quick_gelu: (x) => tf.mul(x, tf.sigmoid(tf.mul(1.702, x))),
  silu,
  swish: silu,
  tanh: (x) => tf.tanh(x),
};

export const ACTIVATION_NAMES: readonly string[] = Object.keys(ACTIVATIONS);

export function activationByName(name: string): Activation {
  const fn = ACTIVATIONS[name];
  if (fn === undefined) {
    throw new Error(
      `activation '${name}' is not supported (supported: ${ACTIVATION_NAMES.join(', ')})`,
    );
  }
  return fn;
}
