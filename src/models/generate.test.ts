/**
 * Greedy generation on the golden checkpoints: the token ids HF produced, the same ids without
 * the KV cache, cached steps that equal a full forward pass number for number, and eos/pad.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase, type GoldenCase } from '../../scripts/golden/cases';
import { generateRequest } from '../../scripts/golden/check';
import { loadCheckpointFromFiles } from '../io/checkpoint';
import type { CausalLM } from './causal';
import { generateAny } from './dispatch';
import { argmaxRows, generateCausal, generateSeq2Seq, positionsFromMask } from './generate';
import { createModel, type AnyModel } from './load';
import type { T5Model } from './t5';
import type { DenseArray } from './types';

const ROOT = new URL('../../test/fixtures/golden', import.meta.url).pathname;
const NAMES = ['gpt2', 'llama', 't5', 't5-v1_1'] as const;
type Name = (typeof NAMES)[number];

const cases = {} as Record<Name, GoldenCase>;
const models = {} as Record<Name, AnyModel>;

beforeAll(async () => {
  for (const name of NAMES) {
    cases[name] = readCase(join(ROOT, name));
    models[name] = createModel(await loadCheckpointFromFiles(cases[name].checkpoint, name));
  }
});
afterAll(() => Object.values(models).forEach((m) => m.dispose()));

const expectedSequences = (name: Name) =>
  (cases[name].expected.generate as { sequences: number[][] }).sequences;
const request = (name: Name) => generateRequest(cases[name].inputs)!;

function causal(name: Name): CausalLM {
  const model = models[name];
  if (model.architecture !== 'gpt2' && model.architecture !== 'llama') throw new Error(name);
  return model;
}
function seq2seq(name: Name): T5Model {
  const model = models[name];
  if (model.architecture !== 't5') throw new Error(name);
  return model;
}

/** The last `rows` rows along the second-to-last axis: [..., T, N] → [..., rows, N], flat. */
function lastRows(array: DenseArray, rows: number): number[] {
  const [length, width] = array.shape.slice(-2) as [number, number];
  const out: number[] = [];
  for (let start = 0; start < array.data.length; start += length * width)
    out.push(...array.data.subarray(start + (length - rows) * width, start + length * width));
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe.each(NAMES)('greedy generation on golden %s', (name) => {
  it('with the KV cache gives HF generate() sequences exactly', async () => {
    const result = await generateAny(models[name], request(name));
    expect(result.sequences).toEqual(expectedSequences(name));
    expect(result.steps).toEqual([]); // attentions are kept only on request
  });

  it('without the cache gives the same sequences', async () => {
    const result = await generateAny(models[name], { ...request(name), useCache: false });
    expect(result.sequences).toEqual(expectedSequences(name));
  });
});

describe.each(['gpt2', 'llama'] as const)('%s: a cached step equals full recomputation', (name) => {
  it('attention rows of the new tokens within 1e-5, last logits within 1e-4', async () => {
    const model = causal(name);
    const { inputIds, attentionMask, maxNewTokens, eosTokenId, padTokenId } = request(name);
    const prompt = { inputIds, attentionMask: attentionMask! };
    const result = await generateCausal(model, prompt, {
      maxNewTokens,
      eosTokenId,
      padTokenId,
      attentions: true,
    });
    expect(result.steps).toHaveLength(maxNewTokens);
    const promptLength = inputIds[0]!.length;
    for (const step of result.steps) {
      const length = promptLength + step.index;
      const sequences = result.sequences.map((row) => row.slice(0, length));
      const mask = attentionMask!.map((row) => [...row, ...new Array<number>(step.index).fill(1)]);
      const full = await model.forward(
        { inputIds: sequences, attentionMask: mask, positionIds: positionsFromMask(mask) },
        { hiddenStates: false },
      );
      const fresh = step.index === 0 ? promptLength : 1;
      const layers = step.output.attentions.self!.layers;
      expect(layers).toHaveLength(model.numLayers);
      layers.forEach((layer, l) => {
        expect(layer.probs.shape.slice(2)).toEqual([fresh, length]);
        const reference = lastRows(full.attentions.self!.layers[l]!.probs, fresh);
        expect(maxDiff(layer.probs.data, reference)).toBeLessThanOrEqual(1e-5);
      });
      expect(step.output.logits!.shape).toEqual([2, 1, model.config.vocab_size]);
      expect(maxDiff(step.output.logits!.data, lastRows(full.logits!, 1))).toBeLessThanOrEqual(
        1e-4,
      );
    }
  });
});

describe.each(['t5', 't5-v1_1'] as const)('%s: a cached step equals full recomputation', (name) => {
  it('decoder self- and cross-attention rows within 1e-5, logits within 1e-4', async () => {
    const model = seq2seq(name);
    const { inputIds, attentionMask, maxNewTokens } = request(name);
    const prompt = { inputIds, attentionMask: attentionMask! };
    const result = await generateSeq2Seq(model, prompt, { maxNewTokens, attentions: true });
    expect(result.steps).toHaveLength(maxNewTokens);
    const sourceLength = inputIds[0]!.length;
    for (const step of result.steps) {
      const decoderInputIds = result.sequences.map((row) => row.slice(0, step.index + 1));
      const full = await model.forward({ ...prompt, decoderInputIds }, { hiddenStates: false });
      const { decoder, cross, encoder } = step.output.attentions;
      expect(encoder).toBeUndefined(); // the encoder ran once, before the first step
      decoder!.layers.forEach((layer, l) => {
        expect(layer.probs.shape.slice(2)).toEqual([1, step.index + 1]);
        const reference = lastRows(full.attentions.decoder!.layers[l]!.probs, 1);
        expect(maxDiff(layer.probs.data, reference)).toBeLessThanOrEqual(1e-5);
      });
      cross!.layers.forEach((layer, l) => {
        expect(layer.probs.shape.slice(2)).toEqual([1, sourceLength]);
        const reference = lastRows(full.attentions.cross!.layers[l]!.probs, 1);
        expect(maxDiff(layer.probs.data, reference)).toBeLessThanOrEqual(1e-5);
      });
      expect(maxDiff(step.output.logits!.data, lastRows(full.logits!, 1))).toBeLessThanOrEqual(
        1e-4,
      );
    }
  });
});

describe('eos handling', () => {
  // golden gpt2 new tokens: row 0 [44, 52, 76, 26, …], row 1 [19, 19, 26, …]; pad 98
  const gpt2Prompt = () => {
    const { inputIds, attentionMask } = request('gpt2');
    return { inputIds, attentionMask: attentionMask! };
  };

  it('a row that produced eos continues with pad; decoding stops once every row has', async () => {
    for (const useCache of [true, false]) {
      let steps = 0;
      const result = await generateCausal(causal('gpt2'), gpt2Prompt(), {
        maxNewTokens: 8,
        eosTokenId: 26,
        useCache,
        onStep: () => steps++,
      });
      // row 1 finishes at step 2 and is padded; row 0 finishes at step 3, which ends decoding
      expect(result.newTokens).toEqual([
        [44, 52, 76, 26],
        [19, 19, 26, 98],
      ]);
      expect(steps).toBe(4);
      expect(result.sequences[1]).toEqual([98, 98, 47, 64, 68, 51, 19, 19, 26, 98]);
    }
  });

  it('uses an explicit pad token and any of several eos ids', async () => {
    const padded = await generateCausal(causal('gpt2'), gpt2Prompt(), {
      maxNewTokens: 8,
      eosTokenId: 76,
      padTokenId: 5,
    });
    // only row 0 finishes (at step 2): it is padded with 5 while row 1 runs all 8 steps
    expect(padded.newTokens).toEqual([
      [44, 52, 76, 5, 5, 5, 5, 5],
      [19, 19, 26, 19, 19, 24, 24, 19],
    ]);
    const both = await generateCausal(causal('gpt2'), gpt2Prompt(), {
      maxNewTokens: 8,
      eosTokenId: [76, 26],
    });
    expect(both.newTokens).toEqual([
      [44, 52, 76],
      [19, 19, 26],
    ]);
  });

  it('T5 stops when both rows have produced eos (golden t5-v1_1, eos 51 at step 2)', async () => {
    const { inputIds, attentionMask } = request('t5-v1_1');
    const result = await generateSeq2Seq(
      seq2seq('t5-v1_1'),
      { inputIds, attentionMask: attentionMask! },
      { maxNewTokens: 8, eosTokenId: 51 },
    );
    expect(result.sequences).toEqual([
      [0, 58, 90, 51],
      [0, 46, 81, 51],
    ]);
  });
});

describe('positionsFromMask', () => {
  it('is cumsum − 1 on tokens and 1 on padding', () => {
    expect(positionsFromMask([[0, 0, 1, 1, 1]])).toEqual([[1, 1, 0, 1, 2]]);
    expect(positionsFromMask([[1, 1, 1]])).toEqual([[0, 1, 2]]);
  });

  it('reproduces the position ids HF used in the golden generate cases', () => {
    for (const name of ['gpt2', 'llama'] as const) {
      const g = cases[name].inputs.generate as unknown as {
        attention_mask: number[][];
        position_ids_used_by_generate: number[][];
      };
      expect(positionsFromMask(g.attention_mask)).toEqual(g.position_ids_used_by_generate);
    }
  });
});

describe('argmaxRows', () => {
  it('takes the last position of each row and the first maximum on ties', () => {
    // [B 2, T 2, V 3]; the first positions have their maxima elsewhere and must be ignored
    const logits = {
      data: Float32Array.from([9, 0, 0, 1, 5, 5, 0, 0, 9, 7, 7, 7]),
      shape: [2, 2, 3],
    };
    expect(argmaxRows(logits)).toEqual([1, 0]);
    const negative = { data: Float32Array.from([-3, -1, -1, -2]), shape: [1, 1, 4] };
    expect(argmaxRows(negative)).toEqual([1]);
  });
});
