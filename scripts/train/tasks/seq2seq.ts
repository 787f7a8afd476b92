/**
 * T5's text-to-text tasks, each example with the alignment of its output tokens to its input
 * tokens where one exists (for the cross-attention check):
 * - span corruption of Brown sentences (T5's own pre-training objective, no prefix): spans
 *   of about 15 % of the tokens replaced by sentinels, the target lists the spans;
 * - `pos:` Brown sentence with each word marked by a sentinel, as span corruption marks its
 *   spans: `pos: <extra_id_0> The <extra_id_1> jury …` → `<extra_id_0> DET <extra_id_1> NOUN …`
 *   (a monotonic alignment). Earlier formats failed: the tags alone looped (`VERB VERB VERB …`),
 *   since a tag says nothing of which word it belongs to and a small T5 with relative positions
 *   counts words badly; each word copied before its tag (4000 steps) drifted off the sentence
 *   after a few words, as copying 60 subword pieces needs a find-the-next-token circuit it had
 *   not formed. With sentinels, the decoder finds word k by content, the way span corruption
 *   already teaches it to find span k;
 * - `date:` "December 4, 2026" or "4 December 2026" → "2026-12-04" (the alignment crosses:
 *   the year moves to the front, the month name becomes digits). Numbers are pieces of two
 *   digits (see the T5 tokenizer), so the output is `▁ 20 26 - 12 - 04`.
 */
import type { BrownSentence } from '../data/brown';
import { MONTHS } from '../tokenizers/t5';
import type { TextTokenizer } from '../../../src/tokenizers/tokenizer';
import type { Rng } from '../rng';

export type TaskName = 'span' | 'pos' | 'date';

export interface Seq2SeqExample {
  readonly task: TaskName;
  /** Encoder ids, ending in </s>. */
  readonly source: number[];
  /** Decoder targets, ending in </s>. */
  readonly target: number[];
  /** For target position i, the source positions it copies or describes (empty: none). */
  readonly alignment: number[][];
}

function tokenId(tokenizer: TextTokenizer, token: string): number {
  const id = tokenizer.tokenToId(token);
  if (id === undefined) throw new Error(`the T5 tokenizer has no ${token}`);
  return id;
}

export interface T5Ids {
  readonly eos: number;
  readonly pad: number;
  /** <extra_id_0>, <extra_id_1>, … */
  readonly sentinels: readonly number[];
}

export function t5Ids(tokenizer: TextTokenizer): T5Ids {
  const sentinels: number[] = [];
  for (let k = 0; tokenizer.tokenToId(`<extra_id_${k}>`) !== undefined; k++)
    sentinels.push(tokenId(tokenizer, `<extra_id_${k}>`));
  return { eos: tokenId(tokenizer, '</s>'), pad: tokenId(tokenizer, '<pad>'), sentinels };
}

/** Encodes words one at a time, so each word's token positions are known. */
function encodeWords(
  tokenizer: TextTokenizer,
  words: readonly string[],
): { ids: number[]; spans: [number, number][] } {
  const ids: number[] = [];
  const spans: [number, number][] = [];
  for (const word of words) {
    const start = ids.length;
    ids.push(...tokenizer.encode(word, { addSpecialTokens: false }).ids);
    spans.push([start, ids.length]);
  }
  return { ids, spans };
}

const range = ([start, end]: [number, number]) =>
  Array.from({ length: end - start }, (_, i) => start + i);

export function spanCorruption(
  rng: Rng,
  tokens: readonly number[],
  ids: T5Ids,
  density = 0.15,
  meanSpan = 3,
): Seq2SeqExample {
  const length = tokens.length;
  const noise = Math.max(1, Math.round(length * density));
  const spans = Math.min(ids.sentinels.length - 1, Math.max(1, Math.round(noise / meanSpan)));
  // Choose span starts among positions, then give each span ~meanSpan tokens without overlap.
  const starts = rng
    .shuffle(Array.from({ length }, (_, i) => i))
    .slice(0, spans)
    .sort((a, b) => a - b);
  const masked = new Set<number>();
  starts.forEach((start, k) => {
    const end = Math.min(starts[k + 1] ?? length, start + Math.max(1, Math.round(noise / spans)));
    for (let i = start; i < end; i++) masked.add(i);
  });
  const source: number[] = [];
  const target: number[] = [];
  let sentinel = 0;
  for (let i = 0; i < length; i++) {
    if (!masked.has(i)) {
      source.push(tokens[i]!);
      continue;
    }
    if (!masked.has(i - 1)) {
      source.push(ids.sentinels[sentinel]!);
      target.push(ids.sentinels[sentinel]!);
      sentinel++;
    }
    target.push(tokens[i]!);
  }
  target.push(ids.sentinels[sentinel]!, ids.eos);
  source.push(ids.eos);
  return { task: 'span', source, target, alignment: target.map(() => []) };
}

