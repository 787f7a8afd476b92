import { useEffect, useMemo, useRef } from 'react';
import { headMatrix, type Matrix } from '../analysis/matrix';
import { select } from '../state/selection';
import { useStore, type KindAttention } from '../state/store';
import { layoutGrid } from '../viz/grid';
import { MASKED_COLOR, sequentialColor } from '../viz/heatmap';
import { colorTable, paintCells } from '../viz/paint';
import { KIND_NAMES } from './SelectionControls';
import { useWidth } from './useWidth';
import { setView } from '../state/view';

/** Thumbnails show probabilities, on the heatmap's [0, 1] scale. */
const THUMB_COLOR = colorTable(sequentialColor(), [0, 1], MASKED_COLOR);

/** Every layer × head of every attention kind as thumbnails; a click opens one in the heatmap. */
export function ModelView() {
  const inspection = useStore((s) => s.inspection);
  const { ref, width } = useWidth<HTMLDivElement>(640);
  if (!inspection) return null;
  return (
    <section className="panel" aria-labelledby="model-view-heading" data-testid="model-view">
      <h2 id="model-view-heading">All heads</h2>
      <div ref={ref}>
        {inspection.attentions.map((attention) => (
          <KindGrid key={attention.kind} attention={attention} maxWidth={width} />
        ))}
      </div>
    </section>
  );
}

function KindGrid({ attention, maxWidth }: { attention: KindAttention; maxWidth: number }) {
  const kind = useStore((s) => s.kind);
  const layer = useStore((s) => s.layer);
  const head = useStore((s) => s.head);
  const heads = attention.layers[0]!.shape[1]!;
  const grid = layoutGrid(heads, maxWidth);
  // Cut once per inspection, not on every selection change (which would repaint every thumbnail).
  const matrices = useMemo(
    () =>
      attention.layers.map((probs) =>
        Array.from({ length: heads }, (_, h) => headMatrix(probs, 0, h)),
      ),
    [attention, heads],
  );
  return (
    <div className="kind-grid" data-testid={`grid-${attention.kind}`}>
      <h3>{KIND_NAMES[attention.kind]}</h3>
      <div
        className="grid"
        style={{ gridTemplateColumns: `28px repeat(${heads}, ${grid.thumb}px)`, gap: grid.gap }}
      >
        {attention.layers.map((_, l) => [
          <span key={`label-${l}`} className="grid-label">
            L{l}
          </span>,
          ...Array.from({ length: heads }, (_, h) => {
            const current = attention.kind === kind && l === layer && h === head;
            return (
              <button
                key={`${l}-${h}`}
                type="button"
                className={`thumb${current ? ' current' : ''}`}
                aria-label={`${KIND_NAMES[attention.kind]}, layer ${l}, head ${h}`}
                aria-pressed={current}
                data-testid={`thumb-${attention.kind}-${l}-${h}`}
                onClick={() => {
                  select({ kind: attention.kind, layer: l, head: h });
                  setView('heatmap');
                }}
              >
                <Thumbnail matrix={matrices[l]![h]!} size={grid.thumb} />
              </button>
            );
          }),
        ])}
      </div>
    </div>
  );
}

function Thumbnail({ matrix, size }: { matrix: Matrix; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (context)
      paintCells(context, matrix, THUMB_COLOR, { x: 0, y: 0, width: size, height: size });
  }, [matrix, size]);
  return <canvas ref={ref} width={size} height={size} />;
}
