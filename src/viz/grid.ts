/**
 * The model view's grid: one thumbnail per layer (row) and head (column), sized to fit the
 * width, never smaller than a readable minimum (the grid scrolls past that).
 */
export interface GridLayout {
  readonly thumb: number;
  readonly gap: number;
  readonly width: number;
  readonly height: number;
  /** Top-left corner of the thumbnail of (layer, head). */
  readonly at: (layer: number, head: number) => { x: number; y: number };
}

export function layoutGrid(
  layers: number,
  heads: number,
  maxWidth: number,
  { minThumb = 40, maxThumb = 120, gap = 6, labelWidth = 28 } = {},
): GridLayout {
  const fit = Math.floor((maxWidth - labelWidth - gap * (heads - 1)) / heads);
  const thumb = Math.max(minThumb, Math.min(maxThumb, fit));
  return {
    thumb,
    gap,
    width: labelWidth + heads * thumb + (heads - 1) * gap,
    height: layers * thumb + (layers - 1) * gap,
    at: (layer, head) => ({ x: labelWidth + head * (thumb + gap), y: layer * (thumb + gap) }),
  };
}
