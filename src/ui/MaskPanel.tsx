import type { AttentionKind } from '../models/types';
import { select } from '../state/selection';
import type { TokenStrip } from '../state/prepare';
import { useStore, type KindAttention } from '../state/store';
import { axesOf } from './axes';
import { layoutHeatmap } from '../viz/heatmap';
import type { Rgb } from '../viz/paint';
import { AxisLabels, CanvasCells } from './Heatmap';
import { useWidth } from './useWidth';

/** One line per mask: what may attend to what, and why. */
export function maskExplanation(kind: AttentionKind, architecture: string): string {
  switch (kind) {
    case 'self':
      return architecture === 'bert'
        ? 'Bidirectional (encoder): every token may attend to every token, before and after it.'
        : 'Causal (decoder): token i may attend to tokens 0…i only, never to the future it must predict.';
    case 'encoder':
      return 'Bidirectional (encoder): every source token may attend to the whole source.';
    case 'decoder':
      return 'Causal (decoder): each output position may attend to the start token and the outputs before it.';
    case 'cross':
      return 'Cross (decoder → encoder): every output position may attend to every source token.';
  }
}

/** The mask colours of app.css (.mask-open, .mask-cross, .mask-closed), for the canvas. */
const OPEN: Rgb = [0x0b, 0x5c, 0xad];
const CROSS: Rgb = [0xe6, 0x9f, 0x00];
const CLOSED: Rgb = [0xe8, 0xeb, 0xef];
const SELF_COLORS = (m: number): Rgb => (m ? OPEN : CLOSED);
const CROSS_COLORS = (m: number): Rgb => (m ? CROSS : CLOSED);

const PADDING_NOTE =
  'Padding: the padded key columns are masked out, so no query gives them any attention.';

/** The real masks of the current input, one per attention kind of the model, with what each means. */
export function MaskPanel() {
  const inspection = useStore((s) => s.inspection);
  const model = useStore((s) => s.model);
  const kind = useStore((s) => s.kind);
  const { ref, width } = useWidth<HTMLDivElement>(640);
  if (!inspection || !model) return null;
  const padded = [inspection.encoder, inspection.decoder].some((s) => s?.padded?.some(Boolean));
  // As many masks to a row as fit at 240 px or more: side by side when wide, stacked in a column.
  const perRow = Math.max(1, Math.min(inspection.attentions.length, Math.floor(width / 240)));
  const each = Math.floor(width / perRow) - 16;
  return (
    <section className="panel" aria-labelledby="masks-heading" data-testid="mask-panel">
      <h2 id="masks-heading">Masks</h2>
      <div ref={ref} className="masks">
        {inspection.attentions.map((attention) => (
          <MaskFigure
            key={attention.kind}
            attention={attention}
            tokens={axesOf(inspection, attention.kind)}
            explanation={maskExplanation(attention.kind, model.architecture)}
            selected={attention.kind === kind}
            maxWidth={each}
          />
        ))}
      </div>
      {padded && (
        <p className="notice" data-testid="padding-note">
          {PADDING_NOTE}
        </p>
      )}
    </section>
  );
}

function MaskFigure({
  attention,
  tokens,
  explanation,
  selected,
  maxWidth,
}: {
  attention: KindAttention;
  tokens: [TokenStrip, TokenStrip];
  explanation: string;
  selected: boolean;
  maxWidth: number;
}) {
  const rows = tokens[0].tokens;
  const cols = tokens[1].tokens;
  const matrix = { rows: rows.length, cols: cols.length, data: Float32Array.from(attention.mask) };
  // Masks shrink to 1 px cells on a canvas, so a full context fits its column without scrolling.
  const layout = layoutHeatmap(matrix, rows, cols, { maxWidth, minCell: 1, maxCell: 16 });
  const allowed = attention.mask.reduce((n, m) => n + m, 0);
  return (
    <figure
      className={`mask${selected ? ' selected' : ''}`}
      data-testid={`mask-${attention.kind}`}
      data-allowed={allowed}
    >
      <button
        type="button"
        className="mask-select"
        onClick={() => select({ kind: attention.kind })}
        aria-pressed={selected}
      >
        {attention.kind}
      </button>
      <div className="heatmap-plot" style={{ width: layout.width, height: layout.height }}>
        {layout.renderer === 'canvas' && (
          <CanvasCells
            layout={layout}
            matrix={matrix}
            color={attention.kind === 'cross' ? CROSS_COLORS : SELF_COLORS}
          />
        )}
        <svg
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={`${attention.kind} mask: ${explanation}`}
        >
          <AxisLabels layout={layout} />
          {layout.renderer === 'svg' && (
            <g transform={`translate(${layout.left},${layout.top})`}>
              {Array.from(attention.mask, (m, k) => (
                <rect
                  key={k}
                  x={(k % matrix.cols) * layout.cell}
                  y={Math.floor(k / matrix.cols) * layout.cell}
                  width={layout.cell - 1}
                  height={layout.cell - 1}
                  className={
                    m ? (attention.kind === 'cross' ? 'mask-cross' : 'mask-open') : 'mask-closed'
                  }
                />
              ))}
            </g>
          )}
        </svg>
      </div>
      <figcaption>{explanation}</figcaption>
    </figure>
  );
}
