import { useState } from 'react';
import { headMatrix } from '../analysis/matrix';
import { useStore } from '../state/store';
import { shortLabel } from '../viz/heatmap';
import { headColor, headViewLines, layoutHeadView } from '../viz/headView';
import { axesOf } from './axes';
import { SelectionControls } from './SelectionControls';
import { useWidth } from './useWidth';

/** Queries past which only one query's lines are drawn at a time. */
const CROWDED = 64;

/** bertviz-style lines from each query to the keys it attends to, all heads of the selected layer. */
export function HeadView() {
  const inspection = useStore((s) => s.inspection);
  const kind = useStore((s) => s.kind);
  const layer = useStore((s) => s.layer);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [focus, setFocus] = useState<number | null>(null);
  const { ref, width } = useWidth<HTMLDivElement>(480);
  const attention = inspection?.attentions.find((a) => a.kind === kind);
  if (!inspection || !attention) return null;
  const probs = attention.layers[layer]!;
  const heads = probs.shape[1]!;
  const matrices = Array.from({ length: heads }, (_, h) => headMatrix(probs, 0, h));
  const [rows, cols] = axesOf(inspection, kind);
  const layout = layoutHeadView(rows.tokens.length, cols.tokens.length, {
    width: Math.min(Math.max(width, 260), 520),
  });
  const visible = new Set([...Array(heads).keys()].filter((h) => !hidden.has(h)));
  // Past this many queries every line at once is a tangle (and tens of thousands of SVG
  // lines): one query's lines are drawn at a time, the first until another is hovered.
  const crowded = rows.tokens.length > CROWDED;
  const shownFocus = crowded ? (focus ?? 0) : focus;
  const lines = headViewLines(layout, matrices, visible, shownFocus);
  const toggle = (h: number) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(h)) next.delete(h);
      else next.add(h);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="head-view-heading" data-testid="head-view">
      <h2 id="head-view-heading">Head view, layer {layer}</h2>
      <div className="controls" role="group" aria-label="which attention">
        <SelectionControls attentions={inspection.attentions} showHead={false} />
      </div>
      <div className="head-toggles" role="group" aria-label="heads shown">
        {matrices.map((_, h) => (
          <label key={h} className="head-toggle" style={{ borderColor: headColor(h) }}>
            <input
              type="checkbox"
              checked={!hidden.has(h)}
              onChange={() => toggle(h)}
              data-testid={`head-toggle-${h}`}
            />
            <span className="swatch" style={{ background: headColor(h) }} />
            head {h}
          </label>
        ))}
      </div>
      <div ref={ref} className="head-view-frame">
        <svg
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={`Lines from each query token (left) to the key tokens it attends to (right), layer ${layer}`}
          data-testid="head-view-svg"
          data-lines={lines.length}
          onMouseLeave={() => setFocus(null)}
        >
          {lines.map((l) => (
            <line
              key={`${l.head}-${l.row}-${l.col}`}
              x1={layout.leftX + 4}
              y1={l.y1}
              x2={layout.rightX - 4}
              y2={l.y2}
              stroke={headColor(l.head)}
              strokeOpacity={Math.min(1, 0.15 + l.weight)}
              strokeWidth={0.5 + 3 * l.weight}
            />
          ))}
          {rows.tokens.map((t, i) => (
            <text
              key={`q${i}`}
              x={layout.leftX}
              y={layout.rowY[i]}
              textAnchor="end"
              dominantBaseline="middle"
              className={`head-view-token${shownFocus === i ? ' focused' : ''}`}
              onMouseEnter={() => setFocus(i)}
            >
              {shortLabel(t)}
            </text>
          ))}
          {cols.tokens.map((t, j) => (
            <text
              key={`k${j}`}
              x={layout.rightX}
              y={layout.colY[j]}
              dominantBaseline="middle"
              className="head-view-token"
            >
              {shortLabel(t)}
            </text>
          ))}
        </svg>
      </div>
      <p className="hint" data-testid="head-view-hint">
        {crowded
          ? `With more than ${CROWDED} tokens, one query’s lines show at a time: hover a query token on the left.`
          : 'Hover a query token on the left to see only its lines.'}
      </p>
    </section>
  );
}
