/**
 * Paints a matrix's cells on a 2D canvas: the heatmap past 64 tokens and the model view's
 * thumbnails. Takes only what it draws with, so a recording context can test it.
 */
import { matrixAt, type Matrix } from '../analysis/matrix';

export interface CellPainter {
  fillStyle: string | CanvasGradient | CanvasPattern;
  fillRect(x: number, y: number, width: number, height: number): void;
}

/** The box the matrix fills (px); cells are width / cols × height / rows. */
export interface PaintBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function paintCells(
  context: CellPainter,
  matrix: Matrix,
  fill: (value: number) => string,
  box: PaintBox,
): void {
  const w = box.width / matrix.cols;
  const h = box.height / matrix.rows;
  // Cells are rounded up so fractional sizes leave no hairline gaps between them.
  for (let i = 0; i < matrix.rows; i++)
    for (let j = 0; j < matrix.cols; j++) {
      context.fillStyle = fill(matrixAt(matrix, i, j));
      context.fillRect(box.x + j * w, box.y + i * h, Math.ceil(w), Math.ceil(h));
    }
}
