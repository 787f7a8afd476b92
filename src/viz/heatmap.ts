/**
 * The attention heatmap's layout, a pure function of the matrix and its token labels: cell
 * size and positions, label positions, the colour scale, and which renderer to use (SVG up to
 * 64 tokens a side, canvas past that). React draws what this returns; nothing here touches the
 * DOM, so it is unit-tested as data.
 */
import { interpolateCividis, scaleSequential } from 'd3';
import type { Matrix } from '../analysis/matrix';
import { colorTable, type Rgb } from './paint';

/** Past this many tokens on either axis, cells are painted on a canvas. */
export const SVG_MAX_TOKENS = 64;
/** Labels are cut to this many characters (the full token shows on hover). */
export const LABEL_CHARS = 12;
/** A label's height (px, the CSS font size): cells smaller than this label every k-th token. */
export const LABEL_PX = 11;

export interface HeatmapOptions {
  /** Largest width (CSS px) the plot may take, labels included. */
  readonly maxWidth: number;
  /** Cells never shrink below this, nor grow past `maxCell` (px). */
  readonly minCell?: number;
  readonly maxCell?: number;
  /** Approximate width of one label character (px) at the label font. */
  readonly charWidth?: number;
  /** Colour domain; probabilities use [0, 1] so every head reads on one scale. */
  readonly domain?: readonly [number, number];
}

export interface AxisLabel {
  readonly index: number;
  readonly text: string;
  /** The cell's centre along the axis. */
  readonly position: number;
}

export interface HeatmapLayout {
  readonly renderer: 'svg' | 'canvas';
  readonly width: number;
  readonly height: number;
  /** Top-left corner of the cell grid. */
  readonly left: number;
  readonly top: number;
  readonly cell: number;
  readonly rows: number;
  readonly cols: number;
  /** The labels drawn: every token's when cells are a label high, else every `labelStep`-th. */
  readonly rowLabels: readonly AxisLabel[];
  readonly colLabels: readonly AxisLabel[];
  readonly labelStep: number;
  readonly color: (value: number) => string;
  /** Colour of a masked (−∞) or not-a-number cell. */
  readonly maskedColor: string;
  /** A cell's colour: `color` of a finite value, `maskedColor` otherwise. */
  readonly fill: (value: number) => string;
  /** The same as a 256-step table of RGB, for painting many cells on a canvas. */
  readonly rgb: (value: number) => Rgb;
}

/** Colour of a masked (−∞) or not-a-number cell, in every view. */
export const MASKED_COLOR = '#d9d9d9';

/** The colour of a probability: cividis (colour-blind safe, dark to light), clamped to [0, 1]. */
export function sequentialColor(
  domain: readonly [number, number] = [0, 1],
): (value: number) => string {
  const scale = scaleSequential(interpolateCividis).domain(domain).clamp(true);
  return (value) => scale(value);
}

export const shortLabel = (text: string): string =>
  text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;

export function layoutHeatmap(
  matrix: Matrix,
  rowTokens: readonly string[],
  colTokens: readonly string[],
  options: HeatmapOptions,
): HeatmapLayout {
  if (rowTokens.length !== matrix.rows || colTokens.length !== matrix.cols)
    throw new Error(
      `labels (${rowTokens.length}×${colTokens.length}) do not match the matrix (${matrix.rows}×${matrix.cols})`,
    );
  const { minCell = 4, maxCell = 36, charWidth = 7 } = options;
  const longest = (tokens: readonly string[]) =>
    Math.max(1, ...tokens.map((t) => shortLabel(t).length));
  const left = Math.ceil(longest(rowTokens) * charWidth) + 8;
  const top = Math.ceil(longest(colTokens) * charWidth) + 8;
  const free = Math.max(0, options.maxWidth - left - 4);
  const cell = Math.max(minCell, Math.min(maxCell, Math.floor(free / Math.max(1, matrix.cols))));
  const domain = options.domain ?? [0, 1];
  const color = sequentialColor(domain);
  const labelStep = Math.max(1, Math.ceil(LABEL_PX / cell));
  const labels = (tokens: readonly string[]) =>
    tokens.flatMap((text, index) =>
      index % labelStep === 0
        ? [{ index, text: shortLabel(text), position: (index + 0.5) * cell }]
        : [],
    );
  return {
    renderer: Math.max(matrix.rows, matrix.cols) > SVG_MAX_TOKENS ? 'canvas' : 'svg',
    width: left + cell * matrix.cols,
    height: top + cell * matrix.rows,
    left,
    top,
    cell,
    rows: matrix.rows,
    cols: matrix.cols,
    rowLabels: labels(rowTokens),
    colLabels: labels(colTokens),
    labelStep,
    color,
    maskedColor: MASKED_COLOR,
    fill: (value) => (Number.isFinite(value) ? color(value) : MASKED_COLOR),
    rgb: colorTable(color, domain, MASKED_COLOR),
  };
}

/** The cell under a point in the plot's coordinates, or null off the grid. */
export function cellAt(
  layout: HeatmapLayout,
  x: number,
  y: number,
): { row: number; col: number } | null {
  const col = Math.floor((x - layout.left) / layout.cell);
  const row = Math.floor((y - layout.top) / layout.cell);
  if (x < layout.left || y < layout.top || col >= layout.cols || row >= layout.rows) return null;
  return { row, col };
}
