import type { KeyboardEvent } from 'react';
import { displayedMatrix, finiteRange } from '../analysis/displayed';
import { moveSelection } from '../state/selection';
import { useStore } from '../state/store';
import { axesOf } from './axes';
import { Heatmap } from './Heatmap';
import { KIND_NAMES, SelectionControls } from './SelectionControls';
import { useWidth } from './useWidth';

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
  const [rows, cols] = axesOf(inspection, kind);
  // Rollout chains a kind's layers through its residual stream; cross-attention's keys are the
  // encoder's, so there is nothing to chain: the mean over heads is shown, and the title says so.
  const shownAggregate = aggregate === 'rollout' && kind === 'cross' ? 'mean' : aggregate;
  // Until the scores of this input arrive (they are read only while shown), probabilities show.
  const scoresShown = showScores && aggregate === 'head' && attention.scores.length > 0;
  const shown = displayedMatrix({
    layers: attention.layers,
    layer,
    head,
    aggregate: shownAggregate,
    rowSpecial: rows.special,
    colSpecial: cols.special,
    hideSpecial,
    ...(scoresShown && { scores: attention.scores }),
  });
  const what =
    shownAggregate === 'head'
      ? `head ${head}`
      : shownAggregate === 'rollout'
        ? 'rollout'
        : `${shownAggregate} over heads${shownAggregate === aggregate ? '' : ' (no rollout for cross-attention)'}`;
  const title = `${KIND_NAMES[kind]}, layer ${layer}, ${what}${scoresShown ? ', pre-softmax scores' : ''}`;

  return (
    <section className="panel" aria-labelledby="attention-heading" data-testid="attention-panel">
      <h2 id="attention-heading">Attention</h2>
      <div className="controls" role="group" aria-label="which attention">
        <SelectionControls
          attentions={inspection.attentions}
          showHead
          headDisabled={aggregate !== 'head'}
        />
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
          rowIndex={shown.rowIndex}
          colIndex={shown.colIndex}
          maxWidth={width}
          {...(scoresShown && { domain: finiteRange(shown.matrix.data) })}
          label={`${title}: rows are queries, columns are keys`}
        />
      </div>
    </section>
  );
}
