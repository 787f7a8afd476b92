import type { AttentionKind } from '../models/types';
import { select } from '../state/selection';
import { useStore, type KindAttention } from '../state/store';

export const KIND_NAMES: Record<AttentionKind, string> = {
  self: 'Self-attention',
  encoder: 'Encoder self-attention',
  decoder: 'Decoder self-attention',
  cross: 'Cross-attention (decoder → encoder)',
};

/** Which attention kind, layer and (optionally) head the view shows. */
export function SelectionControls({
  attentions,
  showHead,
  headDisabled = false,
}: {
  attentions: readonly KindAttention[];
  showHead: boolean;
  headDisabled?: boolean;
}) {
  const kind = useStore((s) => s.kind);
  const layer = useStore((s) => s.layer);
  const head = useStore((s) => s.head);
  const attention = attentions.find((a) => a.kind === kind);
  if (!attention) return null;
  const heads = attention.layers[0]!.shape[1]!;
  return (
    <>
      <div className="kinds" role="group" aria-label="attention kind">
        {attentions.map((a) => (
          <button
            key={a.kind}
            type="button"
            aria-pressed={a.kind === kind}
            data-testid={`kind-${a.kind}`}
            onClick={() => select({ kind: a.kind })}
          >
            {KIND_NAMES[a.kind]}
          </button>
        ))}
      </div>
      <label>
        Layer
        <select
          data-testid="layer-select"
          value={layer}
          onChange={(e) => select({ layer: Number(e.target.value) })}
        >
          {attention.layers.map((_, l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {showHead && (
        <label>
          Head
          <select
            data-testid="head-select"
            value={head}
            disabled={headDisabled}
            onChange={(e) => select({ head: Number(e.target.value) })}
          >
            {Array.from({ length: heads }, (_, h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
