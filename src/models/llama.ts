/**
 * LLaMA-style decoder: RMSNorm pre-norm blocks, rotary position embeddings on queries and
 * keys, grouped-query attention (num_key_value_heads ≤ num_attention_heads), a SwiGLU
 * feed-forward (down(act(gate(x)) · up(x))), a final RMSNorm and an untied LM head.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationByName, type Activation } from '../engine/activations';
import { attend, repeatKvHeads } from '../engine/attention';
import type { KVCache } from '../engine/kvCache';
import { embed, linear, mergeHeads, rmsNorm, splitHeads } from '../engine/ops';
import { applyRotary, rotaryTables } from '../engine/rotary';
import type { WeightSet } from '../engine/weights';
import type { LlamaConfig } from '../io/config';
import { lmHeadSpec, type WeightSpec } from './binding';
import { CausalLM, type DecoderTensors } from './causal';
import type { Rows } from './inputs';

const BASE = 'model.';

export function llamaWeightSpec(c: LlamaConfig): WeightSpec[] {
  const C = c.hidden_size;
  const qWidth = c.num_attention_heads * c.head_dim;
  const kvWidth = c.num_key_value_heads * c.head_dim;
  const F = c.intermediate_size;
  const specs: WeightSpec[] = [{ key: `${BASE}embed_tokens.weight`, shape: [c.vocab_size, C] }];
  const projection = (key: string, out: number, inp: number, bias: boolean) => {
    specs.push({ key: `${key}.weight`, shape: [out, inp], linear: true });
    if (bias) specs.push({ key: `${key}.bias`, shape: [out] });
  };
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `${BASE}layers.${l}.`;
    specs.push({ key: `${p}input_layernorm.weight`, shape: [C] });
    projection(`${p}self_attn.q_proj`, qWidth, C, c.attention_bias);
    projection(`${p}self_attn.k_proj`, kvWidth, C, c.attention_bias);
    projection(`${p}self_attn.v_proj`, kvWidth, C, c.attention_bias);
    projection(`${p}self_attn.o_proj`, C, qWidth, c.attention_bias);
    specs.push({ key: `${p}post_attention_layernorm.weight`, shape: [C] });
    projection(`${p}mlp.gate_proj`, F, C, c.mlp_bias);
    projection(`${p}mlp.up_proj`, F, C, c.mlp_bias);
    projection(`${p}mlp.down_proj`, C, F, c.mlp_bias);
  }
  specs.push(
    { key: `${BASE}norm.weight`, shape: [C] },
    lmHeadSpec(c.tie_word_embeddings, c.vocab_size, C, `${BASE}embed_tokens.weight`),
  );
  return specs;
}

export class LlamaModel extends CausalLM {
  readonly architecture = 'llama';
  declare readonly config: LlamaConfig;
  private readonly act: Activation;

  constructor(config: LlamaConfig, weights: WeightSet) {
    super(config, weights, `${BASE}embed_tokens.weight`);
    this.act = activationByName(config.hidden_act);
  }

  protected get positionLimit(): undefined {
    return undefined; // rotary positions have no table to run off
  }

  protected graph(
    ids: tf.Tensor2D,
    positions: Rows,
    bias: tf.Tensor4D,
    cache: KVCache | undefined,
  ): DecoderTensors {
    const c = this.config;
    const w = (key: string) => this.weights.get(key);
    const optional = (key: string) => (this.weights.has(key) ? this.weights.get(key) : undefined);
    const project = (x: tf.Tensor, key: string) =>
      linear(x, w(`${key}.weight`), optional(`${key}.bias`));
    const { cos, sin } = rotaryTables(positions, {
      headDim: c.head_dim,
      theta: c.rope_theta,
      ...(c.rope_scaling && { scalingFactor: c.rope_scaling.factor }),
    }); // (B, 1, T, hs)
    let x = embed(w(`${BASE}embed_tokens.weight`), ids); // (B, T, C)
    const hidden: tf.Tensor[] = [x];
    const probs: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    const heads = c.num_attention_heads;
    for (let l = 0; l < c.num_hidden_layers; l++) {
      const p = `${BASE}layers.${l}.`;
      const normed = rmsNorm(x, w(`${p}input_layernorm.weight`), c.rms_norm_eps);
      const q = applyRotary(splitHeads(project(normed, `${p}self_attn.q_proj`), heads), cos, sin); // (B, nh, T, hs)
      const k = applyRotary(
        splitHeads(project(normed, `${p}self_attn.k_proj`), c.num_key_value_heads),
        cos,
        sin,
      ); // (B, nkv, T, hs)
      const v = splitHeads(project(normed, `${p}self_attn.v_proj`), c.num_key_value_heads); // (B, nkv, T, hs)
      const past = cache ? cache.append(l, k, v) : { k, v }; // (B, nkv, Tk, hs)
      const att = attend(
        q,
        repeatKvHeads(past.k, heads),
        repeatKvHeads(past.v, heads),
        bias,
        Math.sqrt(c.head_dim),
      );
      probs.push(att.probs);
      scores.push(att.scores);
      x = tf.add(x, project(mergeHeads(att.context), `${p}self_attn.o_proj`));
      const normed2 = rmsNorm(x, w(`${p}post_attention_layernorm.weight`), c.rms_norm_eps);
      const gated = tf.mul(
        this.act(project(normed2, `${p}mlp.gate_proj`)),
        project(normed2, `${p}mlp.up_proj`),
      ); // (B, T, F)
      x = tf.add(x, project(gated, `${p}mlp.down_proj`));
      if (l < c.num_hidden_layers - 1) hidden.push(x); // HF: the last block's output only after the norm
    }
    x = rmsNorm(x, w(`${BASE}norm.weight`), c.rms_norm_eps);
    hidden.push(x);
    return { output: x as tf.Tensor3D, hidden, probs, scores };
  }
}
