/**
 * Training through `@anush008/tokenizers` (napi bindings of the Rust `tokenizers` 0.22 crate).
 * Its `train(files)` takes no trainer options: the model's default trainer runs (BPE and
 * WordPiece: 30,000 tokens, Unigram: 8,000 pieces, no special tokens, no minimum frequency), so
 * every build trains large and trims the saved model. What it gives back is read from the JSON
 * it saves: the model's vocabulary and, for BPE, the merges in the order they were learned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer, type Model, type Normalizer, type PreTokenizer } from '@anush008/tokenizers';

export interface TrainedBpe {
  /** Tokens by id: the alphabet (sorted by code point), then one new token per merge. */
  readonly vocab: readonly string[];
  readonly merges: readonly (readonly [string, string])[];
}

export interface TrainedUnigram {
  /** Pieces with their log probabilities, best first. */
  readonly pieces: readonly (readonly [string, number])[];
}

export interface TrainingSetup {
  readonly model: Model;
  readonly normalizer?: Normalizer;
  readonly preTokenizer?: PreTokenizer;
}

/** Trains on `lines` (one training sequence each; written to a temporary file) and returns the saved JSON's model. */
function trainModel(setup: TrainingSetup, lines: readonly string[]): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'attention-lab-tokenizer-'));
  try {
    const corpus = join(dir, 'train.txt');
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    const tokenizer = new Tokenizer(setup.model);
    if (setup.normalizer) tokenizer.setNormalizer(setup.normalizer);
    if (setup.preTokenizer) tokenizer.setPreTokenizer(setup.preTokenizer);
    tokenizer.train([corpus]);
    const saved = join(dir, 'tokenizer.json');
    tokenizer.save(saved, false);
    const json = JSON.parse(readFileSync(saved, 'utf8')) as { model?: Record<string, unknown> };
    if (!json.model) throw new Error('@anush008/tokenizers saved no model');
    return json.model;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BPE training. Deterministic: the alphabet is sorted, counts are integers, and ties between
 * pairs are broken by token ids, which follow from the alphabet and the merge order.
 */
export function trainBpe(setup: TrainingSetup, lines: readonly string[]): TrainedBpe {
  const model = trainModel(setup, lines);
  const vocab = model.vocab as Record<string, number> | undefined;
  const merges = model.merges as (string | [string, string])[] | undefined;
  if (model.type !== 'BPE' || !vocab || !merges) throw new Error('expected a trained BPE model');
  const byId: string[] = [];
  for (const [token, id] of Object.entries(vocab)) byId[id] = token;
  return {
    vocab: byId,
    merges: merges.map((merge) => {
      const pair = typeof merge === 'string' ? merge.split(' ') : merge;
      if (pair.length !== 2) throw new Error(`bad merge ${JSON.stringify(merge)}`);
      return [pair[0]!, pair[1]!] as const;
    }),
  };
}

/**
 * Unigram training. Not deterministic in its last digits (the EM sums run in hash-map order), so
 * callers use the set of pieces and re-estimate the scores themselves (see unigram.ts).
 */
export function trainUnigram(setup: TrainingSetup, lines: readonly string[]): TrainedUnigram {
  const model = trainModel(setup, lines);
  const vocab = model.vocab as [string, number][] | undefined;
  if (model.type !== 'Unigram' || !vocab) throw new Error('expected a trained Unigram model');
  return { pieces: vocab };
}
