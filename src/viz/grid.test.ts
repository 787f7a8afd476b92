import { describe, expect, it } from 'vitest';
import { layoutGrid } from './grid';

describe('model view grid', () => {
  it('fits heads across the width after the layer labels', () => {
    const grid = layoutGrid(4, 400, { gap: 6, labelWidth: 28 });
    expect(grid).toEqual({ thumb: Math.floor((400 - 28 - 18) / 4), gap: 6 }); // 88
  });

  it('keeps thumbnails readable on a phone and caps them on a wide screen', () => {
    expect(layoutGrid(12, 390).thumb).toBe(40);
    expect(layoutGrid(2, 1200).thumb).toBe(120);
  });
});
