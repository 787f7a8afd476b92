/**
 * Initial weights the way Hugging Face initialises each architecture (`_init_weights`; one
 * exception, see `biasStd`), in HF layout, as a safetensors file: a fresh model goes through
 * the same loader as a trained one.
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
  return encodeSafetensors(tensors);
}
