/**
 * The matrix a view shows for a selection: one head, the mean or max over a layer's heads, or
 * the rollout up to the layer; optionally without the special tokens, rows renormalised.
 */
import type { DenseArray } from '../models/types';
import { hideTokens, type Reduced } from './hideTokens';
import { headMatrix, headMax, headMean } from './matrix';
import { attentionRollout } from './rollout';

export type Aggregate = 'head' | 'mean' | 'max' | 'rollout';

export interface DisplayRequest {
  /** Per layer, [1, nh, Tq, Tk]. */
  readonly layers: readonly DenseArray[];
  readonly layer: number;
  readonly head: number;
  readonly aggregate: Aggregate;
  /** Special-token flags of the query (row) and key (column) tokens. */
  readonly rowSpecial: readonly boolean[];
  readonly colSpecial: readonly boolean[];
  readonly hideSpecial: boolean;
  /** With `aggregate: 'head'`: show these pre-softmax scores (per layer) instead. */
  readonly scores?: readonly DenseArray[];
}

/** The finite range of a matrix (−∞ masked cells left out), for a scores colour scale. */
export function finiteRange(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  return min <= max ? [min, max] : [0, 1];
}

const flagged = (flags: readonly boolean[]) =>
  new Set(flags.flatMap((special, i) => (special ? [i] : [])));

export function displayedMatrix(request: DisplayRequest): Reduced {
  const probs = request.layers[request.layer]!;
  const scores = request.aggregate === 'head' ? request.scores?.[request.layer] : undefined;
  if (scores) {
    const none = new Set<number>();
    return hideTokens(
      headMatrix(scores, 0, request.head),
      request.hideSpecial ? flagged(request.rowSpecial) : none,
      request.hideSpecial ? flagged(request.colSpecial) : none,
      false, // scores are not a distribution
    );
  }
  const matrix =
    request.aggregate === 'head'
      ? headMatrix(probs, 0, request.head)
      : request.aggregate === 'mean'
        ? headMean(probs, 0)
        : request.aggregate === 'max'
          ? headMax(probs, 0)
          : attentionRollout(
              request.layers.map((p) => headMean(p, 0)),
              request.layer,
            );
  const none = new Set<number>();
  return hideTokens(
    matrix,
    request.hideSpecial ? flagged(request.rowSpecial) : none,
    request.hideSpecial ? flagged(request.colSpecial) : none,
    // the max over heads is not a distribution: hiding columns must not rescale it
    request.hideSpecial && request.aggregate !== 'max',
  );
}
