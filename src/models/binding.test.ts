/**
 * bindWeights on the golden checkpoints, as stored and rewritten in memory: tied weights are
 * one tensor, names are found under the spellings Hub files use, and every refusal names the
 * key and the shapes without leaving a tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WeightSet } from '../engine/weights';
import type { ModelConfig } from '../io/config';
import { parseConfig } from '../io/config';
import { LoadError } from '../io/errors';
import { parseSafetensors, type SafetensorsFile } from '../io/safetensors';
import { encodeSafetensors, type WritableTensor } from '../io/safetensorsWriter';
import { bertWeightSpec } from './bert';
import { bindWeights } from './binding';
import { gpt2WeightSpec } from './gpt2';
import { llamaWeightSpec } from './llama';
import { t5WeightSpec } from './t5Weights';

const golden = (name: string, file: string) =>
  readFileSync(new URL(`../../test/fixtures/golden/${name}/${file}`, import.meta.url));

const configOf = (name: string): ModelConfig => parseConfig(golden(name, 'config.json').toString());
const fileOf = (name: string): SafetensorsFile =>
  parseSafetensors(new Uint8Array(golden(name, 'model.safetensors')));

/** Every tensor of a golden file, to rewrite and encode again. */
function tensorsOf(name: string): WritableTensor[] {
  const file = fileOf(name);
  return [...file.tensors.values()].map((t) => ({
    name: t.name,
    shape: t.shape,
    data: file.read(t.name),
  }));
}

const rewrite = (tensors: readonly WritableTensor[]): SafetensorsFile =>
  parseSafetensors(encodeSafetensors(tensors));

/** Binds as createModel does: the spec and base prefix of the config's architecture. */
function bind(config: ModelConfig, file: SafetensorsFile): WeightSet {
  switch (config.model_type) {
    case 'bert':
      return bindWeights(file, bertWeightSpec(config), { basePrefix: 'bert.' });
    case 'gpt2':
      return bindWeights(file, gpt2WeightSpec(config), { basePrefix: 'transformer.' });
    case 'llama':
      return bindWeights(file, llamaWeightSpec(config), { basePrefix: 'model.' });
    case 't5':
      return bindWeights(file, t5WeightSpec(config));
  }
}

/** Element count of every tensor in a file: each tied group is stored once. */
const storedParameters = (file: SafetensorsFile): number =>
  [...file.tensors.values()].reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0);

/** The LoadError a bind throws, after checking that it freed every tensor it had uploaded. */
function bindError(config: ModelConfig, file: SafetensorsFile): string {
  const before = tf.memory().numTensors;
  let thrown: unknown;
  try {
    bind(config, file).dispose();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LoadError);
  expect(tf.memory().numTensors).toBe(before);
  return (thrown as LoadError).message;
}

