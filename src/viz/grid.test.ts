import { describe, expect, it } from 'vitest';
import { layoutGrid } from './grid';

describe('model view grid', () => {
  it('fits heads across the width after the layer labels', () => {
    const grid = layoutGrid(2, 4, 400, { gap: 6, labelWidth: 28 });
    expect(grid.thumb).toBe(Math.floor((400 - 28 - 18) / 4)); // 88
    expect(grid.width).toBe(28 + 4 * 88 + 18);
    expect(grid.height).toBe(2 * 88 + 6);
    expect(grid.at(1, 2)).toEqual({ x: 28 + 2 * 94, y: 94 });
  });

  it('keeps thumbnails readable on a phone and caps them on a wide screen', () => {
    expect(layoutGrid(12, 12, 390).thumb).toBe(40);
    expect(layoutGrid(2, 2, 1200).thumb).toBe(120);
  });
});
