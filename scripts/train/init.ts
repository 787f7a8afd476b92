/**
 * Initial weights the way Hugging Face initialises each architecture (`_init_weights`; two
 * exceptions, see `biasStd` and `shareCrossAttentionProjections`), in HF layout, as a
 * safetensors file: a fresh model goes through the same loader as a trained one. Also each
 * weight's learning-rate factor, which follows its initial scale.
 */
import type { ModelConfig } from '../../src/io/config';
import { encodeSafetensors } from '../../src/io/safetensorsWriter';
import type { WeightSpec } from '../../src/models/binding';
import type { Rng } from './rng';

const isNormWeight = (key: string) =>
  /(LayerNorm|layernorm|layer_norm|ln_\d|ln_f|ln_[12]|norm)\.weight$/.test(key);

/** The standard deviation HF draws this weight with. */
function initStd(config: ModelConfig, key: string): number {
  switch (config.model_type) {
    case 'gpt2':
      // GPT-2 scales the residual projections by 1/√(2·n_layer).
      return /c_proj\.weight$/.test(key) ? 0.02 / Math.sqrt(2 * config.n_layer) : 0.02;
    case 't5': {
      const { d_model: d, d_kv: kv, d_ff: ff, num_heads: nh } = config;
      if (key === 'shared.weight' || key === 'lm_head.weight') return 1;
      if (/\.q\.weight$/.test(key)) return (d * kv) ** -0.5;
      if (/\.[kv]\.weight$/.test(key)) return d ** -0.5;
      if (/\.o\.weight$/.test(key)) return (nh * kv) ** -0.5;
      if (/\.wo\.weight$/.test(key)) return ff ** -0.5;
      return d ** -0.5; // wi, wi_0, wi_1, relative_attention_bias
    }
    default:
      return 0.02;
  }
}

/**
 * Biases start at zero as in HF, except LLaMA's query and key biases, which start random. RoPE
 * turns the part of a query and a key that is the same at every position (the bias) into a
 * score that depends only on the offset, which is what a previous-token head needs. But that
 * score is the product b_q · R(Δ) b_k: with both at zero its gradient is zero too, a saddle,
 * and a run with zero-initialised biases (5500 steps) never left it: no head attended by
 * position on random tokens (induction 0.10). With N(0, 1) the offset scores start at about one
 * logit (a sum of head_dim products, scaled by 1/√head_dim) and can be shaped from step one.
 */
function biasStd(config: ModelConfig, key: string): number {
  return config.model_type === 'llama' && /\.(q|k)_proj\.bias$/.test(key) ? 1 : 0;
}

/**
 * T5's position biases (one scalar per bucket and head, shared by every layer of a stack) must
 * move by several logits for a head to attend by offset, as a previous-word head does; at the
 * matrices' rate (1e-3 a step) they stayed within ±0.4 after 500 steps, and the encoder had no
 * positional head to bring word k into sentinel k's place. At ×30 a run passed every bar but
 * the date alignment; ×100 had the encoder's next-word attention from sentinels at 0.80 by step
 * 250 (×30: 0.33).
 */
const RELATIVE_BIAS_LR_SCALE = 100;

/**
 * A factor on the learning rate per weight: for T5, each weight's initial scale over the usual
 * matrix scale d^-½, so every weight moves by the same fraction of its size per step, as under
 * the Adafactor T5 was trained with (steps relative to each weight's size). With one absolute
 * Adam rate the query (std (d·d_kv)^-½, where T5 folds attention's 1/√d_kv) moved √d_kv times
 * faster than the other matrices and, at 2e-3, saturated the cross-attention on one source token
 * for every query; the embedding (std 1) moved √d times slower, for its size, than the matrices.
 */
export function learningRateScale(config: ModelConfig, key: string): number {
  if (config.model_type !== 't5' || isNormWeight(key)) return 1;
  if (key.endsWith('relative_attention_bias.weight')) return RELATIVE_BIAS_LR_SCALE;
  return initStd(config, key) / config.d_model ** -0.5;
}

/**
 * T5's cross-attention query and key start as one random projection (the query scaled by
 * 1/√d_kv, so each keeps HF's standard deviation): every head starts by comparing a decoder
 * token with the encoder tokens through the same projection, so a token finds itself, and
 * sentinel k in the output finds sentinel k in the input, which span corruption and `pos:` need.
 * With independent draws (and one learning rate), the best head found word k for 14–24 % of the
 * tags after 1000–2750 steps; with the shared start, 37 % after 500. The position biases' rate
 * (`RELATIVE_BIAS_LR_SCALE`) closed most of the rest; a run with that rate but independent draws
 * was not tried.
 */
function shareCrossAttentionProjections(
  config: ModelConfig,
  tensors: readonly { name: string; data: Float32Array }[],
): void {
  if (config.model_type !== 't5') return;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const t of tensors) {
    const match = /^(decoder\.block\.\d+\.layer\.1\.EncDecAttention\.)q\.weight$/.exec(t.name);
    const key = match && byName.get(`${match[1]}k.weight`);
    if (!key) continue;
    for (let i = 0; i < t.data.length; i++) t.data[i] = key.data[i]! * config.d_kv ** -0.5;
  }
}

export function initialWeights(
  config: ModelConfig,
  specs: readonly WeightSpec[],
  rng: Rng,
  include: (spec: WeightSpec) => boolean = (spec) => !spec.optional,
): Uint8Array {
  const tensors = specs
    .filter((spec) => spec.tiedTo === undefined && include(spec))
    .map((spec) => {
      const data = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
      if (isNormWeight(spec.key)) data.fill(1);
      else {
        const std = spec.key.endsWith('.bias')
          ? biasStd(config, spec.key)
          : initStd(config, spec.key);
        if (std > 0) for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
      }
      return { name: spec.key, shape: spec.shape, data };
    });
  shareCrossAttentionProjections(config, tensors);
  return encodeSafetensors(tensors);
}
