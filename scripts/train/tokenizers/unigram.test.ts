import { describe, expect, it } from 'vitest';
import { seedPieces, unigramModel } from './unigram';

const WORDS = new Map([
  ['▁the', 100],
  ['▁then', 10],
  ['▁hen', 3],
  ['▁ten', 2],
]);
const CHARS = ['▁', 't', 'h', 'e', 'n'];

describe('seedPieces', () => {
  it('ranks substrings of two characters or more by frequency × length, ties by substring', () => {
    const words = new Map([
      ['▁ab', 3],
      ['b', 1],
    ]);
    expect(seedPieces(words, 10, 16)).toEqual(['▁ab', 'ab', '▁a']);
    expect(seedPieces(words, 1, 16)).toEqual(['▁ab']);
    expect(seedPieces(words, 10, 2)).toEqual(['ab', '▁a']);
  });
});

describe('unigramModel', () => {
  const seed = [...CHARS, ...seedPieces(WORDS, 100, 16)];

  it('keeps the required pieces and those worth the most likelihood', () => {
    const model = unigramModel(seed, WORDS, { size: 7, required: new Set(CHARS) });
    const pieces = model.map(([piece]) => piece);
    expect(pieces).toHaveLength(7);
    expect(pieces).toEqual(expect.arrayContaining([...CHARS, '▁the']));
  });

  it('returns log probabilities, best first', () => {
    const model = unigramModel(seed, WORDS, { size: 8, required: new Set(CHARS) });
    const scores = model.map(([, score]) => score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((s) => s < 0)).toBe(true);
    const total = scores.reduce((sum, s) => sum + Math.exp(s), 0);
    expect(total).toBeGreaterThan(0.99);
    expect(total).toBeLessThan(1.05); // unused pieces keep a floor count
    expect(model[0]![0]).toBe('▁the');
  });

  it('is deterministic, whatever the order of the seed', () => {
    const a = unigramModel(seed, WORDS, { size: 8, required: new Set(CHARS) });
    const b = unigramModel([...seed].reverse(), new Map([...WORDS].reverse()), {
      size: 8,
      required: new Set(CHARS),
    });
    expect(b).toEqual(a);
  });

  it('keeps a required piece the corpus never uses', () => {
    const required = new Set([...CHARS, '▁NOUN', 'N', 'O', 'U']);
    const model = unigramModel(seed, WORDS, { size: 10, required });
    expect(model.map(([piece]) => piece)).toEqual(expect.arrayContaining([...required]));
    expect(() => unigramModel(seed, WORDS, { size: 8, required })).toThrow(
      /9 required pieces do not fit in 8/,
    );
  });

  it('refuses words it cannot segment', () => {
    expect(() =>
      unigramModel(['▁', 't'], new Map([['▁tx', 1]]), { size: 2, required: new Set() }),
    ).toThrow(/no segmentation/);
  });
});
