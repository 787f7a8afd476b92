/**
 * Paints a matrix's cells on a 2D canvas: the heatmap and the masks past 64 tokens, and the
 * model view's thumbnails. One pixel per cell goes into an image that is then drawn scaled, so
 * a 512 × 512 matrix costs 262 144 pixel writes, not 262 144 `fillRect` calls; colours come
 * from a 256-step table, not from a d3 scale per cell.
 */
import { rgb } from 'd3';
import { matrixAt, type Matrix } from '../analysis/matrix';

export type Rgb = readonly [number, number, number];

const STEPS = 256;

const toRgb = (css: string): Rgb => {
  const c = rgb(css);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
};

/**
 * `color` over `domain` as a table of 256 steps; values outside the domain are clamped, and
 * non-finite values (masked −∞) get `masked`.
 */
export function colorTable(
  color: (value: number) => string,
  domain: readonly [number, number],
  masked: string,
): (value: number) => Rgb {
  const [low, high] = domain;
  const span = high - low || 1;
  const table = Array.from({ length: STEPS }, (_, i) =>
    toRgb(color(low + (span * i) / (STEPS - 1))),
  );
  const maskedRgb = toRgb(masked);
  return (value) => {
    if (!Number.isFinite(value)) return maskedRgb;
    const step = Math.round(((value - low) / span) * (STEPS - 1));
    return table[Math.min(STEPS - 1, Math.max(0, step))]!;
  };
}

/** RGBA pixels of the matrix, one per cell, row-major, as `ImageData` takes them. */
export function cellPixels(
  matrix: Matrix,
  color: (value: number) => Rgb,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(matrix.rows * matrix.cols * 4);
  for (let i = 0; i < matrix.rows; i++)
    for (let j = 0; j < matrix.cols; j++) {
      const [r, g, b] = color(matrixAt(matrix, i, j));
      const at = (i * matrix.cols + j) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = 255;
    }
  return pixels;
}

/** The box the matrix fills (px). */
export interface PaintBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Draws the matrix into `box` of a 2D context, each cell a sharp-edged block. */
export function paintCells(
  context: CanvasRenderingContext2D,
  matrix: Matrix,
  color: (value: number) => Rgb,
  box: PaintBox,
): void {
  const image = new ImageData(cellPixels(matrix, color), matrix.cols, matrix.rows);
  const cells = document.createElement('canvas');
  cells.width = matrix.cols;
  cells.height = matrix.rows;
  cells.getContext('2d')!.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(cells, box.x, box.y, box.width, box.height);
}
