/**
 * Checks of what callers pass to a model, so that a bad batch fails with a message that says
 * which row and which value, instead of a shape error deep inside tfjs.
 */

export type Rows = readonly (readonly number[])[];

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface BatchShape {
  readonly batch: number;
  readonly length: number;
}

/** A non-empty rectangular batch of token ids inside the vocabulary. */
export function checkTokenIds(rows: Rows, vocabSize: number, name: string): BatchShape {
  if (rows.length === 0) throw new InputError(`${name} is empty: pass at least one row`);
  const length = rows[0]!.length;
  if (length === 0) throw new InputError(`${name} has a row with no tokens`);
  rows.forEach((row, b) => {
    if (row.length !== length) {
      throw new InputError(
        `${name} row ${b} has ${row.length} tokens but row 0 has ${length}: pad the rows to one length`,
      );
    }
    row.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new InputError(
          `${name}[${b}][${t}] = ${id} is not a token id of this model (0 … ${vocabSize - 1})`,
        );
      }
    });
  });
  return { batch: rows.length, length };
}

/** An optional [B][T] matrix of integers (mask, segment or position ids) matching the ids. */
export function checkCompanion(
  rows: Rows | undefined,
  shape: BatchShape,
  name: string,
  valid: (value: number) => boolean,
  expectation: string,
): void {
  if (rows === undefined) return;
  if (rows.length !== shape.batch || rows.some((row) => row.length !== shape.length)) {
    throw new InputError(
      `${name} must have the shape of the token ids [${shape.batch}][${shape.length}]`,
    );
  }
  rows.forEach((row, b) =>
    row.forEach((value, t) => {
      if (!Number.isInteger(value) || !valid(value)) {
        throw new InputError(`${name}[${b}][${t}] = ${value}: ${expectation}`);
      }
    }),
  );
}

export const isBinary = (v: number): boolean => v === 0 || v === 1;

export function checkMask(
  rows: Rows | undefined,
  shape: BatchShape,
  name = 'attention_mask',
): void {
  checkCompanion(rows, shape, name, isBinary, 'must be 1 (token) or 0 (padding)');
}

export function checkLength(length: number, limit: number, name: string, limitName: string): void {
  if (length > limit) {
    throw new InputError(
      `${name} has ${length} positions, more than this model's ${limitName} (${limit})`,
    );
  }
}

export function filled(shape: BatchShape, value: number): number[][] {
  return Array.from({ length: shape.batch }, () => new Array<number>(shape.length).fill(value));
}

export function ascending(shape: BatchShape, start = 0): number[][] {
  return Array.from({ length: shape.batch }, () =>
    Array.from({ length: shape.length }, (_, t) => start + t),
  );
}
