/**
 * GPT-2 (decoder-only): token + learned position embeddings, pre-norm blocks of causal
 * self-attention and a `gelu_new` MLP, a final LayerNorm and the LM head tied to `wte`.
 * Its linear layers are `Conv1D`, stored [in, out]: already the kernel layout, no transpose.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationByName, type Activation } from '../engine/activations';
import { attend } from '../engine/attention';
import type { KVCache } from '../engine/kvCache';
import { embed, layerNorm, linear, mergeHeads, splitHeads } from '../engine/ops';
import type { WeightSet } from '../engine/weights';
import type { Gpt2Config } from '../io/config';
import { lmHeadSpec, type WeightSpec } from './binding';
import { CausalLM, type DecoderTensors } from './causal';
import type { Rows } from './inputs';

const BASE = 'transformer.';

/** Conv1D layers, [in, out]: the layout that is not nn.Linear's. */
export function gpt2WeightSpec(c: Gpt2Config): WeightSpec[] {
  const C = c.n_embd;
  const specs: WeightSpec[] = [
    { key: `${BASE}wte.weight`, shape: [c.vocab_size, C] },
    { key: `${BASE}wpe.weight`, shape: [c.n_positions, C] },
  ];
  for (let l = 0; l < c.n_layer; l++) {
    const p = `${BASE}h.${l}.`;
    specs.push(
      { key: `${p}ln_1.weight`, shape: [C] },
      { key: `${p}ln_1.bias`, shape: [C] },
      { key: `${p}attn.c_attn.weight`, shape: [C, 3 * C] },
      { key: `${p}attn.c_attn.bias`, shape: [3 * C] },
      { key: `${p}attn.c_proj.weight`, shape: [C, C] },
      { key: `${p}attn.c_proj.bias`, shape: [C] },
      { key: `${p}ln_2.weight`, shape: [C] },
      { key: `${p}ln_2.bias`, shape: [C] },
      { key: `${p}mlp.c_fc.weight`, shape: [C, c.n_inner] },
      { key: `${p}mlp.c_fc.bias`, shape: [c.n_inner] },
      { key: `${p}mlp.c_proj.weight`, shape: [c.n_inner, C] },
      { key: `${p}mlp.c_proj.bias`, shape: [C] },
    );
  }
  specs.push(
    { key: `${BASE}ln_f.weight`, shape: [C] },
    { key: `${BASE}ln_f.bias`, shape: [C] },
    lmHeadSpec(c.tie_word_embeddings, c.vocab_size, C, `${BASE}wte.weight`),
  );
  return specs;
}

export class Gpt2Model extends CausalLM {
  readonly architecture = 'gpt2';
  declare readonly config: Gpt2Config;
  private readonly act: Activation;

  constructor(config: Gpt2Config, weights: WeightSet) {
    super(config, weights, `${BASE}wte.weight`);
    this.act = activationByName(config.activation_function);
  }

  protected get positionLimit(): number {
    return this.config.n_positions;
  }

  protected graph(
    ids: tf.Tensor2D,
    positions: Rows,
    bias: tf.Tensor4D,
    cache: KVCache | undefined,
  ): DecoderTensors {
    const c = this.config;
    const w = (key: string) => this.weights.get(key);
    const [batch, length] = ids.shape;
    const positionIds = tf.tensor2d(positions.flat(), [batch, length], 'int32');
    let x = tf.add(embed(w(`${BASE}wte.weight`), ids), embed(w(`${BASE}wpe.weight`), positionIds)); // (B, T, C)
    const hidden: tf.Tensor[] = [x];
    const probs: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    const heads = c.n_head;
    const headSize = c.n_embd / heads;
    for (let l = 0; l < c.n_layer; l++) {
      const p = `${BASE}h.${l}.`;
      const normed = layerNorm(x, w(`${p}ln_1.weight`), w(`${p}ln_1.bias`), c.layer_norm_epsilon);
      const qkv = linear(normed, w(`${p}attn.c_attn.weight`), w(`${p}attn.c_attn.bias`)); // (B, T, 3C)
      const [q, k, v] = tf.split(qkv, 3, 2).map((t) => splitHeads(t, heads)) as [
        tf.Tensor4D,
        tf.Tensor4D,
        tf.Tensor4D,
      ]; // (B, nh, T, hs)
      const past = cache ? cache.append(l, k, v) : { k, v }; // (B, nh, Tk, hs)
      let divisor = c.scale_attn_weights ? Math.sqrt(headSize) : 1;
      if (c.scale_attn_by_inverse_layer_idx) divisor *= l + 1;
      const att = attend(q, past.k, past.v, bias, divisor);
      probs.push(att.probs);
      scores.push(att.scores);
      const attended = linear(
        mergeHeads(att.context),
        w(`${p}attn.c_proj.weight`),
        w(`${p}attn.c_proj.bias`),
      ); // (B, T, C)
      x = tf.add(x, attended);
      const normed2 = layerNorm(x, w(`${p}ln_2.weight`), w(`${p}ln_2.bias`), c.layer_norm_epsilon);
      const inner = this.act(linear(normed2, w(`${p}mlp.c_fc.weight`), w(`${p}mlp.c_fc.bias`))); // (B, T, n_inner)
      x = tf.add(x, linear(inner, w(`${p}mlp.c_proj.weight`), w(`${p}mlp.c_proj.bias`)));
      if (l < c.n_layer - 1) hidden.push(x); // HF: the last block's output only after ln_f
    }
    x = layerNorm(x, w(`${BASE}ln_f.weight`), w(`${BASE}ln_f.bias`), c.layer_norm_epsilon);
    hidden.push(x);
    return { output: x as tf.Tensor3D, hidden, probs, scores };
  }
}
