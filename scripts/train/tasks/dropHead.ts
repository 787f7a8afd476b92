/**
 * DropHead (Zhou et al., 2020) on T5's cross-attention: each training batch silences every
 * decoder cross-attention head with probability p and scales the kept heads of its layer by
 * heads / kept, so a layer's expected output is unchanged. A head that must sometimes work
 * alone cannot leave part of an alignment (the first year piece, the month) to another head.
 * The mask goes to the model as HF's `cross_attn_head_mask`; evaluation uses no mask.
 */
import type { Rng } from '../rng';

export interface DropHeadOptions {
  /** Chance that a head is silenced in a batch. */
  readonly probability: number;
  readonly layers: number;
  readonly heads: number;
}

/** A [layers][heads] mask: 0 for a dropped head, heads / kept for a kept one; one head always stays. */
export function dropHeadMask(rng: Rng, options: DropHeadOptions): number[][] {
  return Array.from({ length: options.layers }, () => {
    const kept = Array.from({ length: options.heads }, () => rng.next() >= options.probability);
    if (!kept.includes(true)) kept[rng.int(options.heads)] = true;
    const scale = options.heads / kept.filter(Boolean).length;
    return kept.map((keep) => (keep ? scale : 0));
  });
}
