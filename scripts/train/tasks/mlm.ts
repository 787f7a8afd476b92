/**
 * Masked language modelling for BERT, as in the BERT paper: a pair of consecutive text
 * segments `[CLS] A [SEP] B [SEP]` (segment ids 0 and 1), a share of the tokens chosen for
 * prediction by whole words (as BERT's later whole-word-masking models), of which 80 % become
 * [MASK], 10 % a random token and 10 % stay as they are.
 * No next-sentence prediction (RoBERTa found it did not help); B is always A's continuation.
 */
import type { TextTokenizer } from '../../../src/tokenizers/tokenizer';
import type { Batch, BatchSource } from '../loop';
import { IGNORE } from '../loss';
import type { Rng } from '../rng';
import { ordinaryIds, tokenizedBrown } from './corpus';

export interface MlmOptions {
  readonly batchSize: number;
  /** Longest sequence, specials included. */
  readonly maxLength: number;
  readonly maskShare: number;
}

export interface SpecialIds {
  readonly cls: number;
  readonly sep: number;
  readonly mask: number;
  readonly pad: number;
}

export function bertSpecials(tokenizer: TextTokenizer): SpecialIds {
  const id = (token: string) => {
    const value = tokenizer.tokenToId(token);
    if (value === undefined) throw new Error(`the BERT tokenizer has no ${token}`);
    return value;
  };
  return { cls: id('[CLS]'), sep: id('[SEP]'), mask: id('[MASK]'), pad: id('[PAD]') };
}

/** Two consecutive stretches of a document, each of whole sentences, fitting `budget` tokens together. */
function segmentPair(
  rng: Rng,
  sentences: readonly (readonly number[])[],
  budget: number,
): [number[], number[]] {
  const start = rng.int(sentences.length);
  const a: number[] = [...sentences[start]!];
  let next = start + 1;
  // A takes about half the budget, B the rest.
  while (next < sentences.length && a.length + sentences[next]!.length <= budget / 2)
    a.push(...sentences[next++]!);
  const b: number[] = [];
  while (next < sentences.length && a.length + b.length + sentences[next]!.length <= budget)
    b.push(...sentences[next++]!);
  if (b.length === 0 && next < sentences.length) b.push(...sentences[next]!);
  // Truncate the longer segment first, as BERT's data pipeline does.
  while (a.length + b.length > budget) (a.length >= b.length ? a : b).pop();
  return [a, b];
}

export function mlmSource(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
  options: MlmOptions,
): BatchSource {
  const docs = tokenizedBrown(tokenizer, split).filter((d) => d.sentences.length > 1);
  const specials = bertSpecials(tokenizer);
  const pool = ordinaryIds(tokenizer);
  const continuation = (id: number) => tokenizer.idToToken(id)?.startsWith('##') ?? false;
  return {
    next(rng: Rng): Batch {
      const rows: { ids: number[]; types: number[]; labels: number[] }[] = [];
      for (let r = 0; r < options.batchSize; r++) {
        const [a, b] = segmentPair(rng, rng.pick(docs).sentences, options.maxLength - 3);
        const ids = [specials.cls, ...a, specials.sep, ...b, specials.sep];
        const types = ids.map((_, i) => (i <= a.length + 1 ? 0 : 1));
        const labels = ids.map(() => IGNORE);
        // Whole-word masking: words (a token and its ## continuations) are chosen until the
        // share of tokens is reached; every piece of a chosen word is predicted.
        const words: number[][] = [];
        ids.forEach((id, i) => {
          if (i === 0 || i === a.length + 1 || i === ids.length - 1) return;
          const continues = continuation(id) && words.length > 0 && words.at(-1)!.at(-1) === i - 1;
          if (continues) words.at(-1)!.push(i);
          else words.push([i]);
        });
        const budget = Math.max(1, Math.round((ids.length - 3) * options.maskShare));
        let chosen = 0;
        for (const word of rng.shuffle(words)) {
          if (chosen >= budget) break;
          if (chosen > 0 && chosen + word.length > budget + 1) continue;
          chosen += word.length;
          for (const i of word) {
            labels[i] = ids[i]!;
            const roll = rng.next();
            if (roll < 0.8) ids[i] = specials.mask;
            else if (roll < 0.9) ids[i] = rng.pick(pool);
          }
        }
        rows.push({ ids, types, labels });
      }
      const width = Math.max(...rows.map((row) => row.ids.length));
      const pad = (row: number[], value: number) => [
        ...row,
        ...new Array<number>(width - row.length).fill(value),
      ];
      return {
        inputs: {
          inputIds: rows.map((row) => pad(row.ids, specials.pad)),
          attentionMask: rows.map((row) =>
            pad(
              row.ids.map(() => 1),
              0,
            ),
          ),
          tokenTypeIds: rows.map((row) => pad(row.types, 0)),
        },
        labels: rows.flatMap((row) => pad(row.labels, IGNORE)),
        tokens: rows.reduce((n, row) => n + row.ids.length, 0),
      };
    },
  };
}
