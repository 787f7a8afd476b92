import { readFileSync } from 'node:fs';
import { Tokenizer as RustTokenizer } from '@anush008/tokenizers';
import { describe, expect, it } from 'vitest';
import { alignPieces, type Span } from './offsets';
import { loadTokenizer } from './tokenizer';

const covered = (text: string, spans: readonly (Span | null)[]) =>
  spans.map((s) => (s === null ? null : text.slice(s[0], s[1])));

describe('alignPieces', () => {
  it('finds each piece after the last, folding case and accents', () => {
    const text = 'The Café sat';
    const spans = alignPieces(text, ['the', 'caf', 'e', 'sat']);
    expect(spans).toEqual([
      [0, 3],
      [4, 7],
      [7, 8],
      [9, 12],
    ]);
    expect(covered(text, spans)).toEqual(['The', 'Caf', 'é', 'sat']);
  });

  it('gives a space marker the whitespace it stands at, or nothing', () => {
    expect(alignPieces('a  b', ['a', '', 'b'])).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
    ]);
    expect(alignPieces('ab', ['', 'ab'])).toEqual([null, [0, 2]]);
  });

  it('gives unknown tokens one character each when the counts agree, else the whole gap', () => {
    expect(covered('你好 world', alignPieces('你好 world', [null, null, 'world']))).toEqual([
      '你',
      '好',
      'world',
    ]);
    const family = 'a 👩‍👧 b';
    expect(covered(family, alignPieces(family, ['a', null, 'b']))).toEqual(['a', '👩‍👧', 'b']);
    expect(covered('x 😀', alignPieces('x 😀', ['x', null]))).toEqual(['x', '😀']);
  });

  it('skips characters the tokenizer dropped and leaves a piece it cannot find unplaced', () => {
    expect(alignPieces('a\u0007b', ['a', 'b'])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(alignPieces('ab', ['a', 'zz', 'b'])).toEqual([[0, 1], null, [1, 2]]);
  });
});

/**
 * The Rust library (`@anush008/tokenizers`, used here for training) computes offsets itself:
 * ours must cover the same characters, once whitespace at a span's ends is set aside (the two
 * differ on that: Rust gives LLaMA's `▁j` the space before the `j`, and T5's lone `▁` the
 * character after it).
 */
describe.each(['bert', 'gpt2', 't5', 'llama'])('offsets of the shipped %s tokenizer', (id) => {
  const path = new URL(`../../public/models/${id}/`, import.meta.url);
  const json = JSON.parse(readFileSync(new URL('tokenizer.json', path), 'utf8')) as object;
  const config = JSON.parse(readFileSync(new URL('tokenizer_config.json', path), 'utf8')) as object;
  const ours = loadTokenizer(json, config);
  const rust = RustTokenizer.fromFile(new URL('tokenizer.json', path).pathname);
  const texts = [
    'The jury said.',
    'Héllo wörld 😀 ok',
    '你好 world',
    'The [MASK] sat on the mat.',
    'ÀÉÎ Straße İstanbul',
    'tabs\tand\nnew  lines',
    'family 👩‍👩‍👧 emoji',
    "can't won't",
    '  spaces around  ',
    'mixed 中文 and English, العربية',
  ];
  /** Code-point offsets (what the Rust binding gives) as UTF-16 ones. */
  const utf16 = (text: string, [start, end]: [number, number]): Span => {
    const points = [...text];
    const at = (n: number) => points.slice(0, n).join('').length;
    return [at(start), at(end)];
  };

  it.each(texts)('covers what Rust says: %j', async (text) => {
    const encoded = ours.encode(text, { addSpecialTokens: false });
    const reference = await rust.encode(text, null, { addSpecialTokens: false });
    expect(encoded.ids).toEqual(reference.getIds());
    const theirs = reference.getOffsets().map((o) => utf16(text, o as [number, number]));
    encoded.offsets.forEach((span, i) => {
      const ourText = span === null ? '' : text.slice(span[0], span[1]);
      const theirText = text.slice(theirs[i]![0], theirs[i]![1]);
      if (ourText.trim() === '' && encoded.tokens[i]!.replace(/[▁Ġ]/gu, '') === '') return;
      expect({ i, token: encoded.tokens[i], text: ourText.trim() }).toEqual({
        i,
        token: encoded.tokens[i],
        text: theirText.trim(),
      });
    });
  });
});
