import { describe, expect, it } from 'vitest';
import { displayedMatrix, finiteRange } from './displayed';
import { toRows } from './matrix';

// one layer, two heads, three tokens: [CLS] a b
const head0 = [
  [0.5, 0.25, 0.25],
  [0.5, 0.5, 0],
  [0.2, 0.4, 0.4],
];
const head1 = [
  [1, 0, 0],
  [0, 0, 1],
  [0.6, 0.2, 0.2],
];
const layer = { shape: [1, 2, 3, 3], data: Float32Array.from([...head0.flat(), ...head1.flat()]) };
const base = {
  layers: [layer, layer],
  layer: 0,
  head: 1,
  aggregate: 'head' as const,
  rowSpecial: [true, false, false],
  colSpecial: [true, false, false],
  hideSpecial: false,
};
const close = (actual: number[][], expected: number[][]) =>
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));

describe('the displayed matrix', () => {
  it('is the selected head, all tokens', () => {
    const shown = displayedMatrix(base);
    close(toRows(shown.matrix), head1);
    expect(shown.rowIndex).toEqual([0, 1, 2]);
  });

  it('without special tokens: the [CLS] row and column go, rows renormalised', () => {
    const shown = displayedMatrix({ ...base, head: 0, hideSpecial: true });
    expect(shown.rowIndex).toEqual([1, 2]);
    close(toRows(shown.matrix), [
      [1, 0], // 0.5, 0 of 0.5
      [0.5, 0.5], // 0.4, 0.4 of 0.8
    ]);
  });

  it('mean over heads, and max over heads unrenormalised when specials are hidden', () => {
    close(
      toRows(displayedMatrix({ ...base, aggregate: 'mean' }).matrix)[1]!.map((v) => [v]),
      [[0.25], [0.25], [0.5]],
    );
    close(toRows(displayedMatrix({ ...base, aggregate: 'max', hideSpecial: true }).matrix), [
      [0.5, 1],
      [0.4, 0.4],
    ]);
  });

  it('rollout up to the selected layer', () => {
    const one = toRows(displayedMatrix({ ...base, aggregate: 'rollout', layer: 0 }).matrix);
    // ½·mean + ½·I, row 0: mean [0.75, 0.125, 0.125] → [0.875, 0.0625, 0.0625]
    close([one[0]!], [[0.875, 0.0625, 0.0625]]);
    const two = toRows(displayedMatrix({ ...base, aggregate: 'rollout', layer: 1 }).matrix);
    expect(two[0]![0]).toBeCloseTo(0.875 * 0.875 + 0.0625 * (0.5 * 0.25) + 0.0625 * (0.5 * 0.4), 6);
  });

  it('pre-softmax scores of the head, −∞ kept, never renormalised', () => {
    const scores = {
      shape: [1, 2, 3, 3],
      data: Float32Array.from([
        ...head0.flat(),
        1,
        -Infinity,
        -Infinity,
        2,
        3,
        -Infinity,
        -1,
        0,
        5,
      ]),
    };
    const shown = displayedMatrix({ ...base, scores: [scores, scores], hideSpecial: true });
    expect(toRows(shown.matrix)).toEqual([
      [3, -Infinity],
      [0, 5],
    ]);
    expect(finiteRange(shown.matrix.data)).toEqual([0, 5]);
    expect(finiteRange(Float32Array.from([-Infinity]))).toEqual([0, 1]);
  });
});
