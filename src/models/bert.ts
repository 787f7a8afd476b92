/**
 * BERT (encoder-only): token + position + segment embeddings and a LayerNorm, then post-norm
 * blocks of bidirectional self-attention and a feed-forward layer; the MLM head (tied to the
 * word embeddings) and the pooler when the checkpoint has them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationByName, type Activation } from '../engine/activations';
import { attend } from '../engine/attention';
import { buildMask, maskBias, type AttentionMask } from '../engine/masks';
import {
  embed,
  takePositions,
  layerNorm,
  linear,
  mergeHeads,
  prepareTiedLogits,
  splitHeads,
  tiedLogits,
} from '../engine/ops';
import type { WeightSet } from '../engine/weights';
import type { BertConfig } from '../io/config';
import { LoadError } from '../io/errors';
import type { WeightSpec } from './binding';
import {
  checkCompanion,
  checkLength,
  checkMask,
  checkTokenIds,
  filled,
  InputError,
  type BatchShape,
} from './inputs';
import { buildTrace, keptOf, readGroups } from './output';
import type { EncoderInputs, ForwardOptions, ForwardOutput, LanguageModel } from './types';

const BASE = 'bert.';

export function bertWeightSpec(c: BertConfig): WeightSpec[] {
  const C = c.hidden_size;
  const linear = true;
  const specs: WeightSpec[] = [
    { key: `${BASE}embeddings.word_embeddings.weight`, shape: [c.vocab_size, C] },
    { key: `${BASE}embeddings.position_embeddings.weight`, shape: [c.max_position_embeddings, C] },
    { key: `${BASE}embeddings.token_type_embeddings.weight`, shape: [c.type_vocab_size, C] },
    { key: `${BASE}embeddings.LayerNorm.weight`, shape: [C] },
    { key: `${BASE}embeddings.LayerNorm.bias`, shape: [C] },
  ];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `${BASE}encoder.layer.${l}.`;
    for (const name of ['query', 'key', 'value']) {
      specs.push({ key: `${p}attention.self.${name}.weight`, shape: [C, C], linear });
      specs.push({ key: `${p}attention.self.${name}.bias`, shape: [C] });
    }
    specs.push(
      { key: `${p}attention.output.dense.weight`, shape: [C, C], linear },
      { key: `${p}attention.output.dense.bias`, shape: [C] },
      { key: `${p}attention.output.LayerNorm.weight`, shape: [C] },
      { key: `${p}attention.output.LayerNorm.bias`, shape: [C] },
      { key: `${p}intermediate.dense.weight`, shape: [c.intermediate_size, C], linear },
      { key: `${p}intermediate.dense.bias`, shape: [c.intermediate_size] },
      { key: `${p}output.dense.weight`, shape: [C, c.intermediate_size], linear },
      { key: `${p}output.dense.bias`, shape: [C] },
      { key: `${p}output.LayerNorm.weight`, shape: [C] },
      { key: `${p}output.LayerNorm.bias`, shape: [C] },
    );
  }
  // Heads a BertModel-only checkpoint lacks: without them there are no logits / no pooled output.
  const optional = true;
  specs.push(
    { key: `${BASE}pooler.dense.weight`, shape: [C, C], optional, linear },
    { key: `${BASE}pooler.dense.bias`, shape: [C], optional },
    { key: 'cls.predictions.transform.dense.weight', shape: [C, C], optional, linear },
    { key: 'cls.predictions.transform.dense.bias', shape: [C], optional },
    { key: 'cls.predictions.transform.LayerNorm.weight', shape: [C], optional },
    { key: 'cls.predictions.transform.LayerNorm.bias', shape: [C], optional },
    { key: 'cls.predictions.bias', shape: [c.vocab_size], optional },
  );
  if (c.tie_word_embeddings) {
    specs.push({
      key: 'cls.predictions.decoder.weight',
      shape: [c.vocab_size, C],
      tiedTo: `${BASE}embeddings.word_embeddings.weight`,
    });
  } else {
    specs.push({
      key: 'cls.predictions.decoder.weight',
      shape: [c.vocab_size, C],
      optional,
      linear,
    });
  }
  return specs;
}

const MLM_HEAD = [
  'cls.predictions.transform.dense.weight',
  'cls.predictions.transform.dense.bias',
  'cls.predictions.transform.LayerNorm.weight',
  'cls.predictions.transform.LayerNorm.bias',
  'cls.predictions.bias',
];

export class BertModel implements LanguageModel {
  readonly architecture = 'bert';
  private readonly act: Activation;
  readonly hasMlmHead: boolean;
  readonly hasPooler: boolean;

  constructor(
    readonly config: BertConfig,
    readonly weights: WeightSet,
  ) {
    this.act = activationByName(config.hidden_act);
    const present = MLM_HEAD.filter((key) => weights.has(key));
    if (present.length > 0 && present.length < MLM_HEAD.length) {
      const absent = MLM_HEAD.filter((key) => !weights.has(key));
      throw new LoadError(
        `the MLM head is incomplete: missing ${absent.join(', ')}`,
        'model.safetensors',
      );
    }
    this.hasMlmHead =
      present.length === MLM_HEAD.length && weights.has('cls.predictions.decoder.weight');
    this.hasPooler = weights.has(`${BASE}pooler.dense.weight`);
    if (this.hasMlmHead && config.tie_word_embeddings)
      prepareTiedLogits(weights, `${BASE}embeddings.word_embeddings.weight`);
  }

  get numParameters(): number {
    return this.weights.numParameters;
  }

  /** Checks inputs and builds the mask: what a forward pass needs before any tensor. */
  private prepare(inputs: EncoderInputs) {
    const c = this.config;
    const shape = checkTokenIds(inputs.inputIds, c.vocab_size, 'input_ids');
    checkLength(shape.length, c.max_position_embeddings, 'input_ids', 'max_position_embeddings');
    checkMask(inputs.attentionMask, shape);
    checkCompanion(
      inputs.tokenTypeIds,
      shape,
      'token_type_ids',
      (v) => v >= 0 && v < c.type_vocab_size,
      `must be a segment id below type_vocab_size (${c.type_vocab_size})`,
    );
    const mask = buildMask({
      batch: shape.batch,
      queryLength: shape.length,
      keyLength: shape.length,
      keyPadding: inputs.attentionMask,
      causal: false,
    });
    return { shape, mask };
  }

  /** The whole network on tensors; call inside `tf.tidy` (or an optimizer's `minimize`). */
  private graph(
    inputs: EncoderInputs,
    shape: BatchShape,
    mask: AttentionMask,
    options: ForwardOptions & { positions?: readonly number[] },
  ) {
    const c = this.config;
    const w = (key: string) => this.weights.get(key);
    const ids = tf.tensor2d(inputs.inputIds.flat(), [shape.batch, shape.length], 'int32');
    const types = tf.tensor2d(
      (inputs.tokenTypeIds ?? filled(shape, 0)).flat(),
      [shape.batch, shape.length],
      'int32',
    );
    const positions = tf.range(0, shape.length, 1, 'int32'); // (T)
    const bias = maskBias(mask); // (B, 1, T, T)
    const e = `${BASE}embeddings.`;
    let x = tf.add(
      tf.add(
        embed(w(`${e}word_embeddings.weight`), ids),
        embed(w(`${e}token_type_embeddings.weight`), types),
      ),
      embed(w(`${e}position_embeddings.weight`), positions),
    ); // (B, T, C)
    x = layerNorm(x, w(`${e}LayerNorm.weight`), w(`${e}LayerNorm.bias`), c.layer_norm_eps);

    const hidden: tf.Tensor[] = [x];
    const probs: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    const heads = c.num_attention_heads;
    const divisor = Math.sqrt(c.hidden_size / heads);
    for (let l = 0; l < c.num_hidden_layers; l++) {
      const p = `${BASE}encoder.layer.${l}.`;
      const project = (name: string) =>
        splitHeads(
          linear(x, w(`${p}attention.self.${name}.weight`), w(`${p}attention.self.${name}.bias`)),
          heads,
        ); // (B, nh, T, hs)
      const att = attend(project('query'), project('key'), project('value'), bias, divisor);
      probs.push(att.probs);
      scores.push(att.scores);
      const attended = linear(
        mergeHeads(att.context),
        w(`${p}attention.output.dense.weight`),
        w(`${p}attention.output.dense.bias`),
      ); // (B, T, C)
      x = layerNorm(
        tf.add(attended, x),
        w(`${p}attention.output.LayerNorm.weight`),
        w(`${p}attention.output.LayerNorm.bias`),
        c.layer_norm_eps,
      );
      const inner = this.act(
        linear(x, w(`${p}intermediate.dense.weight`), w(`${p}intermediate.dense.bias`)),
      ); // (B, T, 4C)
      const ff = linear(inner, w(`${p}output.dense.weight`), w(`${p}output.dense.bias`)); // (B, T, C)
      x = layerNorm(
        tf.add(ff, x),
        w(`${p}output.LayerNorm.weight`),
        w(`${p}output.LayerNorm.bias`),
        c.layer_norm_eps,
      );
      hidden.push(x);
    }

    const logits: tf.Tensor[] = [];
    if (this.hasMlmHead) {
      const t = 'cls.predictions.transform.';
      let h = this.act(linear(x, w(`${t}dense.weight`), w(`${t}dense.bias`)));
      h = layerNorm(h, w(`${t}LayerNorm.weight`), w(`${t}LayerNorm.bias`), c.layer_norm_eps);
      if (options.logits === 'last') h = tf.slice(h, [0, shape.length - 1, 0], [-1, 1, -1]); // (B, 1, C)
      if (options.positions) h = takePositions(h, options.positions); // (1, M, C)
      const scores = c.tie_word_embeddings
        ? tiedLogits(h, this.weights, `${BASE}embeddings.word_embeddings.weight`)
        : linear(h, w('cls.predictions.decoder.weight'));
      logits.push(tf.add(scores, w('cls.predictions.bias'))); // (B, T, V)
    }
    const pooled: tf.Tensor[] = [];
    if (this.hasPooler) {
      const first = tf.squeeze(tf.slice(x, [0, 0, 0], [-1, 1, -1]), [1]); // (B, C): [CLS]
      pooled.push(
        tf.tanh(linear(first, w(`${BASE}pooler.dense.weight`), w(`${BASE}pooler.dense.bias`))),
      );
    }
    return { logits, pooled, hidden, probs, scores };
  }

  async forward(inputs: EncoderInputs, options: ForwardOptions = {}): Promise<ForwardOutput> {
    const { shape, mask } = this.prepare(inputs);
    const keep = keptOf(options);
    const tensors = tf.tidy(() => {
      const { logits, pooled, hidden, probs, scores } = this.graph(inputs, shape, mask, options);
      return {
        logits,
        pooled,
        hidden: keep.hiddenStates ? hidden : [],
        probs: keep.attentions || keep.scores ? probs : [],
        scores: keep.scores ? scores : [],
      };
    });

    const out = await readGroups(tensors);
    return {
      logits: out.logits[0],
      pooled: out.pooled[0],
      attentions:
        out.probs.length > 0 ? { self: buildTrace('self', mask, out.probs, out.scores) } : {},
      hiddenStates: out.hidden.length > 0 ? { encoder: out.hidden } : {},
    };
  }

  /**
   * MLM logits as a tensor, for training: call inside `tf.tidy` or `minimize`. (B, T, V), or
   * (1, M, V) at `positions` (flat b·T + t): MLM scores only the masked 15 %.
   */
  logitsTensor(inputs: EncoderInputs, positions?: readonly number[]): tf.Tensor3D {
    if (!this.hasMlmHead) throw new InputError('this checkpoint has no MLM head, so no logits');
    const { shape, mask } = this.prepare(inputs);
    return this.graph(inputs, shape, mask, positions ? { positions } : {}).logits[0] as tf.Tensor3D;
  }

  dispose(): void {
    this.weights.dispose();
  }
}
