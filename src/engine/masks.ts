/**
 * Attention masks as plain data: which keys each query may attend to. They are built in
 * JavaScript (they depend only on lengths and padding), shown to the user as they are, and
 * turned into the additive bias the softmax sees by `maskBias`.
 */
import * as tf from '@tensorflow/tfjs-core';

/** 1 where query i may attend to key j, else 0; row-major [B, Tq, Tk]. */
export interface AttentionMask {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, number];
}

export interface MaskSpec {
  readonly batch: number;
  readonly queryLength: number;
  readonly keyLength: number;
  /** Per row, 1 for a real key and 0 for padding ([B][Tk]); omitted means no padding. */
  readonly keyPadding?: readonly (readonly number[])[];
  /** A query may not see keys after its own position. */
  readonly causal: boolean;
  /** Position of the first query among the keys (with a KV cache: Tk − Tq). */
  readonly queryOffset?: number;
}

export function buildMask(spec: MaskSpec): AttentionMask {
  const { batch, queryLength: tq, keyLength: tk, keyPadding, causal } = spec;
  const offset = spec.queryOffset ?? tk - tq;
  const data = new Uint8Array(batch * tq * tk);
  for (let b = 0; b < batch; b++) {
    const padding = keyPadding?.[b];
    for (let i = 0; i < tq; i++) {
      const row = (b * tq + i) * tk;
      const lastVisible = causal ? Math.min(tk - 1, offset + i) : tk - 1;
      for (let j = 0; j <= lastVisible; j++)
        data[row + j] = padding === undefined || padding[j] ? 1 : 0;
    }
  }
  return { data, shape: [batch, tq, tk] };
}

/**
 * The value HF adds for a masked key: float32's lowest finite number. exp() of it is exactly 0,
 * and a query with no visible key (a padding position) gets a uniform row instead of NaN.
 */
export const MASKED = -3.4028234663852886e38;

/** The mask as an additive bias (B, 1, Tq, Tk): 0 where allowed, MASKED elsewhere. */
export function maskBias(mask: AttentionMask): tf.Tensor4D {
  const [batch, tq, tk] = mask.shape;
  const bias = new Float32Array(mask.data.length);
  for (let i = 0; i < bias.length; i++) bias[i] = mask.data[i] ? 0 : MASKED;
  return tf.tensor4d(bias, [batch, 1, tq, tk]);
}
