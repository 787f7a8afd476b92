/**
 * The decoder-only models' bars: validation perplexity well below unigram and bigram
 * baselines on the same tokens, a previous-token head and an induction head.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bestHead, inductionScores, previousTokenScores } from '../../src/analysis/headRoles';
import type { DecoderOnlyModel } from '../../src/models/load';
import { forwardAny, logitsTensorAny } from '../../src/models/dispatch';
import type { TextTokenizer } from '../../src/tokenizers/tokenizer';
import { Rng } from '../train/rng';
import { documentStream, repeatedSequence } from '../train/tasks/causal';
import { ordinaryIds } from '../train/tasks/corpus';
import { metric, type Metric } from './metric';

export interface CausalEvalOptions {
  readonly separator: number;
  readonly documentStart?: number;
  /** Window length and number of validation windows for perplexity. */
  readonly length: number;
  readonly windows: number;
}

/** Mean negative log-likelihood of each next token, per window position, on the model. */
async function modelNll(model: DecoderOnlyModel, windows: readonly number[][]): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < windows.length; start += 16) {
    const batch = windows.slice(start, start + 16);
    const inputs = batch.map((w) => w.slice(0, -1));
    const targets = batch.flatMap((w) => w.slice(1));
    const nll = tf.tidy(() => {
      const logits = logitsTensorAny(model, { inputIds: inputs });
      const vocab = logits.shape[2];
      const logProbs = tf.logSoftmax(tf.reshape(logits, [-1, vocab]));
      return tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(targets, 'int32'), vocab)), -1));
    });
    out.push(...(await nll.data()));
    nll.dispose();
  }
  return out;
}

/** Unigram (add-one) and bigram (interpolated with the unigram, λ tuned on these very tokens: a generous baseline) NLLs. */
function baselineNll(
  train: Int32Array,
  vocab: number,
  windows: readonly number[][],
): { unigram: number; bigram: number; lambda: number } {
  const unigram = new Float64Array(vocab).fill(1);
  const bigram = new Map<number, Map<number, number>>();
  const contextCount = new Float64Array(vocab);
  for (let i = 0; i < train.length; i++) {
    unigram[train[i]!]!++;
    if (i > 0) {
      const v = train[i - 1]!;
      const row = bigram.get(v) ?? new Map<number, number>();
      row.set(train[i]!, (row.get(train[i]!) ?? 0) + 1);
      bigram.set(v, row);
      contextCount[v]!++;
    }
  }
  const total = train.length + vocab;
  const pairs = windows.flatMap((w) => w.slice(1).map((next, i) => [w[i]!, next] as const));
  const nll = (lambda: number) => {
    let sum = 0;
    for (const [v, w] of pairs) {
      const pu = unigram[w]! / total;
      const count = contextCount[v]!;
      const pb = count > 0 ? (bigram.get(v)?.get(w) ?? 0) / count : 0;
      sum -= Math.log(lambda * pb + (1 - lambda) * pu);
    }
    return sum / pairs.length;
  };
  let best = { lambda: 0, value: nll(0) };
  for (let lambda = 0.05; lambda < 1; lambda += 0.05) {
    const value = nll(lambda);
    if (value < best.value) best = { lambda, value };
  }
  return { unigram: nll(0), bigram: best.value, lambda: best.lambda };
}

export async function evaluateCausal(
  model: DecoderOnlyModel,
  tokenizer: TextTokenizer,
  options: CausalEvalOptions,
): Promise<Metric[]> {
  const validation = documentStream(tokenizer, 'validation', options);
  const train = documentStream(tokenizer, 'train', options);
  const T = options.length;
  const windows = Array.from(
    { length: Math.min(options.windows, Math.floor(validation.length / (T + 1))) },
    (_, k) => Array.from(validation.subarray(k * (T + 1), (k + 1) * (T + 1))),
  );
  const nll = await modelNll(model, windows);
  const modelPpl = Math.exp(nll.reduce((a, b) => a + b, 0) / nll.length);
  const base = baselineNll(train, tokenizer.vocabSize, windows);
  const unigramPpl = Math.exp(base.unigram);
  const bigramPpl = Math.exp(base.bigram);
  const tokens = `${nll.length} validation tokens`;

  // Previous-token head: on natural validation text.
  const text = await forwardAny(
    model,
    { inputIds: windows.slice(0, 16).map((w) => w.slice(0, T)) },
    { hiddenStates: false },
  );
  const previous = bestHead(
    text.attentions.self!.layers.map((l) => l.probs),
    (p) => previousTokenScores(p),
  );

  // Induction head: random ordinary tokens, period 20, repeated twice.
  const rng = new Rng(20261204);
  const pool = ordinaryIds(tokenizer);
  const period = 20;
  const repeated = Array.from({ length: 16 }, () =>
    repeatedSequence(rng, pool, period, 2 * period - 1),
  );
  const rep = await forwardAny(model, { inputIds: repeated }, { hiddenStates: false });
  const induction = bestHead(
    rep.attentions.self!.layers.map((l) => l.probs),
    (p) => inductionScores(p, period),
  );

  return [
    metric(
      'validation perplexity',
      modelPpl,
      {
        threshold: 0.8 * bigramPpl,
        direction: '≤',
        detail: `0.8 × bigram ${bigramPpl.toFixed(1)}`,
      },
      tokens,
    ),
    metric('perplexity / unigram baseline', modelPpl / unigramPpl, {
      threshold: 0.5,
      direction: '≤',
      detail: `unigram ${unigramPpl.toFixed(1)}`,
    }),
    metric(
      'bigram baseline perplexity',
      bigramPpl,
      undefined,
      `interpolated, λ = ${base.lambda.toFixed(2)}`,
    ),
    metric(
      'previous-token head: mean attention to i−1',
      previous.score,
      { threshold: 0.5, direction: '≥' },
      `layer ${previous.layer} head ${previous.head}`,
    ),
    metric(
      'induction head: attention to i−P+1',
      induction.score,
      { threshold: 0.5, direction: '≥' },
      `layer ${induction.layer} head ${induction.head}, 16 random sequences of period ${period} ×2`,
    ),
  ];
}
