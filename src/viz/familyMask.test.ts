import { describe, expect, it } from 'vitest';
import { familyMask } from './familyMask';

const S = 'self';
const C = 'cross';
const _ = null;

describe('familyMask', () => {
  it('encoder: every query sees every key', () => {
    expect(familyMask('encoder', 3)).toEqual([
      [S, S, S],
      [S, S, S],
      [S, S, S],
    ]);
  });

  it('decoder: lower-triangular', () => {
    expect(familyMask('decoder', 3)).toEqual([
      [S, _, _],
      [S, S, _],
      [S, S, S],
    ]);
  });

  it('encoder-decoder: source both ways, target to all the source (cross) and causally to itself', () => {
    expect(familyMask('encoder-decoder', 2)).toEqual([
      [S, S, _, _],
      [S, S, _, _],
      [C, C, S, _],
      [C, C, S, S],
    ]);
  });
});
