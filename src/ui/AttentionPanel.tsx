import type { KeyboardEvent } from 'react';
import { displayedMatrix, finiteRange } from '../analysis/displayed';
import type { AttentionKind } from '../models/types';
import { moveSelection, select } from '../state/selection';
import { useStore } from '../state/store';
import { axesOf } from './axes';
import { Heatmap } from './Heatmap';
import { useWidth } from './useWidth';

const KIND_NAMES: Record<AttentionKind, string> = {
  self: 'Self-attention',
  encoder: 'Encoder self-attention',
  decoder: 'Decoder self-attention',
  cross: 'Cross-attention (decoder → encoder)',
};

const KEYS: Record<string, 'left' | 'right' | 'up' | 'down'> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** The attention of the selected kind, layer and head (or aggregate) as a heatmap. */
export function AttentionPanel() {
  const inspection = useStore((s) => s.inspection);
  const kind = useStore((s) => s.kind);
  const layer = useStore((s) => s.layer);
  const head = useStore((s) => s.head);
  const aggregate = useStore((s) => s.aggregate);
  const hideSpecial = useStore((s) => s.hideSpecial);
  const showScores = useStore((s) => s.showScores);
  const { ref, width } = useWidth<HTMLDivElement>(640);
  const attention = inspection?.attentions.find((a) => a.kind === kind);

  const onKeyDown = (event: KeyboardEvent) => {
    const direction = KEYS[event.key];
    if (!direction || (event.target as HTMLElement).tagName === 'SELECT') return;
    event.preventDefault();
    moveSelection(direction);
  };

  if (!inspection || !attention) return null;
  const heads = attention.layers[0]!.shape[1]!;
  const [rows, cols] = axesOf(inspection, kind);
  const shown = displayedMatrix({
    layers: attention.layers,
    layer,
    head,
    aggregate: aggregate === 'rollout' && kind === 'cross' ? 'mean' : aggregate,
    rowSpecial: rows.special,
    colSpecial: cols.special,
    hideSpecial,
    ...(showScores && aggregate === 'head' && { scores: attention.scores }),
  });
  const scoresShown = showScores && aggregate === 'head';
  const title = `${KIND_NAMES[kind]}, layer ${layer}, ${aggregate === 'head' ? `head ${head}` : aggregate === 'rollout' ? 'rollout' : `${aggregate} over heads`}${scoresShown ? ', pre-softmax scores' : ''}`;

  return (
    <section className="panel" aria-labelledby="attention-heading" data-testid="attention-panel">
      <h2 id="attention-heading">Attention</h2>
      <div className="controls" role="group" aria-label="which attention">
        <div className="kinds" role="tablist" aria-label="attention kind">
          {inspection.attentions.map((a) => (
            <button
              key={a.kind}
              type="button"
              role="tab"
              aria-selected={a.kind === kind}
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
        <label>
          Head
          <select
            data-testid="head-select"
            value={head}
            disabled={aggregate !== 'head'}
            onChange={(e) => select({ head: Number(e.target.value) })}
          >
            {Array.from({ length: heads }, (_, h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select
            data-testid="aggregate-select"
            value={aggregate}
            onChange={(e) => useStore.setState({ aggregate: e.target.value as typeof aggregate })}
          >
            <option value="head">one head</option>
            <option value="mean">mean over heads</option>
            <option value="max">max over heads</option>
            <option value="rollout" disabled={kind === 'cross'}>
              rollout to this layer
            </option>
          </select>
        </label>
        <label className="inline">
          <input
            type="checkbox"
            data-testid="hide-special"
            checked={hideSpecial}
            onChange={(e) => useStore.setState({ hideSpecial: e.target.checked })}
          />
          Hide special tokens (rows renormalised)
        </label>
        <label className="inline">
          <input
            type="checkbox"
            data-testid="show-scores"
            checked={showScores}
            disabled={aggregate !== 'head'}
            onChange={(e) => useStore.setState({ showScores: e.target.checked })}
          />
          Pre-softmax scores (masked cells −∞)
        </label>
      </div>
      <div
        ref={ref}
        className="heatmap-frame"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label={`${title}. Arrow keys: left and right change head, up and down change layer.`}
        data-testid="heatmap-frame"
        data-kind={kind}
        data-layer={layer}
        data-head={head}
      >
        <h3 className="heatmap-title">{title}</h3>
        <Heatmap
          matrix={shown.matrix}
          rowTokens={shown.rowIndex.map((i) => rows.tokens[i]!)}
          colTokens={shown.colIndex.map((j) => cols.tokens[j]!)}
          maxWidth={width}
          {...(scoresShown && { domain: finiteRange(shown.matrix.data) })}
          label={`${title}: rows are queries, columns are keys`}
        />
      </div>
    </section>
  );
}
