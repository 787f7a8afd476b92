import { describe, expect, it } from 'vitest';
import { layoutHeatmap } from './heatmap';
import { cellPixels, colorTable } from './paint';

describe('colorTable', () => {
  const layout = layoutHeatmap({ rows: 1, cols: 1, data: Float32Array.of(0) }, ['a'], ['a'], {
    maxWidth: 100,
  });
  const table = colorTable(layout.color, [0, 1], layout.maskedColor);
  const parse = (css: string) => css.match(/\d+/g)!.map(Number);

  it('gives the scale’s colour at the ends and clamps outside the domain', () => {
    expect([...table(0)]).toEqual(parse(layout.color(0)));
    expect([...table(1)]).toEqual(parse(layout.color(1)));
    expect(table(-3)).toEqual(table(0));
    expect(table(7)).toEqual(table(1));
  });

  it('stays within one step (1/255) of the scale inside the domain', () => {
    for (const v of [0.1, 0.37, 0.5, 0.93]) {
      const near = [v - 1 / 510, v + 1 / 510].map((u) => parse(layout.color(u)));
      const got = [...table(v)];
      got.forEach((c, k) => {
        const lo = Math.min(near[0]![k]!, near[1]![k]!);
        const hi = Math.max(near[0]![k]!, near[1]![k]!);
        expect(c).toBeGreaterThanOrEqual(lo - 1);
        expect(c).toBeLessThanOrEqual(hi + 1);
      });
    }
  });

  it('paints −∞ and NaN in the masked colour', () => {
    expect([...table(-Infinity)]).toEqual([0xd9, 0xd9, 0xd9]);
    expect([...table(NaN)]).toEqual([0xd9, 0xd9, 0xd9]);
  });
});

describe('cellPixels', () => {
  it('writes one opaque RGBA pixel per cell, row-major', () => {
    const matrix = { rows: 2, cols: 2, data: Float32Array.of(0, 1, -Infinity, 0.5) };
    const color = (v: number) =>
      (Number.isFinite(v) ? [Math.round(v * 200), 10, 20] : [1, 2, 3]) as [number, number, number];
    expect([...cellPixels(matrix, color)]).toEqual([
      0, 10, 20, 255, 200, 10, 20, 255, 1, 2, 3, 255, 100, 10, 20, 255,
    ]);
  });
});
