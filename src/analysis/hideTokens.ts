/**
 * Hiding tokens (e.g. [CLS], [SEP], </s>) from an attention matrix: their rows and columns go,
 * and each remaining row is renormalised to sum to 1, so the view shows how a query splits the
 * attention it gives to the tokens that are left. A row that gave everything to hidden tokens
 * stays all zero rather than inventing a distribution.
 */
import type { Matrix } from './matrix';

export interface Reduced {
  readonly matrix: Matrix;
  /** Original index of each kept row (query) and column (key). */
  readonly rowIndex: readonly number[];
  readonly colIndex: readonly number[];
}

export function hideTokens(
  m: Matrix,
  hiddenRows: ReadonlySet<number>,
  hiddenCols: ReadonlySet<number>,
  renormalise = true,
): Reduced {
  const rowIndex = [...Array(m.rows).keys()].filter((i) => !hiddenRows.has(i));
  const colIndex = [...Array(m.cols).keys()].filter((j) => !hiddenCols.has(j));
  const data = new Float32Array(rowIndex.length * colIndex.length);
  rowIndex.forEach((i, r) => {
    let sum = 0;
    colIndex.forEach((j, c) => {
      const value = m.data[i * m.cols + j]!;
      data[r * colIndex.length + c] = value;
      sum += value;
    });
    if (renormalise && sum > 0)
      for (let c = 0; c < colIndex.length; c++) data[r * colIndex.length + c]! /= sum;
  });
  return { matrix: { rows: rowIndex.length, cols: colIndex.length, data }, rowIndex, colIndex };
}
