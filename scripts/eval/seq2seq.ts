/**
 * T5's bars on held-out examples: exact match of greedy output ≥ 90 % on the synthetic task
 * (dates), tag accuracy on `pos:` (its output interleaves sentinels and tags; reported beside the
 * most-frequent-tag baseline), and a cross-attention head whose argmax lands on the aligned
 * source token for ≥ 80 % of the aligned output tokens of each aligned task: the date's numbers,
 * and `pos:`'s tags, each on its word or the word's sentinel (the echoed sentinels, like the
 * date's '-', are format). The head is chosen on one half of the examples, scored on the other.
 */
import { forwardAny } from '../../src/models/dispatch';
import { generateSeq2Seq } from '../../src/models/generate';
import type { T5Model } from '../../src/models/t5';
import type { TextTokenizer } from '../../src/tokenizers/tokenizer';
import { UNIVERSAL_TAGS } from '../train/data/universal';
import { Rng } from '../train/rng';
import type { Seq2SeqExample, TaskName } from '../train/tasks/seq2seq';
import { t5Tasks } from '../train/recipes';
import { exampleSource, seq2seqBatch } from '../train/tasks/t5';
import { metric, type Metric } from './metric';

/** The training recipe's tasks (same sentence lengths), one example at a time. */
const TASK_OPTIONS = { ...t5Tasks, batchSize: 1 };

export function heldOutExamples(
  tokenizer: TextTokenizer,
  task: TaskName,
  count: number,
  seed = 777,
): Seq2SeqExample[] {
  const source = exampleSource(tokenizer, 'validation', TASK_OPTIONS);
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => source.example(rng, task));
}

/** Greedy outputs (without the final </s>) for a list of examples, 32 at a time. */
async function greedy(
  model: T5Model,
  examples: readonly Seq2SeqExample[],
  pad: number,
): Promise<number[][]> {
  const outputs: number[][] = [];
  for (let start = 0; start < examples.length; start += 32) {
    const batch = seq2seqBatch(examples.slice(start, start + 32), pad);
    const maxNewTokens =
      Math.max(...examples.slice(start, start + 32).map((e) => e.target.length)) + 2;
    const result = await generateSeq2Seq(
      model,
      { inputIds: batch.inputs.inputIds, attentionMask: batch.inputs.attentionMask! },
      { maxNewTokens },
    );
    const eos = model.config.eos_token_id;
    for (const row of result.newTokens) {
      const end = row.indexOf(eos);
      outputs.push(end >= 0 ? row.slice(0, end) : row);
    }
  }
  return outputs;
}

/** Per layer and head: how many aligned target tokens put their cross-attention argmax on an aligned source token. */
async function alignmentHits(model: T5Model, examples: readonly Seq2SeqExample[], pad: number) {
  const layers = model.config.num_decoder_layers;
  const heads = model.config.num_heads;
  const hits = Array.from({ length: layers }, () => new Array<number>(heads).fill(0));
  let aligned = 0;
  for (let start = 0; start < examples.length; start += 32) {
    const slice = examples.slice(start, start + 32);
    const batch = seq2seqBatch(slice, pad);
    const out = await forwardAny(model, batch.inputs, { hiddenStates: false });
    const cross = out.attentions.cross!;
    slice.forEach((example, b) => {
      example.alignment.forEach((sources, t) => {
        if (sources.length === 0) return;
        cross.layers.forEach((layer, l) => {
          const [, nh, tq, tk] = layer.probs.shape as [number, number, number, number];
          for (let h = 0; h < nh; h++) {
            const row = ((b * nh + h) * tq + t) * tk;
            let best = 0;
            for (let k = 1; k < example.source.length; k++)
              if (layer.probs.data[row + k]! > layer.probs.data[row + best]!) best = k;
            if (sources.includes(best)) hits[l]![h]!++;
          }
        });
        aligned++;
      });
    });
  }
  return { hits, aligned, heads, layers };
}

