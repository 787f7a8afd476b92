import { useEffect, useMemo, useRef } from 'react';
import { matrixAt, type Matrix } from '../analysis/matrix';
import { useStore, type Cell } from '../state/store';
import { cellAt, layoutHeatmap, type HeatmapLayout } from '../viz/heatmap';
import { paintCells, type Rgb } from '../viz/paint';

export interface HeatmapProps {
  readonly matrix: Matrix;
  readonly rowTokens: readonly string[];
  /** The token each displayed row and column stands for (hidden special tokens are skipped). */
  readonly rowIndex: readonly number[];
  readonly colIndex: readonly number[];
  readonly colTokens: readonly string[];
  readonly maxWidth: number;
  readonly label: string;
  /** Colour domain; default [0, 1] (probabilities). */
  readonly domain?: readonly [number, number];
}

const valueText = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '−∞ (masked)');

/** Query × key heatmap: hover shows a crosshair and the value, a click locks it (click again to free). */
export function Heatmap({
  matrix,
  rowTokens,
  colTokens,
  rowIndex,
  colIndex,
  maxWidth,
  label,
  domain,
}: HeatmapProps) {
  const hovered = useStore((s) => s.hovered);
  const locked = useStore((s) => s.locked);
  // Hover re-renders this component; the layout (and the canvas painted from it) must not follow.
  const layout = useMemo(
    () => layoutHeatmap(matrix, rowTokens, colTokens, { maxWidth, ...(domain && { domain }) }),
    [matrix, rowTokens, colTokens, maxWidth, domain],
  );
  // The store keeps cells in token positions, so hiding special tokens keeps what is focused.
  const toDisplay = (cell: Cell | null): Cell | null => {
    const row = cell ? rowIndex.indexOf(cell.row) : -1;
    const col = cell ? colIndex.indexOf(cell.col) : -1;
    return row < 0 || col < 0 ? null : { row, col };
  };
  const focused = toDisplay(hovered) ?? toDisplay(locked);
  const lockedHere = toDisplay(locked);

  const pointer = (event: React.MouseEvent<Element>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const cell = cellAt(layout, event.clientX - box.left, event.clientY - box.top);
    return cell && { row: rowIndex[cell.row]!, col: colIndex[cell.col]! };
  };
  const handlers = {
    onMouseMove: (event: React.MouseEvent<Element>) => {
      const cell = pointer(event);
      if (cell?.row !== hovered?.row || cell?.col !== hovered?.col)
        useStore.setState({ hovered: cell });
    },
    onMouseLeave: () => useStore.setState({ hovered: null }),
    onClick: (event: React.MouseEvent<Element>) => {
      const cell = pointer(event);
      const same = cell && locked && cell.row === locked.row && cell.col === locked.col;
      useStore.setState({ locked: same ? null : cell });
    },
  };

  return (
    <figure
      className="heatmap"
      data-testid="heatmap"
      data-rows={matrix.rows}
      data-cols={matrix.cols}
    >
      <div className="heatmap-plot" style={{ width: layout.width, height: layout.height }}>
        {layout.renderer === 'canvas' && <CanvasCells layout={layout} matrix={matrix} />}
        <svg
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={label}
          {...handlers}
        >
          <AxisLabels layout={layout} />
          <g transform={`translate(${layout.left},${layout.top})`}>
            {layout.renderer === 'svg' &&
              Array.from({ length: matrix.rows }, (_, i) =>
                Array.from({ length: matrix.cols }, (_, j) => (
                  <rect
                    key={`${i}-${j}`}
                    x={j * layout.cell}
                    y={i * layout.cell}
                    width={layout.cell}
                    height={layout.cell}
                    fill={layout.fill(matrixAt(matrix, i, j))}
                  />
                )),
              )}
            <Crosshair layout={layout} focused={focused} />
          </g>
        </svg>
      </div>
      <figcaption>
        <Legend domain={domain ?? [0, 1]} />
        <span className="heatmap-value" data-testid="heatmap-value">
          {focused
            ? `${rowTokens[focused.row]} → ${colTokens[focused.col]}: ${valueText(matrixAt(matrix, focused.row, focused.col))}${lockedHere && !toDisplay(hovered) ? ' (locked)' : ''}`
            : 'Hover a cell for its value (its query and key are marked in the tokens); click to lock it.'}
        </span>
      </figcaption>
    </figure>
  );
}

/** Query labels down the left, key labels rotated along the top. */
export function AxisLabels({ layout }: { layout: HeatmapLayout }) {
  return (
    <g className="heatmap-labels">
      {layout.rowLabels.map((l) => (
        <text
          key={`r${l.index}`}
          x={layout.left - 4}
          y={layout.top + l.position}
          textAnchor="end"
          dominantBaseline="middle"
        >
          {l.text}
        </text>
      ))}
      {layout.colLabels.map((l) => (
        <text
          key={`c${l.index}`}
          transform={`translate(${layout.left + l.position},${layout.top - 4}) rotate(-90)`}
          dominantBaseline="middle"
        >
          {l.text}
        </text>
      ))}
    </g>
  );
}

function Crosshair({ layout, focused }: { layout: HeatmapLayout; focused: Cell | null }) {
  if (!focused) return null;
  const { cell } = layout;
  return (
    <g className="heatmap-crosshair" pointerEvents="none">
      <rect x={0} y={focused.row * cell} width={layout.cols * cell} height={cell} />
      <rect x={focused.col * cell} y={0} width={cell} height={layout.rows * cell} />
    </g>
  );
}

/** Past 64 tokens, cells go on a canvas under the SVG, painted once per matrix, not per hover. */
export function CanvasCells({
  layout,
  matrix,
  color = layout.rgb,
}: {
  layout: HeatmapLayout;
  matrix: Matrix;
  color?: (value: number) => Rgb;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, layout.width, layout.height);
    paintCells(context, matrix, color, {
      x: layout.left,
      y: layout.top,
      width: layout.cols * layout.cell,
      height: layout.rows * layout.cell,
    });
  }, [layout, matrix, color]);
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <canvas
      ref={ref}
      width={layout.width * ratio}
      height={layout.height * ratio}
      style={{ width: layout.width, height: layout.height }}
      aria-hidden="true"
    />
  );
}

function Legend({ domain }: { domain: readonly [number, number] }) {
  const [low, high] = domain.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2)));
  return (
    <span
      className="heatmap-legend"
      aria-label={`colour scale from ${low} to ${high}`}
      data-testid="heatmap-legend"
    >
      {low} <span className="heatmap-legend-bar" /> {high}
    </span>
  );
}
