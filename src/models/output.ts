/**
 * Turning the tensors a forward pass produced into plain `ForwardOutput` data: one readback for
 * everything, then regrouped, with masked scores set to −Infinity.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionMask } from '../engine/masks';
import { readAll, type DenseArray } from '../engine/readback';
import type { AttentionKind, AttentionTrace, LayerAttention } from './types';

/** Reads named groups of tensors in one transfer (disposing them) and returns them by name. */
export async function readGroups<K extends string>(
  groups: Readonly<Record<K, readonly tf.Tensor[]>>,
): Promise<Record<K, DenseArray[]>> {
  const names = Object.keys(groups) as K[];
  const arrays = await readAll(names.flatMap((name) => groups[name]));
  const out = {} as Record<K, DenseArray[]>;
  let offset = 0;
  for (const name of names) {
    const count = groups[name].length;
    out[name] = arrays.slice(offset, offset + count);
    offset += count;
  }
  return out;
}

/** Scores [B, nh, Tq, Tk] with −Infinity wherever `mask` [B, Tq, Tk] forbids the key. */
export function maskScores(scores: DenseArray, mask: AttentionMask): DenseArray {
  const [batch, heads, tq, tk] = scores.shape as [number, number, number, number];
  const data = Float32Array.from(scores.data);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < tq; i++) {
        const maskRow = (b * tq + i) * tk;
        const row = ((b * heads + h) * tq + i) * tk;
        for (let j = 0; j < tk; j++) if (!mask.data[maskRow + j]) data[row + j] = -Infinity;
      }
    }
  }
  return { data, shape: scores.shape };
}

export function buildTrace(
  kind: AttentionKind,
  mask: AttentionMask,
  probs: readonly DenseArray[],
  scores: readonly DenseArray[],
): AttentionTrace {
  const layers: LayerAttention[] = probs.map((p, l) => {
    const s = scores[l];
    return s === undefined ? { probs: p } : { probs: p, scores: maskScores(s, mask) };
  });
  return { kind, mask, layers };
}

/** What a graph function keeps for readback, per the forward options. */
export interface Kept {
  readonly attentions: boolean;
  readonly scores: boolean;
  readonly hiddenStates: boolean;
}

export function keptOf(options: {
  attentions?: boolean;
  scores?: boolean;
  hiddenStates?: boolean;
}): Kept {
  return {
    attentions: options.attentions ?? true,
    scores: options.scores ?? false,
    hiddenStates: options.hiddenStates ?? true,
  };
}
