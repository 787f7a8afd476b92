/**
 * createModel on the golden checkpoints, as stored and rewritten in memory: parameter counts
 * with tied weights counted once, Hub spellings of the same weights giving the same logits, and
 * loader errors that name the problem and leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCheckpointFromFiles, type Checkpoint } from '../io/checkpoint';
import { LoadError } from '../io/errors';
import { parseSafetensors } from '../io/safetensors';
import { encodeSafetensors, type WritableTensor } from '../io/safetensorsWriter';
import { forwardAny } from './dispatch';
import { createModel } from './load';

const golden = (name: string, file: string): Uint8Array =>
  new Uint8Array(
    readFileSync(new URL(`../../test/fixtures/golden/${name}/${file}`, import.meta.url)),
  );

/** A golden checkpoint, optionally with its tensors or config.json rewritten. */
function checkpoint(
  name: string,
  edit: { tensors?: (tensors: WritableTensor[]) => WritableTensor[]; config?: object } = {},
): Promise<Checkpoint> {
  let weights = golden(name, 'model.safetensors');
  if (edit.tensors) {
    const file = parseSafetensors(weights);
    const tensors = [...file.tensors.values()].map((t) => ({
      name: t.name,
      shape: t.shape,
      data: file.read(t.name),
    }));
    weights = encodeSafetensors(edit.tensors(tensors));
  }
  const config = JSON.parse(new TextDecoder().decode(golden(name, 'config.json'))) as object;
  return loadCheckpointFromFiles(
    new Map([
      ['config.json', new TextEncoder().encode(JSON.stringify({ ...config, ...edit.config }))],
      ['model.safetensors', weights],
    ]),
  );
}

/** Logits of the golden forward inputs. */
async function logits(source: Checkpoint): Promise<Float32Array> {
  type Rows = number[][];
  const inputs = JSON.parse(
    new TextDecoder().decode(golden(source.config.model_type, 'inputs.json')),
  ) as { forward: { input_ids: Rows; attention_mask: Rows; token_type_ids?: Rows } };
  const { input_ids, attention_mask, token_type_ids } = inputs.forward;
  const model = createModel(source);
  try {
    const output = await forwardAny(
      model,
      { inputIds: input_ids, attentionMask: attention_mask, tokenTypeIds: token_type_ids },
      { attentions: false, hiddenStates: false },
    );
    return output.logits!.data;
  } finally {
    model.dispose();
  }
}

/** The LoadError createModel throws, after checking no tensor was left behind. */
function loadError(source: Checkpoint): LoadError {
  const before = tf.memory().numTensors;
  let thrown: unknown;
  try {
    createModel(source).dispose();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LoadError);
  expect(tf.memory().numTensors).toBe(before);
  return thrown as LoadError;
}

describe('createModel on the golden checkpoints', () => {
  it.each([
    ['bert', 20_141],
    ['gpt2', 30_688],
    ['t5', 37_664],
    ['t5-v1_1', 45_568],
    ['llama', 19_744],
  ])(
    '%s has as many parameters as its file stores (%i): tied weights once',
    async (name, count) => {
      const source = await checkpoint(name);
      const stored = [...source.weights.tensors.values()].reduce(
        (sum, t) => sum + t.shape.reduce((a, b) => a * b, 1),
        0,
      );
      expect(stored).toBe(count);
      const before = tf.memory().numTensors;
      const model = createModel(source);
      expect(model.architecture).toBe(source.config.model_type);
      expect(model.numParameters).toBe(count);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('createModel on Hub spellings of the same weights', () => {
  it('GPT-2 without the transformer. prefix and with attn.bias buffers gives identical logits', async () => {
    const reference = await logits(await checkpoint('gpt2'));
    expect(reference.length).toBe(2 * 10 * 99);
    const hubStyle = await checkpoint('gpt2', {
      tensors: (tensors) => [
        ...tensors.map((t) => ({ ...t, name: t.name.replace(/^transformer\./, '') })),
        { name: 'h.0.attn.bias', shape: [1, 1, 64, 64], data: new Float32Array(4096).fill(1) },
        { name: 'h.1.attn.bias', shape: [1, 1, 64, 64], data: new Float32Array(4096).fill(1) },
      ],
    });
    expect(hubStyle.weights.tensors.has('transformer.wte.weight')).toBe(false);
    expect(await logits(hubStyle)).toEqual(reference);
  });

  it('BERT with LayerNorm gamma/beta names gives identical logits', async () => {
    const reference = await logits(await checkpoint('bert'));
    const legacy = await checkpoint('bert', {
      tensors: (tensors) =>
        tensors.map((t) => ({
          ...t,
          name: t.name
            .replace(/LayerNorm\.weight$/, 'LayerNorm.gamma')
            .replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
        })),
    });
    expect(legacy.weights.tensors.has('bert.embeddings.LayerNorm.beta')).toBe(true);
    expect(await logits(legacy)).toEqual(reference);
  });
});

describe('loader errors', () => {
  it('an unsupported model_type is refused before any weight is read', async () => {
    const error: unknown = await checkpoint('gpt2', { config: { model_type: 'gpt_neox' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).message).toBe(
      "config.json: model_type 'gpt_neox' is not supported (supported: bert, gpt2, t5, llama)",
    );
  });

  it('a missing tensor names the key and its expected shape', async () => {
    const source = await checkpoint('t5', {
      tensors: (tensors) =>
        tensors.filter((t) => t.name !== 'decoder.block.1.layer.1.EncDecAttention.o.weight'),
    });
    expect(loadError(source).message).toBe(
      "model.safetensors: missing tensor 'decoder.block.1.layer.1.EncDecAttention.o.weight' [32, 32] " +
        '(is this checkpoint the architecture its config.json names?)',
    );
  });

  it('a config that disagrees with the file names the key, found and expected shapes', async () => {
    const source = await checkpoint('llama', { config: { intermediate_size: 38 } });
    expect(loadError(source).message).toBe(
      "model.safetensors: tensor 'model.layers.0.mlp.gate_proj.weight' has shape [37, 32], " +
        'but config.json implies [38, 32]',
    );
  });

  it('a model that refuses its weights after binding frees them (BERT head incomplete)', async () => {
    const source = await checkpoint('bert', {
      tensors: (tensors) =>
        tensors.filter((t) => t.name !== 'cls.predictions.transform.dense.bias'),
    });
    expect(loadError(source).message).toBe(
      'model.safetensors: the MLM head is incomplete: missing cls.predictions.transform.dense.bias',
    );
  });

  it('a model that refuses its config after binding frees the weights (unknown activation)', async () => {
    const source = await checkpoint('gpt2', { config: { activation_function: 'swishy' } });
    expect(loadError(source).message).toMatch(
      /^config\.json: activation 'swishy' is not supported \(supported: .*gelu_new.*\)$/,
    );
  });
});
