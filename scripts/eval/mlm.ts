/**
 * BERT's bars: fill-mask on held-out sentences clearly beats a unigram baseline (twice its
 * top-1 accuracy and a lower negative log-likelihood), and "The [MASK] sat on the mat ."
 * gets nouns in its top 5 (at least 3 of the 5, by each word's most frequent Brown tag).
 */
import { topPredictions as mostLikely } from '../../src/analysis/predictions';
import { forwardAny } from '../../src/models/dispatch';
import type { BertModel } from '../../src/models/bert';
import type { TextTokenizer } from '../../src/tokenizers/tokenizer';
import { loadBrown, type BrownSentence } from '../train/data/brown';
import { Rng } from '../train/rng';
import { tokenizedBrown } from '../train/tasks/corpus';
import { bertSpecials } from '../train/tasks/mlm';
import { metric, type Metric } from './metric';

/** log-softmax of one row of logits. */
function logSoftmax(row: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const log = Math.log(sum) + max;
  return Float64Array.from(row, (v) => v - log);
}

/** Each word's most frequent universal tag in the training split, lowercased. */
export function majorityTags(sentences: readonly BrownSentence[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const s of sentences) {
    s.words.forEach((word, i) => {
      const key = word.toLowerCase();
      const byTag = counts.get(key) ?? new Map<string, number>();
      byTag.set(s.universal[i]!, (byTag.get(s.universal[i]!) ?? 0) + 1);
      counts.set(key, byTag);
    });
  }
  const out = new Map<string, string>();
  for (const [word, byTag] of counts) out.set(word, [...byTag].sort((a, b) => b[1] - a[1])[0]![0]);
  return out;
}

export async function topPredictions(
  model: BertModel,
  tokenizer: TextTokenizer,
  text: string,
  k: number,
): Promise<string[]> {
  const { ids, typeIds } = tokenizer.encode(text);
  const position = ids.indexOf(bertSpecials(tokenizer).mask);
  if (position < 0) throw new Error(`'${text}' has no [MASK]`);
  const out = await forwardAny(
    model,
    { inputIds: [ids], tokenTypeIds: [typeIds] },
    { attentions: false, hiddenStates: false },
  );
  return mostLikely(out.logits!, k)[position]!.map(({ id }) => tokenizer.idToToken(id) ?? '?');
}

export async function evaluateMlm(model: BertModel, tokenizer: TextTokenizer): Promise<Metric[]> {
  const specials = bertSpecials(tokenizer);
  const specialIds = new Set([specials.cls, specials.sep, specials.mask, specials.pad]);
  // Unigram baseline from the training split's tokens.
  const counts = new Float64Array(tokenizer.vocabSize).fill(1);
  for (const doc of tokenizedBrown(tokenizer, 'train'))
    for (const s of doc.sentences) for (const id of s) counts[id]!++;
  const total = counts.reduce((a, b) => a + b, 0);
  const mostFrequent = counts.indexOf(Math.max(...counts));

  const rng = new Rng(4242);
  const sentences = tokenizedBrown(tokenizer, 'validation')
    .flatMap((d) => d.sentences)
    .filter((s) => s.length >= 6 && s.length <= 40);
  const chosen = rng.shuffle([...sentences]).slice(0, 400);
  let correct = 0;
  let unigramCorrect = 0;
  let nll = 0;
  let unigramNll = 0;
  for (let start = 0; start < chosen.length; start += 32) {
    const batch = chosen.slice(start, start + 32);
    const width = Math.max(...batch.map((s) => s.length)) + 2;
    const targets: { position: number; id: number }[] = [];
    const inputIds = batch.map((s) => {
      const ids = [specials.cls, ...s, specials.sep];
      const candidates = ids.map((_, i) => i).filter((i) => !specialIds.has(ids[i]!));
      const position = rng.pick(candidates);
      targets.push({ position, id: ids[position]! });
      ids[position] = specials.mask;
      return [...ids, ...new Array<number>(width - ids.length).fill(specials.pad)];
    });
    const attentionMask = batch.map((s) =>
      Array.from({ length: width }, (_, i) => (i < s.length + 2 ? 1 : 0)),
    );
    const out = await forwardAny(
      model,
      { inputIds, attentionMask },
      { attentions: false, hiddenStates: false },
    );
    const vocab = out.logits!.shape[2]!;
    targets.forEach(({ position, id }, b) => {
      const row = out.logits!.data.subarray(
        (b * width + position) * vocab,
        (b * width + position + 1) * vocab,
      );
      const logp = logSoftmax(row);
      let best = 0;
      for (let v = 1; v < vocab; v++) if (row[v]! > row[best]!) best = v;
      if (best === id) correct++;
      if (mostFrequent === id) unigramCorrect++;
      nll -= logp[id]!;
      unigramNll -= Math.log(counts[id]! / total);
    });
  }
  const n = chosen.length;
  const accuracy = correct / n;
  const unigramAccuracy = unigramCorrect / n;

  const tags = majorityTags(loadBrown().train.flatMap((d) => d.sentences));
  const top5 = await topPredictions(model, tokenizer, 'The [MASK] sat on the mat .', 5);
  const nouns = top5.filter((t) => tags.get(t.replace(/^##/, '')) === 'NOUN').length;

  return [
    metric(
      'fill-mask top-1 accuracy',
      accuracy,
      {
        threshold: 2 * unigramAccuracy,
        direction: '≥',
        detail: `2 × unigram ${unigramAccuracy.toFixed(3)}`,
      },
      `${n} held-out sentences, one masked token each`,
    ),
    metric('fill-mask NLL (nats)', nll / n, {
      threshold: unigramNll / n,
      direction: '≤',
      detail: 'unigram NLL',
    }),
    metric(
      "'The [MASK] sat on the mat .': nouns in top 5",
      nouns,
      { threshold: 3, direction: '≥' },
      top5.join(', '),
    ),
  ];
}