describe('bindWeights: tied weights', () => {
  it.each([
    ['bert', 'bert.embeddings.word_embeddings.weight', ['cls.predictions.decoder.weight'], []],
    ['gpt2', 'transformer.wte.weight', ['lm_head.weight'], []],
    [
      't5',
      'shared.weight',
      ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight', 'lm_head.weight'],
      [],
    ],
    [
      't5-v1_1',
      'shared.weight',
      ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'],
      ['lm_head.weight'],
    ],
    ['llama', 'model.embed_tokens.weight', [], ['lm_head.weight']],
  ])('%s: aliases of %s are the same tensor, and counted once', (name, stored, tied, separate) => {
    const before = tf.memory().numTensors;
    const file = fileOf(name);
    const weights = bind(configOf(name), file);
    for (const key of tied) expect(weights.get(key)).toBe(weights.get(stored));
    for (const key of separate) expect(weights.get(key)).not.toBe(weights.get(stored));
    expect(weights.keys().length).toBe(file.tensors.size + tied.length);
    expect(weights.numParameters).toBe(storedParameters(file));
    expect(tf.memory().numTensors).toBe(before + file.tensors.size);
    weights.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('bindWeights: the names Hub files use', () => {
  it('finds GPT-2 keys stored without the transformer. prefix, ignoring attn.bias buffers', async () => {
    const config = configOf('gpt2');
    const bare = tensorsOf('gpt2').map((t) => ({
      ...t,
      name: t.name.replace(/^transformer\./, ''),
    }));
    const buffers = [0, 1].flatMap((l) => [
      { name: `h.${l}.attn.bias`, shape: [1, 1, 64, 64], data: new Float32Array(64 * 64).fill(1) },
      { name: `h.${l}.attn.masked_bias`, shape: [], data: Float32Array.of(-1e4) },
    ]);
    const file = rewrite([...bare, ...buffers]);
    expect(file.tensors.has('transformer.wte.weight')).toBe(false);
    const weights = bind(config, file);
    const reference = bind(config, fileOf('gpt2'));
    expect(weights.keys().sort()).toEqual(reference.keys().sort());
    expect(weights.keys().filter((key) => /\.attn\.(masked_)?bias$/.test(key))).toEqual([]);
    expect(weights.numParameters).toBe(reference.numParameters);
    const wpe = await weights.get('transformer.wpe.weight').data();
    expect(wpe).toEqual(await reference.get('transformer.wpe.weight').data());
    weights.dispose();
    reference.dispose();
  });

  it('finds BERT LayerNorm parameters under their TF-era names gamma and beta', async () => {
    const legacy = tensorsOf('bert').map((t) => ({
      ...t,
      name: t.name
        .replace(/LayerNorm\.weight$/, 'LayerNorm.gamma')
        .replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
    }));
    const file = rewrite(legacy);
    expect(file.tensors.has('bert.embeddings.LayerNorm.gamma')).toBe(true);
    const weights = bind(configOf('bert'), file);
    const gamma = fileOf('bert').read('cls.predictions.transform.LayerNorm.weight');
    expect(await weights.get('cls.predictions.transform.LayerNorm.weight').data()).toEqual(gamma);
    expect(weights.has('bert.encoder.layer.1.output.LayerNorm.bias')).toBe(true);
    weights.dispose();
  });
});

describe('bindWeights refuses, freeing what it uploaded', () => {
  it('a missing tensor, naming the key and the shape config.json implies', () => {
    const tensors = tensorsOf('gpt2').filter((t) => t.name !== 'transformer.h.1.mlp.c_fc.weight');
    expect(bindError(configOf('gpt2'), rewrite(tensors))).toBe(
      "model.safetensors: missing tensor 'transformer.h.1.mlp.c_fc.weight' [32, 128] " +
        '(is this checkpoint the architecture its config.json names?)',
    );
  });

  it('many missing tensors, naming the first three', () => {
    const tensors = tensorsOf('llama').filter(
      (t) => !t.name.startsWith('model.layers.1.self_attn'),
    );
    expect(bindError(configOf('llama'), rewrite(tensors))).toBe(
      "model.safetensors: missing tensors 'model.layers.1.self_attn.q_proj.weight' [32, 32], " +
        "'model.layers.1.self_attn.k_proj.weight' [16, 32], " +
        "'model.layers.1.self_attn.v_proj.weight' [16, 32] and 1 more " +
        '(is this checkpoint the architecture its config.json names?)',
    );
  });

  it('a wrong shape, naming the key as stored, the found and the expected shape', () => {
    const tensors = tensorsOf('gpt2').map((t) =>
      t.name === 'transformer.ln_f.bias' ? { ...t, shape: [33], data: new Float32Array(33) } : t,
    );
    expect(bindError(configOf('gpt2'), rewrite(tensors))).toBe(
      "model.safetensors: tensor 'transformer.ln_f.bias' has shape [33], but config.json implies [32]",
    );
    const transposed = tensorsOf('t5').map((t) =>
      t.name === 'encoder.block.0.layer.1.DenseReluDense.wi.weight' ? { ...t, shape: [32, 37] } : t,
    );
    expect(bindError(configOf('t5'), rewrite(transposed))).toBe(
      "model.safetensors: tensor 'encoder.block.0.layer.1.DenseReluDense.wi.weight' has shape " +
        '[32, 37], but config.json implies [37, 32]',
    );
  });

  it('a tied weight whose source is missing too', () => {
    const file = fileOf('gpt2');
    const before = tf.memory().numTensors;
    const specs = [
      { key: 'transformer.ln_f.weight', shape: [32] },
      { key: 'lm_head.weight', shape: [99, 32], tiedTo: 'wte.absent' },
    ];
    expect(() => bindWeights(file, specs)).toThrow(
      "model.safetensors: missing tensor 'lm_head.weight', and 'wte.absent' it is tied to is missing too",
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
