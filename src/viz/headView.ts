/**
 * The head view (after bertviz): query tokens in a column on the left, key tokens on the right,
 * a line from query i to key j for each head, as thick and opaque as the probability. Heads get
 * the Okabe–Ito colours, which stay distinct under the common colour-vision deficiencies.
 */
import { matrixAt, type Matrix } from '../analysis/matrix';

export const HEAD_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

export const headColor = (head: number): string => HEAD_COLORS[head % HEAD_COLORS.length]!;

export interface HeadViewLine {
  readonly head: number;
  readonly row: number;
  readonly col: number;
  readonly y1: number;
  readonly y2: number;
  readonly weight: number;
}

export interface HeadViewLayout {
  readonly width: number;
  readonly height: number;
  /** x of the query labels' right edge and of the key labels' left edge. */
  readonly leftX: number;
  readonly rightX: number;
  readonly rowY: readonly number[];
  readonly colY: readonly number[];
}

export function layoutHeadView(
  rows: number,
  cols: number,
  {
    width,
    rowHeight = 20,
    labelWidth = 90,
  }: { width: number; rowHeight?: number; labelWidth?: number },
): HeadViewLayout {
  const centre = (i: number) => (i + 0.5) * rowHeight;
  return {
    width,
    height: Math.max(rows, cols) * rowHeight,
    leftX: labelWidth,
    rightX: Math.max(labelWidth + 60, width - labelWidth),
    rowY: Array.from({ length: rows }, (_, i) => centre(i)),
    colY: Array.from({ length: cols }, (_, j) => centre(j)),
  };
}

/**
 * The lines to draw: every visible head's probabilities above `threshold`, from every query
 * or, when a query is focused, from that one only.
 */
export function headViewLines(
  layout: HeadViewLayout,
  heads: readonly Matrix[],
  visible: ReadonlySet<number>,
  focusRow: number | null,
  threshold = 0.02,
): HeadViewLine[] {
  const lines: HeadViewLine[] = [];
  heads.forEach((matrix, head) => {
    if (!visible.has(head)) return;
    for (let i = 0; i < matrix.rows; i++) {
      if (focusRow !== null && i !== focusRow) continue;
      for (let j = 0; j < matrix.cols; j++) {
        const weight = matrixAt(matrix, i, j);
        if (weight > threshold)
          lines.push({ head, row: i, col: j, y1: layout.rowY[i]!, y2: layout.colY[j]!, weight });
      }
    }
  });
  return lines;
}
