import { describe, expect, it } from 'vitest';
import { hideTokens } from './hideTokens';
import { headMatrix, headMax, headMean, toRows, type Matrix } from './matrix';
import { attentionRollout } from './rollout';

const matrix = (rows: number[][]): Matrix => ({
  rows: rows.length,
  cols: rows[0]!.length,
  data: Float32Array.from(rows.flat()),
});
const close = (actual: number[][], expected: number[][]) =>
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));

// [B=2, nh=2, T=2, T=2]: batch 1 is batch 0 reversed, so picking the wrong row shows
const heads = [
  [
    [1, 0],
    [0.5, 0.5],
  ],
  [
    [0.6, 0.4],
    [0.1, 0.9],
  ],
];
const probs = {
  shape: [2, 2, 2, 2],
  data: Float32Array.from([...heads.flat(2), ...heads.flat(2).reverse()]),
};

describe('head matrices and aggregates', () => {
  it('cut one head of one batch row', () => {
    expect(toRows(headMatrix(probs, 0, 1))).toEqual(toRows(matrix(heads[1]!)));
    close(toRows(headMatrix(probs, 1, 0)), [
      [0.9, 0.1],
      [0.4, 0.6],
    ]);
    expect(() => headMatrix(probs, 0, 2)).toThrow('no head 2 of batch row 0 in [2, 2, 2, 2]');
  });

  it('mean and max over heads', () => {
    close(toRows(headMean(probs, 0)), [
      [0.8, 0.2],
      [0.3, 0.7],
    ]);
    close(toRows(headMax(probs, 0)), [
      [1, 0.4],
      [0.5, 0.9],
    ]);
    // aggregation must not write into the trace it reads
    expect(Array.from(probs.data.subarray(0, 4))).toEqual([1, 0, 0.5, 0.5]);
  });
});

describe('attention rollout', () => {
  // Worked by hand: Â = ½A + ½I per layer (rows already sum to 1), R = Â₂·Â₁.
  const a1 = [
    [1, 0, 0],
    [0.5, 0.5, 0],
    [0.2, 0.3, 0.5],
  ];
  const a2 = [
    [1, 0, 0],
    [1, 0, 0],
    [0, 0.5, 0.5],
  ];
  it('through one layer is ½A + ½I', () => {
    close(toRows(attentionRollout([matrix(a1)])), [
      [1, 0, 0],
      [0.25, 0.75, 0],
      [0.1, 0.15, 0.75],
    ]);
  });

  it('through two layers multiplies the later layer on the left (3-token example)', () => {
    // row 1: ½·[1,0,0] + ½·[.25,.75,0]; row 2: ¼·[.25,.75,0] + ¾·[.1,.15,.75]
    close(toRows(attentionRollout([matrix(a1), matrix(a2)])), [
      [1, 0, 0],
      [0.625, 0.375, 0],
      [0.1375, 0.3, 0.5625],
    ]);
    close(
      toRows(attentionRollout([matrix(a1), matrix(a2)], 0)),
      toRows(attentionRollout([matrix(a1)])),
    );
  });

  it('refuses a non-square (cross-attention) matrix', () => {
    expect(() => attentionRollout([matrix([[0.5, 0.5]])])).toThrow(
      'rollout needs square self-attention, got 1×2',
    );
  });
});

describe('hiding tokens', () => {
  const m = matrix([
    [0.5, 0.3, 0.2],
    [0.1, 0.6, 0.3],
    [1, 0, 0],
  ]);
  it('drops their rows and columns and renormalises what is left', () => {
    const reduced = hideTokens(m, new Set([0]), new Set([0]));
    expect(reduced.rowIndex).toEqual([1, 2]);
    expect(reduced.colIndex).toEqual([1, 2]);
    close(toRows(reduced.matrix), [
      [0.6 / 0.9, 0.3 / 0.9],
      [0, 0], // all its attention was on the hidden token: stays zero
    ]);
  });

  it('keeps the raw values when asked not to renormalise, and hides rows and columns separately', () => {
    const reduced = hideTokens(m, new Set(), new Set([2]), false);
    expect(reduced.rowIndex).toEqual([0, 1, 2]);
    close(toRows(reduced.matrix), [
      [0.5, 0.3],
      [0.1, 0.6],
      [1, 0],
    ]);
  });
});
