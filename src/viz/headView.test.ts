import { describe, expect, it } from 'vitest';
import type { Matrix } from '../analysis/matrix';
import { headColor, headViewLines, HEAD_COLORS, layoutHeadView } from './headView';

const m = (rows: number[][]): Matrix => ({
  rows: rows.length,
  cols: rows[0]!.length,
  data: Float32Array.from(rows.flat()),
});
const head0 = m([
  [1, 0],
  [0.5, 0.5],
]);
const head1 = m([
  [0.01, 0.99],
  [0.3, 0.7],
]);

describe('head view', () => {
  const layout = layoutHeadView(2, 2, { width: 300, rowHeight: 20, labelWidth: 90 });

  it('places queries left and keys right, one row each', () => {
    expect(layout.leftX).toBe(90);
    expect(layout.rightX).toBe(210);
    expect(layout.rowY).toEqual([10, 30]);
    expect(layout.height).toBe(40);
  });

  it('draws a line per probability above the threshold, per visible head', () => {
    const lines = headViewLines(layout, [head0, head1], new Set([0, 1]), null);
    // head 0: (0,0) (1,0) (1,1); head 1: (0,1) (1,0) (1,1); head 1's 0.01 is under 0.02
    expect(lines.map((l) => [l.head, l.row, l.col])).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    expect(lines[3]).toMatchObject({ y1: 10, y2: 30 });
    expect(lines[3]!.weight).toBeCloseTo(0.99, 6);
  });

  it('hides toggled-off heads and keeps only the focused query', () => {
    const lines = headViewLines(layout, [head0, head1], new Set([1]), 1);
    expect(lines.map((l) => [l.head, l.row, l.col])).toEqual([
      [1, 1, 0],
      [1, 1, 1],
    ]);
  });

  it('gives heads distinct colours, cycling past eight', () => {
    expect(new Set(HEAD_COLORS).size).toBe(8);
    expect(headColor(9)).toBe(headColor(1));
  });
});
