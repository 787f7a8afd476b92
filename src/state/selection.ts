/**
 * Which attention the views show (kind, layer, head), and the keyboard's moves between heads
 * and layers. Requests outside the current model are refused with what exists.
 */
import { headMatrix, toRows } from '../analysis/matrix';
import type { AttentionKind } from '../models/types';
import { useStore, type KindAttention } from './store';

export interface Selection {
  readonly kind: AttentionKind;
  readonly layer: number;
  readonly head: number;
}

function attentionOf(kind: AttentionKind): KindAttention {
  const inspection = useStore.getState().inspection;
  if (!inspection) throw new Error('nothing has run yet: enter some text first');
  const found = inspection.attentions.find((a) => a.kind === kind);
  if (!found)
    throw new RangeError(
      `this model has no '${kind}' attention (it has ${inspection.attentions.map((a) => a.kind).join(', ')})`,
    );
  return found;
}

function check({ kind, layer, head }: Selection): KindAttention {
  const attention = attentionOf(kind);
  const layers = attention.layers.length;
  const heads = attention.layers[0]!.shape[1]!;
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers)
    throw new RangeError(`layer ${layer} does not exist: '${kind}' has layers 0–${layers - 1}`);
  if (!Number.isInteger(head) || head < 0 || head >= heads)
    throw new RangeError(`head ${head} does not exist: each layer has heads 0–${heads - 1}`);
  return attention;
}

export function select(partial: Partial<Selection>): void {
  const state = useStore.getState();
  const next = {
    kind: partial.kind ?? state.kind,
    layer: partial.layer ?? state.layer,
    head: partial.head ?? state.head,
  };
  check(next);
  useStore.setState({ ...next, hovered: null, locked: null });
}

/** Probabilities of one head, query rows × key columns (batch row 0). */
export function attentionMatrix(selection: Selection): number[][] {
  const attention = check(selection);
  return toRows(headMatrix(attention.layers[selection.layer]!, 0, selection.head));
}

/** Arrow keys: left/right step through heads (into the next or previous layer), up/down through layers. */
export function moveSelection(direction: 'left' | 'right' | 'up' | 'down'): void {
  const { kind, layer, head, inspection } = useStore.getState();
  const attention = inspection?.attentions.find((a) => a.kind === kind);
  if (!attention) return;
  const layers = attention.layers.length;
  const heads = attention.layers[0]!.shape[1]!;
  const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value));
  if (direction === 'up' || direction === 'down') {
    select({ layer: clamp(layer + (direction === 'down' ? 1 : -1), layers - 1) });
    return;
  }
  const flat = clamp(layer * heads + head + (direction === 'right' ? 1 : -1), layers * heads - 1);
  select({ layer: Math.floor(flat / heads), head: flat % heads });
}
