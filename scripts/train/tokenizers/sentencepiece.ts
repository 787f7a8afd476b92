/**
 * The words SentencePiece trains on, for our LLaMA- and T5-style tokenizers: every word gets a
 * leading `▁`, and a piece may not mix letters, numbers and other characters
 * (SentencePiece's split_by_unicode_script and split_by_number), so `said.` and `'s` are never
 * pieces: LLaMA and T5 read them as `▁said` `.` and `'` `s`. Pieces that respect these
 * boundaries need no such split when the tokenizer runs: no piece spans one, so the best
 * segmentation of a text is that of its fragments.
 */

export const SPACE = '▁';

const FRAGMENT = new RegExp(`${SPACE}?(?:[\\p{L}\\p{M}]+|\\p{N}+|[^\\p{L}\\p{M}\\p{N}]+)`, 'gu');

/** The fragments of a text, each word starting with `▁`: `He said.` → `▁He` `▁said` `.`. */
export function fragments(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .flatMap((word) => `${SPACE}${word}`.match(FRAGMENT) ?? []);
}

/** Training lines for `tokenizers`' trainers: fragments separated by spaces (whitespace split). */
export function fragmentLines(sentences: readonly string[]): string[] {
  return sentences.map((sentence) => fragments(sentence).join(' '));
}