export function posExample(
  tokenizer: TextTokenizer,
  sentence: BrownSentence,
  ids: T5Ids,
): Seq2SeqExample {
  if (sentence.words.length > ids.sentinels.length)
    throw new Error(
      `pos: ${sentence.words.length} words, but only ${ids.sentinels.length} sentinels`,
    );
  const prefix = tokenizer.encode('pos:', { addSpecialTokens: false }).ids;
  const source = [...prefix];
  const target: number[] = [];
  const alignment: number[][] = [];
  sentence.words.forEach((word, w) => {
    // sentinel k, then word k; the output echoes the sentinel (format, like the '-' of a date:
    // not aligned) and gives the word's tag, aligned to the word and its sentinel
    const marker = source.length;
    source.push(ids.sentinels[w]!, ...tokenizer.encode(word, { addSpecialTokens: false }).ids);
    target.push(ids.sentinels[w]!, tokenId(tokenizer, `▁${sentence.universal[w]!}`));
    alignment.push([], range([marker, source.length]));
  });
  source.push(ids.eos);
  target.push(ids.eos);
  alignment.push([]);
  return { task: 'pos', source, target, alignment };
}

/** The text of a `pos:` input, as a user types it: `pos: <extra_id_0> The <extra_id_1> jury …`. */
export function posText(words: readonly string[]): string {
  return `pos: ${words.map((word, w) => `<extra_id_${w}> ${word}`).join(' ')}`;
}

export interface DateParts {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly dayFirst: boolean;
}

/** One calendar day in eight (by a hash of the date) is held out: training never sees it. */
export function isHeldOutDate(d: Pick<DateParts, 'year' | 'month' | 'day'>): boolean {
  const key = d.year * 10000 + d.month * 100 + d.day;
  return Math.imul(key, 0x9e3779b1) >>> 28 < 2; // 2 of 16 hash buckets: 12.5 %
}

/** A random date from 1900–2099 on the given side of the held-out partition. */
export function randomDate(rng: Rng, split: 'train' | 'validation'): DateParts {
  for (;;) {
    const year = 1900 + rng.int(200);
    const month = 1 + rng.int(12);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const date = { year, month, day: 1 + rng.int(days), dayFirst: rng.next() < 0.3 };
    if (isHeldOutDate(date) === (split === 'validation')) return date;
  }
}

export const dateText = (d: DateParts): { source: string; target: string } => {
  const month = MONTHS[d.month - 1]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    source: d.dayFirst ? `date: ${d.day} ${month} ${d.year}` : `date: ${month} ${d.day}, ${d.year}`,
    target: `${d.year}-${pad(d.month)}-${pad(d.day)}`,
  };
};

const isNumber = (token: string | undefined) => token !== undefined && /^▁?\d+$/.test(token);

export function dateExample(tokenizer: TextTokenizer, d: DateParts, ids: T5Ids): Seq2SeqExample {
  const text = dateText(d);
  const words = text.source.split(' ');
  const encoded = encodeWords(tokenizer, words);
  const source = [...encoded.ids, ids.eos];
  const numbersOf = (wordIndex: number) =>
    range(encoded.spans[wordIndex]!).filter((p) => isNumber(tokenizer.idToToken(source[p]!)));
  // word indices: ["date:", month, "4,", year] or ["date:", day, month, year]
  const monthWord = d.dayFirst ? 2 : 1;
  const day = numbersOf(d.dayFirst ? 1 : 2);
  const year = numbersOf(3);
  const target = [...tokenizer.encode(text.target, { addSpecialTokens: false }).ids, ids.eos];
  // Target numbers in order: the year's pieces, the month, the day (one piece each: 04, 12).
  const sources: number[][] = [...year.map((p) => [p]), range(encoded.spans[monthWord]!), day];
  let next = 0;
  const alignment = target.map((id) =>
    isNumber(tokenizer.idToToken(id)) ? (sources[next++] ?? []) : [],
  );
  if (next !== sources.length || day.length !== 1)
    throw new Error(
      `date '${text.source}' → '${text.target}' did not tokenize into one piece per year pair, month and day`,
    );
  return { task: 'date', source, target, alignment };
}
