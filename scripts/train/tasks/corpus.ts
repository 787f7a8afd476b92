/**
 * The Brown corpus as token ids, per document and sentence, tokenized once per tokenizer.
 */
import { loadBrown, sentenceText, type BrownDocument } from '../data/brown';
import type { TextTokenizer } from '../../../src/tokenizers/tokenizer';

export interface TokenizedDocument {
  readonly sentences: readonly (readonly number[])[];
}

const cache = new WeakMap<TextTokenizer, Record<'train' | 'validation', TokenizedDocument[]>>();

function tokenize(tokenizer: TextTokenizer, docs: readonly BrownDocument[]): TokenizedDocument[] {
  return docs.map((doc) => ({
    sentences: doc.sentences.map(
      (s) => tokenizer.encode(sentenceText(s), { addSpecialTokens: false }).ids,
    ),
  }));
}

export function tokenizedBrown(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
): TokenizedDocument[] {
  let entry = cache.get(tokenizer);
  if (entry === undefined) {
    const brown = loadBrown();
    entry = {
      train: tokenize(tokenizer, brown.train),
      validation: tokenize(tokenizer, brown.validation),
    };
    cache.set(tokenizer, entry);
  }
  return entry[split];
}

/** Ids a model may be asked to predict or copy: every id except the special tokens. */
export function ordinaryIds(tokenizer: TextTokenizer): number[] {
  const ids: number[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    const token = tokenizer.idToToken(id);
    if (token !== undefined && !tokenizer.specialTokens.has(token)) ids.push(id);
  }
  return ids;
}
