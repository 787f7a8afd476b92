/**
 * Rotary position embeddings in Hugging Face's `rotate_half` convention: a head's first half
 * and second half form the rotated pairs (not interleaved neighbours).
 *
 * The cos/sin tables are computed in JavaScript, emulating float32 step by step the way HF
 * builds them in PyTorch (inv_freq = 1 / θ^(2i/d) in float32, angle = t · inv_freq in float32),
 * so that our angles are HF's to the last bit.
 */
import * as tf from '@tensorflow/tfjs-core';

const f32 = Math.fround;

export interface RotarySpec {
  readonly headDim: number;
  readonly theta: number;
  /** Linear position interpolation: positions are divided by this factor. */
  readonly scalingFactor?: number;
}

export function inverseFrequencies({ headDim, theta }: RotarySpec): Float32Array {
  const half = headDim / 2;
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) out[i] = f32(1 / f32(Math.pow(theta, f32((2 * i) / headDim))));
  return out;
}

/** cos and sin tables (B, 1, T, hs) for explicit position ids [B][T]. */
export function rotaryTables(
  positions: readonly (readonly number[])[],
  spec: RotarySpec,
): { cos: tf.Tensor4D; sin: tf.Tensor4D } {
  const inv = inverseFrequencies(spec);
  const { headDim } = spec;
  const half = headDim / 2;
  const batch = positions.length;
  const length = positions[0]?.length ?? 0;
  const cos = new Float32Array(batch * length * headDim);
  const sin = new Float32Array(batch * length * headDim);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < length; t++) {
      let position = f32(positions[b]![t]!);
      if (spec.scalingFactor !== undefined) position = f32(position / spec.scalingFactor);
      const row = (b * length + t) * headDim;
      for (let i = 0; i < half; i++) {
        const angle = f32(position * inv[i]!);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        cos[row + i] = c;
        cos[row + half + i] = c;
        sin[row + i] = s;
        sin[row + half + i] = s;
      }
    }
  }
  return {
    cos: tf.tensor4d(cos, [batch, 1, length, headDim]),
    sin: tf.tensor4d(sin, [batch, 1, length, headDim]),
  };
}

/** x·cos + rotate_half(x)·sin, with rotate_half(x) = [−x₂, x₁]. x: (B, nh, T, hs) */
export function applyRotary(x: tf.Tensor4D, cos: tf.Tensor4D, sin: tf.Tensor4D): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [first, second] = tf.split(x, [half, half], 3); // each (B, nh, T, hs/2)
  const rotated = tf.concat([tf.neg(second!), first!], 3); // (B, nh, T, hs)
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin));
}