export async function alignmentHead(
  model: T5Model,
  examples: readonly Seq2SeqExample[],
  pad: number,
) {
  const half = Math.floor(examples.length / 2);
  const choose = await alignmentHits(model, examples.slice(0, half), pad);
  let best = { layer: 0, head: 0, hits: -1 };
  choose.hits.forEach((row, layer) =>
    row.forEach((hits, head) => (hits > best.hits ? (best = { layer, head, hits }) : undefined)),
  );
  const score = await alignmentHits(model, examples.slice(half), pad);
  return {
    layer: best.layer,
    head: best.head,
    accuracy: score.hits[best.layer]![best.head]! / score.aligned,
    tokens: score.aligned,
  };
}

export async function evaluateSeq2Seq(model: T5Model, tokenizer: TextTokenizer): Promise<Metric[]> {
  const pad = model.config.pad_token_id;
  const dates = heldOutExamples(tokenizer, 'date', 200);
  const dateOut = await greedy(model, dates, pad);
  const exact =
    dateOut.filter((out, i) => out.join(' ') === dates[i]!.target.slice(0, -1).join(' ')).length /
    dates.length;

  const pos = heldOutExamples(tokenizer, 'pos', 200);
  const posOut = await greedy(model, pos, pad);
  // Outputs interleave sentinels and tags: score the tags, the n-th against the n-th word's.
  const tagIds = new Set(UNIVERSAL_TAGS.map((tag) => tokenizer.tokenToId(`▁${tag}`)!));
  const tagsOf = (ids: readonly number[]) => ids.filter((id) => tagIds.has(id));
  let tagsRight = 0;
  let tagsTotal = 0;
  let posExact = 0;
  const tagCounts = new Map<number, number>();
  pos.forEach((example, i) => {
    const expected = example.target.slice(0, -1);
    const got = tagsOf(posOut[i]!);
    tagsOf(expected).forEach((tag, t) => {
      tagsTotal++;
      if (got[t] === tag) tagsRight++;
      tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    });
    if (posOut[i]!.join(' ') === expected.join(' ')) posExact++;
  });
  const majority = Math.max(...tagCounts.values()) / tagsTotal;

  const spans = heldOutExamples(tokenizer, 'span', 200);
  const spanOut = await greedy(model, spans, pad);
  let spanRight = 0;
  let spanTotal = 0;
  spans.forEach((example, i) =>
    example.target.slice(0, -1).forEach((id, t) => {
      spanTotal++;
      if (spanOut[i]![t] === id) spanRight++;
    }),
  );

  const posHead = await alignmentHead(model, pos, pad);
  const dateHead = await alignmentHead(model, dates, pad);
  return [
    metric(
      'date: exact match',
      exact,
      { threshold: 0.9, direction: '≥' },
      `${dates.length} held-out dates (one day in eight never seen in training)`,
    ),
    metric(
      'pos: tag accuracy',
      tagsRight / tagsTotal,
      { threshold: majority, direction: '≥', detail: 'most frequent tag' },
      `${tagsTotal} tags, ${pos.length} held-out sentences`,
    ),
    metric('pos: exact match (whole sentence)', posExact / pos.length),
    metric(
      'span corruption: tokens recovered in place',
      spanRight / spanTotal,
      undefined,
      `${spans.length} held-out passages`,
    ),
    metric(
      'pos: cross-attention argmax on the aligned word',
      posHead.accuracy,
      { threshold: 0.8, direction: '≥' },
      `decoder layer ${posHead.layer} head ${posHead.head}, ${posHead.tokens} tokens`,
    ),
    metric(
      'date: cross-attention argmax on the aligned token',
      dateHead.accuracy,
      { threshold: 0.8, direction: '≥' },
      `decoder layer ${dateHead.layer} head ${dateHead.head}, ${dateHead.tokens} tokens`,
    ),
  ];
}
