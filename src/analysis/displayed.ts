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
}

const flagged = (flags: readonly boolean[]) =>
  new Set(flags.flatMap((special, i) => (special ? [i] : [])));

export function displayedMatrix(request: DisplayRequest): Reduced {
  const probs = request.layers[request.layer]!;
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
