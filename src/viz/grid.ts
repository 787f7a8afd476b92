/**
 * The model view's grid: one thumbnail per layer (row) and head (column), sized to fit the
 * width, never smaller than a readable minimum (the grid scrolls past that).
 */
export interface GridLayout {
  /** Side of one thumbnail (px). */
  readonly thumb: number;
  readonly gap: number;
}

export function layoutGrid(
  heads: number,
  maxWidth: number,
  { minThumb = 40, maxThumb = 120, gap = 6, labelWidth = 28 } = {},
): GridLayout {
  const fit = Math.floor((maxWidth - labelWidth - gap * (heads - 1)) / heads);
  const thumb = Math.max(minThumb, Math.min(maxThumb, fit));
  return { thumb, gap };
}
