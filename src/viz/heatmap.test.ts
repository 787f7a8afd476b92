import { describe, expect, it } from 'vitest';
import type { Matrix } from '../analysis/matrix';
import { cellAt, layoutHeatmap, shortLabel, SVG_MAX_TOKENS } from './heatmap';

const square = (n: number): Matrix => ({ rows: n, cols: n, data: new Float32Array(n * n) });
const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describe('heatmap layout', () => {
  it('fits the grid beside its labels within the width, cells capped at maxCell', () => {
    const layout = layoutHeatmap(
      square(4),
      ['The', 'cat', 'sat', '.'],
      ['The', 'cat', 'sat', '.'],
      {
        maxWidth: 400,
        charWidth: 7,
      },
    );
    // labels: 3 chars × 7 px + 8 px padding
    expect(layout.left).toBe(29);
    expect(layout.top).toBe(29);
    expect(layout.cell).toBe(36); // (400 − 29 − 4) / 4 = 91, capped at 36
    expect(layout.width).toBe(29 + 4 * 36);
    expect(layout.height).toBe(29 + 4 * 36);
    expect(layout.renderer).toBe('svg');
    expect(layout.colLabels.map((l) => l.position)).toEqual([18, 54, 90, 126]);
  });

  it('shrinks cells to fit a phone width, and never below minCell', () => {
    const phone = layoutHeatmap(square(30), tokens(30), tokens(30), {
      maxWidth: 390,
      charWidth: 7,
    });
    expect(phone.cell).toBe(Math.floor((390 - phone.left - 4) / 30));
    expect(phone.width).toBeLessThanOrEqual(390);
    const long = layoutHeatmap(square(200), tokens(200), tokens(200), {
      maxWidth: 390,
      minCell: 4,
    });
    expect(long.cell).toBe(4);
  });

  it('paints on canvas past 64 tokens a side', () => {
    const n = SVG_MAX_TOKENS;
    expect(layoutHeatmap(square(n), tokens(n), tokens(n), { maxWidth: 800 }).renderer).toBe('svg');
    const wide: Matrix = { rows: 2, cols: n + 1, data: new Float32Array(2 * (n + 1)) };
    expect(layoutHeatmap(wide, tokens(2), tokens(n + 1), { maxWidth: 800 }).renderer).toBe(
      'canvas',
    );
  });

  it('labels every token when cells are a label high, else every k-th so labels never overlap', () => {
    const small = layoutHeatmap(square(10), tokens(10), tokens(10), { maxWidth: 800 });
    expect(small.labelStep).toBe(1);
    expect(small.rowLabels.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const big = layoutHeatmap(square(200), tokens(200), tokens(200), { maxWidth: 800 });
    expect(big.cell).toBe(4); // the minimum: 800 px hold 3.7 px cells
    expect(big.labelStep).toBe(3); // ⌈11 / 4⌉
    expect(big.colLabels.map((l) => l.index).slice(0, 3)).toEqual([0, 3, 6]);
    expect(big.rowLabels).toHaveLength(67);
    const gaps = big.rowLabels.slice(1).map((l, i) => l.position - big.rowLabels[i]!.position);
    gaps.forEach((gap) => expect(gap).toBeGreaterThanOrEqual(11));
  });

  it('cuts long labels and refuses labels that do not match the matrix', () => {
    expect(shortLabel('▁internationalisation')).toBe('▁internatio…'); // 12 characters with the ellipsis
    expect(shortLabel('▁cat')).toBe('▁cat');
    expect(() => layoutHeatmap(square(2), tokens(3), tokens(2), { maxWidth: 100 })).toThrow(
      'labels (3×2) do not match the matrix (2×2)',
    );
  });

  it('maps [0, 1] on a sequential scale from dark to light, clamped', () => {
    const layout = layoutHeatmap(square(1), ['a'], ['a'], { maxWidth: 100 });
    const lightness = (css: string) => {
      const [r, g, b] = css.match(/\d+/g)!.map(Number) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const values = [0, 0.25, 0.5, 0.75, 1].map((v) => lightness(layout.color(v)));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]!));
    expect(layout.color(2)).toBe(layout.color(1));
  });

  it('finds the cell under a point, and nothing off the grid', () => {
    const layout = layoutHeatmap(square(4), tokens(4), tokens(4), { maxWidth: 400, charWidth: 7 });
    const { left, top, cell } = layout;
    expect(cellAt(layout, left + 2.5 * cell, top + 0.1)).toEqual({ row: 0, col: 2 });
    expect(cellAt(layout, left - 1, top + 1)).toBeNull();
    expect(cellAt(layout, left + 4 * cell, top)).toBeNull();
  });
});
