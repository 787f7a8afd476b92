/**
 * Batches of T5's task mixture: encoder inputs padded with <pad> (and masked), decoder inputs
 * = decoder_start (<pad>) + the target shifted right, labels = the target.
 */
import { loadBrown, type BrownSentence } from '../data/brown';
import type { TextTokenizer } from '../../../src/tokenizers/tokenizer';
import type { Batch, BatchSource } from '../loop';
import { IGNORE } from '../loss';
import type { Rng } from '../rng';
import { tokenizedBrown } from './corpus';
import { dropHeadMask, type DropHeadOptions } from './dropHead';
import {
  dateExample,
  posExample,
  randomDate,
  spanCorruption,
  t5Ids,
  type Seq2SeqExample,
  type TaskName,
} from './seq2seq';

export interface T5Options {
  readonly batchSize: number;
  /** Share of each task in the mixture. */
  readonly mixture: Readonly<Record<TaskName, number>>;
  /** Span corruption: longest text before corruption, in tokens. */
  readonly spanLength: number;
  /** `pos:`: longest sentence, in words. */
  readonly posWords: number;
  /** DropHead on the decoder's cross-attention, in training batches only. */
  readonly crossDropHead?: DropHeadOptions;
}

export function exampleSource(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
  options: T5Options,
) {
  const ids = t5Ids(tokenizer);
  const docs = tokenizedBrown(tokenizer, split);
  const documents = loadBrown()[split];
  const sentences: BrownSentence[] = documents
    .flatMap((d) => d.sentences)
    .filter((s) => s.words.length >= 3 && s.words.length <= options.posWords);
  const tasks = Object.entries(options.mixture) as [TaskName, number][];
  const totalWeight = tasks.reduce((sum, [, w]) => sum + w, 0);

  const span = (rng: Rng): Seq2SeqExample => {
    const doc = rng.pick(docs);
    let i = rng.int(doc.sentences.length);
    const tokens: number[] = [];
    while (
      i < doc.sentences.length &&
      tokens.length + doc.sentences[i]!.length <= options.spanLength
    )
      tokens.push(...doc.sentences[i++]!);
    if (tokens.length === 0) tokens.push(...doc.sentences[i]!.slice(0, options.spanLength));
    return spanCorruption(rng, tokens, ids);
  };
  const make: Record<TaskName, (rng: Rng) => Seq2SeqExample> = {
    span,
    pos: (rng) => posExample(tokenizer, rng.pick(sentences), ids),
    date: (rng) => dateExample(tokenizer, randomDate(rng, split), ids),
  };
  return {
    ids,
    example(rng: Rng, task?: TaskName): Seq2SeqExample {
      if (task) return make[task](rng);
      let roll = rng.next() * totalWeight;
      for (const [name, weight] of tasks) {
        if ((roll -= weight) < 0) return make[name](rng);
      }
      return make[tasks[0]![0]](rng);
    },
  };
}

export function seq2seqBatch(examples: readonly Seq2SeqExample[], pad: number): Batch {
  const sourceWidth = Math.max(...examples.map((e) => e.source.length));
  const targetWidth = Math.max(...examples.map((e) => e.target.length));
  const fill = (row: number[], width: number, value: number) => [
    ...row,
    ...new Array<number>(width - row.length).fill(value),
  ];
  return {
    inputs: {
      inputIds: examples.map((e) => fill(e.source, sourceWidth, pad)),
      attentionMask: examples.map((e) =>
        fill(
          e.source.map(() => 1),
          sourceWidth,
          0,
        ),
      ),
      decoderInputIds: examples.map((e) => fill([pad, ...e.target.slice(0, -1)], targetWidth, pad)),
    },
    labels: examples.flatMap((e) => fill(e.target, targetWidth, IGNORE)),
    tokens: examples.reduce((n, e) => n + e.source.length + e.target.length, 0),
  };
}

export function t5Source(
  tokenizer: TextTokenizer,
  split: 'train' | 'validation',
  options: T5Options,
): BatchSource {
  const source = exampleSource(tokenizer, split, options);
  const dropHead = split === 'train' ? options.crossDropHead : undefined;
  return {
    next: (rng: Rng) => {
      const batch = seq2seqBatch(
        Array.from({ length: options.batchSize }, () => source.example(rng)),
        source.ids.pad,
      );
      if (!dropHead) return batch;
      return {
        ...batch,
        inputs: { ...batch.inputs, crossAttentionHeadMask: dropHeadMask(rng, dropHead) },
      };
    },
  };
}
