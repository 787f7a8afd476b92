/**
 * Element-wise comparison of our outputs with Hugging Face's, with the tolerances of the
 * golden README, over the positions that mean something (non-padded tokens and query rows).
 */
export interface ExpectedTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export interface ActualTensor {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** |a − e| ≤ abs + rel·|e| */
export const TOLERANCES = {
  logits: { abs: 1e-4, rel: 1e-4 },
  hidden: { abs: 1e-4, rel: 1e-4 },
  attention: { abs: 1e-5, rel: 0 },
} as const satisfies Record<string, Tolerance>;

export type CheckGroup = keyof typeof TOLERANCES | 'tokens';

export interface Check {
  readonly name: string;
  readonly group: CheckGroup;
  /** Largest |a − e| over the compared elements (tokens: number of mismatches). */
  readonly maxError: number;
  readonly pass: boolean;
  readonly detail?: string;
}

/** Whether a [B, T, …] position or a [B, nh, Tq, Tk] query row is compared. */
export type PositionFilter = (batch: number, position: number) => boolean;

export const everyPosition: PositionFilter = () => true;

export function maskFilter(mask: readonly (readonly number[])[]): PositionFilter {
  return (b, t) => mask[b]?.[t] === 1;
}

/**
 * Compares a tensor whose axis 0 is the batch and whose position axis is `positionAxis`
 * (1 for [B, T, C], 2 for the query axis of [B, nh, Tq, Tk]).
 */
export function compareTensor(
  name: string,
  group: keyof typeof TOLERANCES,
  actual: ActualTensor | undefined,
  expected: ExpectedTensor,
  positionAxis: 1 | 2,
  include: PositionFilter,
): Check {
  if (actual === undefined)
    return { name, group, maxError: Infinity, pass: false, detail: 'missing' };
  const same =
    actual.shape.length === expected.shape.length &&
    actual.shape.every((s, i) => s === expected.shape[i]);
  if (!same) {
    return {
      name,
      group,
      maxError: Infinity,
      pass: false,
      detail: `shape [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}]`,
    };
  }
  const tolerance = TOLERANCES[group];
  const strides = expected.shape.map((_, i) =>
    expected.shape.slice(i + 1).reduce((a, b) => a * b, 1),
  );
  let maxError = 0;
  let pass = true;
  let worst = '';
  for (let i = 0; i < expected.data.length; i++) {
    const b = Math.floor(i / strides[0]!);
    const position = Math.floor(i / strides[positionAxis]!) % expected.shape[positionAxis]!;
    if (!include(b, position)) continue;
    const e = expected.data[i]!;
    const error = Math.abs(actual.data[i]! - e);
    if (!(error <= maxError)) maxError = error; // NaN counts as the worst error
    if (!(error <= tolerance.abs + tolerance.rel * Math.abs(e))) {
      if (pass) worst = `first failure at flat index ${i}: ${actual.data[i]} vs ${e}`;
      pass = false;
    }
  }
  return worst ? { name, group, maxError, pass, detail: worst } : { name, group, maxError, pass };
}

export function compareTokens(
  name: string,
  actual: readonly (readonly number[])[] | undefined,
  expected: readonly (readonly number[])[],
): Check {
  if (actual === undefined)
    return { name, group: 'tokens', maxError: Infinity, pass: false, detail: 'missing' };
  let mismatches = 0;
  const rows = Math.max(actual.length, expected.length);
  for (let b = 0; b < rows; b++) {
    const a = actual[b] ?? [];
    const e = expected[b] ?? [];
    for (let t = 0; t < Math.max(a.length, e.length); t++) if (a[t] !== e[t]) mismatches++;
  }
  const pass = mismatches === 0;
  return pass
    ? { name, group: 'tokens', maxError: 0, pass }
    : {
        name,
        group: 'tokens',
        maxError: mismatches,
        pass,
        detail: `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      };
}
