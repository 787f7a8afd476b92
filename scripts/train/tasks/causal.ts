/**
 * Next-token prediction on Brown for the decoder-only models (GPT-2, LLaMA-style): random
 * windows of a document stream, with some windows replaced by a random token sequence repeated
 * until the window is full. Predicting the repeats rewards copying from the previous
 * occurrence — what an induction head does — and the copies are the only loss in those
 * windows (the first occurrence is unpredictable noise, so it is not scored).
 */
import type { TextTokenizer } from '../../../src/tokenizers/tokenizer';
import type { Batch, BatchSource } from '../loop';
import { IGNORE } from '../loss';
import type { Rng } from '../rng';
import { ordinaryIds, tokenizedBrown } from './corpus';

export interface CausalOptions {
  readonly batchSize: number;
  /** Tokens per window (the model sees T, predicts T). */
  readonly length: number;
  /** Share of windows that are repeated random sequences (training split only). */
  readonly repeatShare: number;
  /** Period of a repeated sequence: uniform in [min, max]. */
  readonly repeatPeriod: readonly [number, number];
  /** Token between documents (GPT-2's <|endoftext|>, LLaMA's </s>), and one opening each (<s>). */
  readonly separator: number;
  readonly documentStart?: number;
}

/** All documents of a split as one stream of ids. */
export function documentStream(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
  options: Pick<CausalOptions, 'separator' | 'documentStart'>,
): Int32Array {
  const ids: number[] = [];
  for (const doc of tokenizedBrown(tokenizer, split)) {
    if (options.documentStart !== undefined) ids.push(options.documentStart);
    for (const sentence of doc.sentences) for (const id of sentence) ids.push(id);
    ids.push(options.separator);
  }
  return Int32Array.from(ids);
}

/** A random sequence of `period` ordinary tokens, repeated to `length + 1` tokens. */
export function repeatedSequence(
  rng: Rng,
  pool: readonly number[],
  period: number,
  length: number,
): number[] {
  const base = Array.from({ length: period }, () => rng.pick(pool));
  return Array.from({ length: length + 1 }, (_, i) => base[i % period]!);
}

export function causalSource(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
  options: CausalOptions,
): BatchSource {
  const stream = documentStream(tokenizer, split, options);
  const pool = ordinaryIds(tokenizer);
  const T = options.length;
  const repeatShare = split === 'train' ? options.repeatShare : 0;
  return {
    next(rng: Rng): Batch {
      const inputIds: number[][] = [];
      const labels: number[] = [];
      for (let b = 0; b < options.batchSize; b++) {
        if (rng.next() < repeatShare) {
          const [min, max] = options.repeatPeriod;
          const period = min + rng.int(max - min + 1);
          const window = repeatedSequence(rng, pool, period, T);
          inputIds.push(window.slice(0, T));
          // position t predicts token t+1, which is a copy once t+1 ≥ period
          for (let t = 0; t < T; t++) labels.push(t + 1 >= period ? window[t + 1]! : IGNORE);
        } else {
          const start = rng.int(stream.length - T - 1);
          const window = Array.from(stream.subarray(start, start + T + 1));
          inputIds.push(window.slice(0, T));
          for (let t = 0; t < T; t++) labels.push(window[t + 1]!);
        }
      }
      return { inputs: { inputIds }, labels, tokens: options.batchSize * T };
    },
  };
}
