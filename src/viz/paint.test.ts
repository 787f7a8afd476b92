import { describe, expect, it } from 'vitest';
import { layoutHeatmap } from './heatmap';
import { paintCells, type CellPainter } from './paint';

/** A context that records what it is asked to paint. */
function recorder() {
  const rects: { style: string; rect: number[] }[] = [];
  const context: CellPainter = {
    fillStyle: '',
    fillRect(x, y, w, h) {
      rects.push({ style: String(this.fillStyle), rect: [x, y, w, h] });
    },
  };
  return { context, rects };
}

describe('paintCells', () => {
  it('paints each cell in row-major order at its place, masked cells grey', () => {
    const matrix = { rows: 2, cols: 2, data: Float32Array.of(0, 1, -Infinity, 0.5) };
    const layout = layoutHeatmap(matrix, ['a', 'b'], ['a', 'b'], { maxWidth: 100, maxCell: 10 });
    const { context, rects } = recorder();
    paintCells(context, matrix, layout.fill, { x: 5, y: 7, width: 20, height: 20 });
    expect(rects).toEqual([
      { style: layout.color(0), rect: [5, 7, 10, 10] },
      { style: layout.color(1), rect: [15, 7, 10, 10] },
      { style: '#d9d9d9', rect: [5, 17, 10, 10] },
      { style: layout.color(0.5), rect: [15, 17, 10, 10] },
    ]);
    expect(layout.color(0)).not.toBe(layout.color(1));
  });

  it('rounds fractional cells up so neighbours overlap instead of leaving gaps', () => {
    const matrix = { rows: 1, cols: 3, data: Float32Array.of(0, 0, 0) };
    const { context, rects } = recorder();
    paintCells(context, matrix, () => '#000', { x: 0, y: 0, width: 10, height: 4 });
    expect(rects.map((r) => r.rect)).toEqual([
      [0, 0, 4, 4],
      [10 / 3, 0, 4, 4],
      [20 / 3, 0, 4, 4],
    ]);
  });
});
