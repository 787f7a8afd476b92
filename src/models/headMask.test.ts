/**
 * T5's cross-attention head mask (HF's `cross_attn_head_mask`) on the golden T5 checkpoint:
 * scaling a head's probabilities by m must equal scaling the columns of the output projection
 * that read that head by m, since the head's context enters the block only through them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase, type GoldenCase } from '../../scripts/golden/cases';
import { forwardRequest } from '../../scripts/golden/check';
import { loadCheckpointFromFiles } from '../io/checkpoint';
import { parseSafetensors } from '../io/safetensors';
import { encodeSafetensors } from '../io/safetensorsWriter';
import { forwardAny, generateAny } from './dispatch';
import { createModel, type AnyModel } from './load';
import type { ForwardOutput } from './types';

const ROOT = new URL('../../test/fixtures/golden/t5', import.meta.url).pathname;
let golden: GoldenCase;
let model: AnyModel;
let plain: ForwardOutput;

beforeAll(async () => {
  golden = readCase(join(ROOT));
  model = createModel(await loadCheckpointFromFiles(golden.checkpoint, 't5'));
  plain = await forwardAny(model, forwardRequest(golden.inputs));
});
afterAll(() => model.dispose());

const shape = () => {
  if (model.config.model_type !== 't5') throw new Error('the golden t5 case is not T5');
  const c = model.config;
  return { layers: c.num_decoder_layers, heads: c.num_heads, dkv: c.d_kv, d: c.d_model };
};

/** A mask of ones with `value` at (layer, head). */
function maskWith(layer: number, head: number, value: number): number[][] {
  const { layers, heads } = shape();
  return Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) => (l === layer && h === head ? value : 1)),
  );
}

/** The golden model with the o.weight columns of (layer, head)'s cross-attention scaled. */
async function withScaledOutputColumns(layer: number, head: number, factor: number) {
  const { heads, dkv, d } = shape();
  const file = parseSafetensors(golden.checkpoint.get('model.safetensors')!);
  const target = `decoder.block.${layer}.layer.1.EncDecAttention.o.weight`;
  const tensors = [...file.tensors.keys()].map((name) => {
    const data = Float32Array.from(file.read(name));
    if (name === target) {
      expect(file.tensors.get(name)!.shape).toEqual([d, heads * dkv]); // [out, in]
      for (let o = 0; o < d; o++)
        for (let k = head * dkv; k < (head + 1) * dkv; k++) data[o * heads * dkv + k]! *= factor;
    }
    return { name, shape: file.tensors.get(name)!.shape, data };
  });
  const files = new Map(golden.checkpoint);
  files.set('model.safetensors', encodeSafetensors(tensors));
  return createModel(await loadCheckpointFromFiles(files, 't5 scaled'));
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe('T5 cross-attention head mask', () => {
  it('of ones changes nothing', async () => {
    const { layers, heads } = shape();
    const ones = Array.from({ length: layers }, () => new Array<number>(heads).fill(1));
    const out = await forwardAny(model, {
      ...forwardRequest(golden.inputs),
      crossAttentionHeadMask: ones,
    });
    expect(out.logits!.data).toEqual(plain.logits!.data);
  });

  it.each([
    [0, 1, 0],
    [1, 3, 2.5],
  ])(
    'at layer %i head %i scaled by %f equals scaling the head’s o.weight columns',
    async (layer, head, value) => {
      const before = tf.memory().numTensors;
      const masked = await forwardAny(model, {
        ...forwardRequest(golden.inputs),
        crossAttentionHeadMask: maskWith(layer, head, value),
      });
      expect(tf.memory().numTensors).toBe(before);
      const scaled = await withScaledOutputColumns(layer, head, value);
      try {
        const reference = await forwardAny(scaled, forwardRequest(golden.inputs));
        const difference = maxDifference(masked.logits!.data, reference.logits!.data);
        expect(difference).toBeLessThan(1e-4);
        // and the mask did something: the logits moved
        expect(maxDifference(masked.logits!.data, plain.logits!.data)).toBeGreaterThan(1e-3);
      } finally {
        scaled.dispose();
      }
      // the reported probabilities are the masked ones, as HF returns them
      const probs = masked.attentions.cross!.layers[layer]!.probs;
      const original = plain.attentions.cross!.layers[layer]!.probs;
      const [, nh, tq, tk] = probs.shape as [number, number, number, number];
      const row = (head * tq + 0) * tk; // batch 0, first decoder position
      for (let k = 0; k < tk; k++)
        expect(probs.data[row + k]).toBeCloseTo(original.data[row + k]! * value, 6);
      expect(nh).toBe(shape().heads);
    },
  );

  it('applies at every decode step, as forward applies it', async () => {
    if (model.architecture !== 't5') throw new Error('the golden t5 case is not T5');
    const request = forwardRequest(golden.inputs);
    const mask = maskWith(1, 3, 0);
    const before = tf.memory().numTensors;
    const { state } = await model.encode({ ...request, crossAttentionHeadMask: mask });
    const stepped = await model.decode(request.decoderInputIds!, state);
    state.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const masked = await forwardAny(model, { ...request, crossAttentionHeadMask: mask });
    expect(maxDifference(stepped.logits!.data, masked.logits!.data)).toBeLessThan(1e-5);
    expect(maxDifference(stepped.logits!.data, plain.logits!.data)).toBeGreaterThan(1e-3);
  });

  it('reaches generate: with the KV cache as without it, and the output changes', async () => {
    const { layers, heads } = shape();
    const silent = Array.from({ length: layers }, () => new Array<number>(heads).fill(0));
    const prompt = { inputIds: forwardRequest(golden.inputs).inputIds, maxNewTokens: 6 };
    const cached = await generateAny(model, { ...prompt, crossAttentionHeadMask: silent });
    const recomputed = await generateAny(model, {
      ...prompt,
      crossAttentionHeadMask: silent,
      useCache: false,
    });
    const unmasked = await generateAny(model, prompt);
    expect(cached.sequences).toEqual(recomputed.sequences);
    expect(cached.sequences).not.toEqual(unmasked.sequences);
  });

  it('is refused by generate on a model without cross-attention', async () => {
    const gpt2 = readCase(new URL('../../test/fixtures/golden/gpt2', import.meta.url).pathname);
    const decoder = createModel(await loadCheckpointFromFiles(gpt2.checkpoint, 'gpt2'));
    try {
      await expect(
        generateAny(decoder, {
          inputIds: [[1, 2]],
          maxNewTokens: 1,
          crossAttentionHeadMask: [[1]],
        }),
      ).rejects.toThrow('gpt2 has no cross-attention, so it takes no cross_attn_head_mask');
    } finally {
      decoder.dispose();
    }
  });

  it('of the wrong shape is refused with what it must be', async () => {
    const { layers, heads } = shape();
    await expect(
      forwardAny(model, { ...forwardRequest(golden.inputs), crossAttentionHeadMask: [[1, 0]] }),
    ).rejects.toThrow(
      `cross_attn_head_mask must be ${layers} rows (decoder layers) of ${heads} numbers (heads)`,
    );
  });
});
