/**
 * The training data the shipped models learn from, checked on the shipped tokenizers: what the
 * inputs and labels are, and that the alignments the T5 cross-attention check relies on point
 * at the right source tokens.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../../src/tokenizers/tokenizer';
import { IGNORE } from '../loss';
import { Rng } from '../rng';
import { causalSource, repeatedSequence } from './causal';
import { bertSpecials, mlmSource } from './mlm';
import {
  dateExample,
  isHeldOutDate,
  posExample,
  posText,
  randomDate,
  spanCorruption,
  t5Ids,
} from './seq2seq';

const load = (id: string) =>
  loadTokenizer(JSON.parse(readFileSync(`public/models/${id}/tokenizer.json`, 'utf8')));
const t5 = load('t5');
const ids = t5Ids(t5);
const tokens = (list: readonly number[]) => list.map((id) => t5.idToToken(id));

describe('T5 tasks', () => {
  it('date: crossing alignment from the output numbers to the year, the month name and the day', () => {
    const e = dateExample(t5, { year: 2026, month: 12, day: 4, dayFirst: false }, ids);
    expect(tokens(e.source)).toEqual([
      '▁date',
      ':',
      '▁December',
      '▁',
      '4',
      ',',
      '▁',
      '20',
      '26',
      '</s>',
    ]);
    expect(tokens(e.target)).toEqual(['▁', '20', '26', '-', '12', '-', '04', '</s>']);
    // 20 26 → the year's pieces (7, 8), 12 → 'December' (2), 04 → '4' (4)
    expect(e.alignment).toEqual([[], [7], [8], [], [2], [], [4], []]);
    const dayFirst = dateExample(t5, { year: 1961, month: 3, day: 17, dayFirst: true }, ids);
    expect(tokens(dayFirst.source)).toEqual([
      '▁date',
      ':',
      '▁',
      '17',
      '▁March',
      '▁',
      '19',
      '61',
      '</s>',
    ]);
    expect(tokens(dayFirst.target)).toEqual(['▁', '19', '61', '-', '03', '-', '17', '</s>']);
    expect(dayFirst.alignment).toEqual([[], [6], [7], [], [4], [], [3], []]);
    // the example's ids are what the tokenizer gives for the whole text
    expect(t5.encode('date: 17 March 1961').ids).toEqual(dayFirst.source);
  });

  it('date: one day in eight is held out of training', () => {
    const rng = new Rng(1);
    const train = Array.from({ length: 500 }, () => randomDate(rng, 'train'));
    const validation = Array.from({ length: 500 }, () => randomDate(rng, 'validation'));
    expect(train.some(isHeldOutDate)).toBe(false);
    expect(validation.every(isHeldOutDate)).toBe(true);
    let held = 0;
    for (let day = 1; day <= 365; day++)
      if (
        isHeldOutDate({
          year: 2000,
          month: 1 + (Math.floor((day - 1) / 31) % 12),
          day: 1 + ((day - 1) % 28),
        })
      )
        held++;
    expect(held / 365).toBeGreaterThan(0.07);
    expect(held / 365).toBeLessThan(0.2);
  });

  it('pos: each word marked by a sentinel; the output gives each sentinel its word’s tag', () => {
    const words = ['The', 'jury', 'said', '.'];
    const e = posExample(
      t5,
      { words, tags: ['at', 'nn', 'vbd', '.'], universal: ['DET', 'NOUN', 'VERB', 'PUNCT'] },
      ids,
    );
    expect(tokens(e.source)).toEqual([
      '▁pos',
      ':',
      '<extra_id_0>',
      '▁The',
      '<extra_id_1>',
      '▁',
      'ju',
      'ry',
      '<extra_id_2>',
      '▁said',
      '<extra_id_3>',
      '▁',
      '.',
      '</s>',
    ]);
    expect(tokens(e.target)).toEqual([
      '<extra_id_0>',
      '▁DET',
      '<extra_id_1>',
      '▁NOUN',
      '<extra_id_2>',
      '▁VERB',
      '<extra_id_3>',
      '▁PUNCT',
      '</s>',
    ]);
    // each tag to its word and the word's sentinel; the echoed sentinels are format, like '-' in a date
    expect(e.alignment).toEqual([[], [2, 3], [], [4, 5, 6, 7], [], [8, 9], [], [10, 11, 12], []]);
    // what a user types gives exactly these ids
    expect(posText(words)).toBe(
      'pos: <extra_id_0> The <extra_id_1> jury <extra_id_2> said <extra_id_3> .',
    );
    expect(t5.encode(posText(words)).ids).toEqual(e.source);
  });

  it('span corruption: sentinels in the input, the spans in the target, nothing lost', () => {
    const passage = t5.encode(
      'The jury said it did find that many of the registration laws are outmoded.',
      { addSpecialTokens: false },
    ).ids;
    const e = spanCorruption(new Rng(3), passage, ids);
    // fill each sentinel of the source with its span from the target: the passage comes back
    const spans = new Map<number, number[]>();
    let current = -1;
    for (const id of e.target.slice(0, -1)) {
      if (ids.sentinels.includes(id)) spans.set((current = id), []);
      else spans.get(current)!.push(id);
    }
    const restored = e.source.slice(0, -1).flatMap((id) => (spans.has(id) ? spans.get(id)! : [id]));
    expect(restored).toEqual(passage);
    const noise = [...spans.values()].reduce((n, s) => n + s.length, 0);
    expect(noise / passage.length).toBeGreaterThan(0.08);
    expect(noise / passage.length).toBeLessThan(0.3);
    expect(e.target.at(-1)).toBe(ids.eos);
    expect(tokens([e.target[0]!])).toEqual(['<extra_id_0>']);
  });
});

describe('BERT masked language modelling', () => {
  const bert = load('bert');
  const specials = bertSpecials(bert);

  it('masks whole words, about 15 % of the ordinary tokens, 80 % of them as [MASK], never [CLS] or [SEP]', () => {
    const source = mlmSource(bert, 'validation', { batchSize: 64, maxLength: 64, maskShare: 0.15 });
    const batch = source.next(new Rng(9));
    const { inputIds, tokenTypeIds, attentionMask } = batch.inputs;
    let chosen = 0;
    let masked = 0;
    let ordinary = 0;
    inputIds.forEach((row, b) => {
      const width = row.length;
      row.forEach((id, t) => {
        const label = batch.labels[b * width + t]!;
        if (attentionMask![b]![t] === 0) return expect(label).toBe(IGNORE);
        if (id !== specials.cls && id !== specials.sep) ordinary++;
        if (label === IGNORE) return;
        chosen++;
        if (id === specials.mask) masked++;
        // whole words: a labelled continuation piece follows a labelled piece
        if (bert.idToToken(label)?.startsWith('##'))
          expect(batch.labels[b * width + t - 1]).not.toBe(IGNORE);
        expect([specials.cls, specials.sep, specials.pad]).not.toContain(label);
      });
      expect(row[0]).toBe(specials.cls);
      // segment A (type 0) then B (type 1), each closed by [SEP]
      const firstB = tokenTypeIds![b]!.indexOf(1);
      expect(row[firstB - 1]).toBe(specials.sep);
    });
    expect(chosen / ordinary).toBeGreaterThan(0.12);
    expect(chosen / ordinary).toBeLessThan(0.18);
    expect(masked / chosen).toBeGreaterThan(0.7);
    expect(masked / chosen).toBeLessThan(0.9);
  });
});

describe('causal language modelling', () => {
  const gpt2 = load('gpt2');
  const eos = gpt2.tokenToId('<|endoftext|>')!;

  it('repeats a random sequence and scores only the copies', () => {
    expect(repeatedSequence(new Rng(2), [10, 11, 12, 13, 14], 3, 7)).toHaveLength(8);
    const source = causalSource(gpt2, 'train', {
      batchSize: 40,
      length: 32,
      repeatShare: 1,
      repeatPeriod: [5, 5],
      separator: eos,
    });
    const batch = source.next(new Rng(4));
    batch.inputs.inputIds.forEach((row, b) => {
      for (let t = 5; t < 32; t++) expect(row[t]).toBe(row[t - 5]);
      const labels = batch.labels.slice(b * 32, (b + 1) * 32);
      // position t predicts t+1: a copy from t+1 = 5 on
      expect(labels.slice(0, 4)).toEqual([IGNORE, IGNORE, IGNORE, IGNORE]);
      expect(labels[4]).toBe(row[0]);
    });
  });

  it('predicts the next token of Brown text everywhere', () => {
    const source = causalSource(gpt2, 'validation', {
      batchSize: 4,
      length: 16,
      repeatShare: 0.5,
      repeatPeriod: [5, 5],
      separator: eos,
    });
    const batch = source.next(new Rng(8));
    batch.inputs.inputIds.forEach((row, b) => {
      expect(batch.labels.slice(b * 16, b * 16 + 15)).toEqual(row.slice(1));
    });
  });
});
