/**
 * parseConfig: the golden configs, Hugging Face v4.35 defaults for omitted keys (the table in
 * test/fixtures/golden/README.md), T5's feed_forward_proj, and every refusal with its message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { LoadError } from './errors';

const goldenConfig = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/golden/${name}/config.json`, import.meta.url), 'utf8');

/** The message parseConfig throws for `input`, checking it is a LoadError on config.json. */
function refusal(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).file).toBe('config.json');
    return (error as LoadError).message;
  }
  throw new Error('expected parseConfig to refuse the config');
}

/** HF v4.35's config-class defaults (README table), with the derived keys resolved. */
const DEFAULTS = {
  bert: {
    model_type: 'bert',
    vocab_size: 30522,
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    hidden_act: 'gelu',
    max_position_embeddings: 512,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    tie_word_embeddings: true,
  },
  gpt2: {
    model_type: 'gpt2',
    vocab_size: 50257,
    n_positions: 1024,
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
    n_inner: 3072, // null: 4 × n_embd
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    scale_attn_weights: true,
    scale_attn_by_inverse_layer_idx: false,
    bos_token_id: 50256,
    eos_token_id: 50256,
    pad_token_id: null,
    tie_word_embeddings: true,
  },
  t5: {
    model_type: 't5',
    vocab_size: 32128,
    d_model: 512,
    d_kv: 64,
    d_ff: 2048,
    num_layers: 6,
    num_decoder_layers: 6, // null: num_layers
    num_heads: 8,
    relative_attention_num_buckets: 32,
    relative_attention_max_distance: 128,
    layer_norm_epsilon: 1e-6,
    feed_forward_proj: 'relu',
    dense_act_fn: 'relu',
    is_gated_act: false,
    tie_word_embeddings: true,
    pad_token_id: 0,
    eos_token_id: 1,
    decoder_start_token_id: 0,
  },
  llama: {
    model_type: 'llama',
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32, // null: num_attention_heads
    head_dim: 128,
    hidden_act: 'silu',
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
    bos_token_id: 1,
    eos_token_id: 2,
    pad_token_id: null,
  },
} as const;

/** The golden configs: the defaults, overridden by the README table's values. */
const SMALL = { vocab_size: 99, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4 };
const SMALL_T5 = {
  ...DEFAULTS.t5,
  ...{ vocab_size: 99, d_model: 32, d_kv: 8, d_ff: 37, num_layers: 2, num_decoder_layers: 2 },
  ...{ num_heads: 4, relative_attention_num_buckets: 8, relative_attention_max_distance: 20 },
};
const GOLDEN = {
  bert: { ...DEFAULTS.bert, ...SMALL, intermediate_size: 37, max_position_embeddings: 64 },
  gpt2: {
    ...DEFAULTS.gpt2,
    ...{ vocab_size: 99, n_positions: 64, n_embd: 32, n_layer: 2, n_head: 4, n_inner: 128 },
    ...{ bos_token_id: 98, eos_token_id: 98, pad_token_id: 98 },
  },
  t5: SMALL_T5,
  't5-v1_1': {
    ...SMALL_T5,
    ...{ feed_forward_proj: 'gated-gelu', dense_act_fn: 'gelu_new', is_gated_act: true },
    tie_word_embeddings: false,
  },
  llama: {
    ...DEFAULTS.llama,
    ...{ ...SMALL, intermediate_size: 37, max_position_embeddings: 64 },
    ...{ num_key_value_heads: 2, head_dim: 8, pad_token_id: 0 },
  },
};

describe('parseConfig on the golden configs', () => {
  it.each(Object.entries(GOLDEN))('%s', (name, expected) => {
    expect(parseConfig(goldenConfig(name))).toEqual(expected);
  });
});

describe('parseConfig fills omitted keys with HF v4.35 defaults', () => {
  it.each(Object.values(DEFAULTS))('$model_type', (defaults) => {
    expect(parseConfig({ model_type: defaults.model_type })).toEqual(defaults);
  });

  it('resolves the null-means-derived keys from the values the file does give', () => {
    expect(parseConfig({ model_type: 'gpt2', n_embd: 64, n_head: 4, n_inner: null })).toMatchObject(
      { n_inner: 256 },
    );
    expect(parseConfig({ model_type: 't5', num_layers: 3 })).toMatchObject({
      num_layers: 3,
      num_decoder_layers: 3,
    });
    expect(parseConfig({ model_type: 't5', pad_token_id: 5 })).toMatchObject({
      decoder_start_token_id: 5,
    });
    const llama = { model_type: 'llama', hidden_size: 64, num_attention_heads: 8 };
    expect(parseConfig({ ...llama, num_key_value_heads: null })).toMatchObject({
      num_key_value_heads: 8,
      head_dim: 8,
    });
  });

  it('reads a negative pad id (some LLaMA conversions write -1) as "no pad" where none is the default', () => {
    expect(parseConfig({ model_type: 'llama', pad_token_id: -1 })).toMatchObject({
      pad_token_id: null,
    });
    expect(parseConfig({ model_type: 'gpt2', pad_token_id: -1 })).toMatchObject({
      pad_token_id: null,
    });
  });
});

