import type { AttentionKind } from '../models/types';
import type { TokenStrip } from '../state/prepare';
import type { Inspection } from '../state/store';

/** The query (row) and key (column) tokens of an attention kind. */
export function axesOf(inspection: Inspection, kind: AttentionKind): [TokenStrip, TokenStrip] {
  const { encoder, decoder } = inspection;
  if (kind === 'cross') return [decoder!, encoder!];
  if (kind === 'decoder') return [decoder!, decoder!];
  const strip = (encoder ?? decoder)!;
  return [strip, strip];
}