describe('T5 feed_forward_proj', () => {
  it.each([
    ['gated-gelu', 'gelu_new', true], // HF keeps the tanh approximation for backwards compatibility
    ['gated-silu', 'silu', true],
    ['relu', 'relu', false],
    ['gelu', 'gelu', false],
  ])('%s → %s, gated %s', (proj, act, gated) => {
    expect(parseConfig({ model_type: 't5', feed_forward_proj: proj })).toMatchObject({
      feed_forward_proj: proj,
      dense_act_fn: act,
      is_gated_act: gated,
    });
  });

  it.each(['foo-bar-baz', 'ungated-relu'])('refuses %s', (proj) => {
    expect(refusal({ model_type: 't5', feed_forward_proj: proj })).toBe(
      `config.json: feed_forward_proj '${proj}' is not valid: use '{ACT_FN}' or 'gated-{ACT_FN}', e.g. 'relu' or 'gated-gelu'`,
    );
  });
});

describe('parseConfig refuses', () => {
  it('an unsupported or missing model_type, listing the supported ones', () => {
    expect(refusal({ model_type: 'gpt_neox' })).toBe(
      "config.json: model_type 'gpt_neox' is not supported (supported: bert, gpt2, t5, llama)",
    );
    expect(refusal({ hidden_size: 32 })).toBe(
      'config.json: has no model_type (expected one of bert, gpt2, t5, llama)',
    );
  });

  it('settings that change the math and are not implemented', () => {
    expect(refusal({ model_type: 'bert', position_embedding_type: 'relative_key' })).toBe(
      "config.json: position_embedding_type 'relative_key' is not supported (only 'absolute')",
    );
    expect(refusal({ model_type: 'llama', rope_scaling: { type: 'dynamic', factor: 2 } })).toBe(
      'config.json: rope_scaling of type "dynamic" is not supported (only \'linear\' and null)',
    );
    expect(refusal({ model_type: 'llama', rope_scaling: { type: 'linear', factor: 0.5 } })).toBe(
      'config.json: rope_scaling.factor must be a number ≥ 1, found 0.5',
    );
  });

  it('accepts the rope_scaling it implements', () => {
    const linear = { model_type: 'llama', rope_scaling: { type: 'linear', factor: 4 } };
    expect(parseConfig(linear)).toMatchObject({ rope_scaling: { type: 'linear', factor: 4 } });
    const newer = { model_type: 'llama', rope_scaling: { rope_type: 'default' } };
    expect(parseConfig(newer)).toMatchObject({ rope_scaling: null });
  });

  it('head counts that do not divide the width', () => {
    expect(refusal({ model_type: 'bert', hidden_size: 30, num_attention_heads: 4 })).toBe(
      'config.json: hidden_size (30) must be divisible by num_attention_heads (4)',
    );
    expect(refusal({ model_type: 'gpt2', n_embd: 30, n_head: 4 })).toBe(
      'config.json: n_embd (30) must be divisible by n_head (4)',
    );
    expect(refusal({ model_type: 'llama', num_attention_heads: 4, num_key_value_heads: 3 })).toBe(
      'config.json: num_attention_heads (4) must be divisible by num_key_value_heads (3)',
    );
    expect(refusal({ model_type: 'llama', hidden_size: 12, num_attention_heads: 4 })).toBe(
      'config.json: head dimension 3 must be even for rotary embeddings',
    );
  });

  it.each([
    [{ model_type: 'bert', hidden_size: 0 }, 'hidden_size must be a positive integer, found 0'],
    [{ model_type: 'gpt2', n_layer: -1 }, 'n_layer must be a positive integer, found -1'],
    [{ model_type: 't5', d_kv: 2.5 }, 'd_kv must be a positive integer, found 2.5'],
    [
      { model_type: 'llama', vocab_size: '99' },
      'vocab_size must be a positive integer, found "99"',
    ],
    [
      { model_type: 'bert', layer_norm_eps: -1 },
      'layer_norm_eps must be a positive number, found -1',
    ],
    [
      { model_type: 'bert', pad_token_id: -1 },
      'pad_token_id must be a token id (a non-negative integer), found -1',
    ],
    [
      { model_type: 'llama', eos_token_id: [2, -1] },
      'eos_token_id must be token ids, found [2,-1]',
    ],
  ])('%j', (config, message) => {
    expect(refusal(config)).toBe(`config.json: ${message}`);
  });

  it('text that is not a JSON object', () => {
    expect(refusal('{"model_type": ')).toMatch(/^config\.json: not valid JSON \(.+\)$/);
    expect(refusal('[1, 2]')).toBe('config.json: must be a JSON object');
    expect(() => parseConfig('null', 'models/x/config.json')).toThrow(
      'models/x/config.json: must be a JSON object',
    );
  });
});
