/**
 * T5 (encoder-decoder): shared token embeddings, no absolute positions but a learned bias per
 * relative-position bucket (first block of each stack, reused by the others), unscaled
 * attention, RMS-style layer norm, a ReLU or gated-GELU feed-forward. The decoder has causal
 * self-attention and cross-attention over the encoder output; with tied embeddings its output
 * is scaled by d_model^-0.5 before the LM head.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationByName, type Activation } from '../engine/activations';
import { attend } from '../engine/attention';
import { KVCache } from '../engine/kvCache';
import { buildMask, maskBias, type AttentionMask } from '../engine/masks';
import {
  embed,
  linear,
  mergeHeads,
  prepareTiedLogits,
  rmsNorm,
  splitHeads,
  takePositions,
  tiedLogits,
} from '../engine/ops';
import { positionBias } from '../engine/relativePosition';
import type { WeightSet } from '../engine/weights';
import type { T5Config } from '../io/config';
import { checkMask, checkTokenIds, filled, InputError, type BatchShape, type Rows } from './inputs';
import { buildTrace, keptOf, readGroups, type Kept } from './output';
import type {
  AttentionTraces,
  ForwardOptions,
  ForwardOutput,
  LanguageModel,
  Seq2SeqInputs,
} from './types';

type Stack = 'encoder' | 'decoder';

interface StackTensors {
  output: tf.Tensor3D; // (B, T, D) after the final norm
  hidden: tf.Tensor[];
  probs: tf.Tensor[];
  scores: tf.Tensor[];
  crossProbs: tf.Tensor[];
  crossScores: tf.Tensor[];
}

/**
 * What incremental decoding keeps between steps: the encoder output and its padding, the
 * decoder's self-attention cache and the cross-attention keys/values (computed once).
 */
export class T5DecodeState {
  readonly self: KVCache;
  readonly cross: KVCache;

  constructor(
    readonly encoderOutput: tf.Tensor3D,
    readonly encoderMask: Rows,
    layers: number,
    /** HF's `cross_attn_head_mask`, applied at every step, as `generate` passes it on. */
    readonly crossHeadMask?: readonly (readonly number[])[],
  ) {
    this.self = new KVCache(layers);
    this.cross = new KVCache(layers);
  }

  get batch(): number {
    return this.encoderOutput.shape[0];
  }

  dispose(): void {
    this.encoderOutput.dispose();
    this.self.dispose();
    this.cross.dispose();
  }
}

export interface EncodeResult {
  readonly state: T5DecodeState;
  /** The encoder's attentions and hidden states (no logits). */
  readonly output: ForwardOutput;
}

export class T5Model implements LanguageModel {
  readonly architecture = 't5';
  private readonly act: Activation;

  constructor(
    readonly config: T5Config,
    readonly weights: WeightSet,
  ) {
    this.act = activationByName(config.dense_act_fn);
    if (config.tie_word_embeddings) prepareTiedLogits(weights, 'shared.weight');
  }

  get numParameters(): number {
    return this.weights.numParameters;
  }

  async forward(inputs: Seq2SeqInputs, options: ForwardOptions = {}): Promise<ForwardOutput> {
    const encoderShape = this.checkEncoderInputs(inputs);
    const decoderShape = checkTokenIds(
      inputs.decoderInputIds,
      this.config.vocab_size,
      'decoder_input_ids',
    );
    if (decoderShape.batch !== encoderShape.batch) {
      throw new InputError(
        `decoder_input_ids has ${decoderShape.batch} rows but input_ids has ${encoderShape.batch}`,
      );
    }
    const keep = keptOf(options);
    const encoderPadding = inputs.attentionMask ?? filled(encoderShape, 1);
    const masks = this.masks(encoderShape, encoderPadding, decoderShape, 0);
    const tensors = tf.tidy(() => {
      const encoder = this.stack(
        'encoder',
        this.ids(inputs.inputIds, encoderShape),
        masks.encoder,
        undefined,
      );
      const decoder = this.stack(
        'decoder',
        this.ids(inputs.decoderInputIds, decoderShape),
        masks.decoder,
        {
          encoderOutput: encoder.output,
          crossMask: masks.cross,
          headMask: this.checkHeadMask(inputs.crossAttentionHeadMask),
        },
      );
      return {
        logits: [this.lmHead(decoder.output, options)],
        ...this.keptGroups(encoder, decoder, keep),
      };
    });
    const out = await readGroups(tensors);
    return {
      logits: out.logits[0],
      attentions: this.traces(out, masks),
      hiddenStates:
        out.encoderHidden.length > 0
          ? { encoder: out.encoderHidden, decoder: out.decoderHidden }
          : {},
    };
  }

  /**
   * Logits as a tensor, for training: call inside `tf.tidy` or `minimize`. (B, Td, V), or
   * (1, M, V) at decoder `positions` (flat b·Td + t).
   */
  logitsTensor(inputs: Seq2SeqInputs, positions?: readonly number[]): tf.Tensor3D {
    const encoderShape = this.checkEncoderInputs(inputs);
    const decoderShape = checkTokenIds(
      inputs.decoderInputIds,
      this.config.vocab_size,
      'decoder_input_ids',
    );
    const masks = this.masks(
      encoderShape,
      inputs.attentionMask ?? filled(encoderShape, 1),
      decoderShape,
      0,
    );
    const encoder = this.stack(
      'encoder',
      this.ids(inputs.inputIds, encoderShape),
      masks.encoder,
      undefined,
    );
    const decoder = this.stack(
      'decoder',
      this.ids(inputs.decoderInputIds, decoderShape),
      masks.decoder,
      {
        encoderOutput: encoder.output,
        crossMask: masks.cross,
        headMask: this.checkHeadMask(inputs.crossAttentionHeadMask),
      },
    );
    const output = positions ? takePositions(decoder.output, positions) : decoder.output;
    return this.lmHead(output, {}) as tf.Tensor3D;
  }

  /** Runs the encoder once and keeps its output for `decode` steps (dispose the state). */
  async encode(
    inputs: Pick<Seq2SeqInputs, 'inputIds' | 'attentionMask' | 'crossAttentionHeadMask'>,
    options: ForwardOptions = {},
  ): Promise<EncodeResult> {
    const shape = this.checkEncoderInputs(inputs);
    const headMask = this.checkHeadMask(inputs.crossAttentionHeadMask);
    const keep = keptOf(options);
    const padding = inputs.attentionMask ?? filled(shape, 1);
    const mask = buildMask({
      batch: shape.batch,
      queryLength: shape.length,
      keyLength: shape.length,
      keyPadding: padding,
      causal: false,
    });
    const { output, groups } = tf.tidy(() => {
      const encoder = this.stack('encoder', this.ids(inputs.inputIds, shape), mask, undefined);
      // A copy: the readback below disposes the hidden states, and the last one is the output.
      return {
        output: tf.clone(encoder.output),
        groups: this.keptGroups(encoder, undefined, keep),
      };
    });
    const state = new T5DecodeState(output, padding, this.config.num_decoder_layers, headMask);
    const out = await readGroups(groups);
    return {
      state,
      output: {
        attentions:
          out.encoderProbs.length > 0
            ? { encoder: buildTrace('encoder', mask, out.encoderProbs, out.encoderScores) }
            : {},
        hiddenStates: out.encoderHidden.length > 0 ? { encoder: out.encoderHidden } : {},
      },
    };
  }

  /** Runs new decoder tokens [B][T], appending to the state's caches. */
  async decode(
    decoderInputIds: Rows,
    state: T5DecodeState,
    options: ForwardOptions = {},
  ): Promise<ForwardOutput> {
    const shape = checkTokenIds(decoderInputIds, this.config.vocab_size, 'decoder_input_ids');
    if (shape.batch !== state.batch) {
      throw new InputError(
        `decoder_input_ids has ${shape.batch} rows but the encoder ran on ${state.batch}`,
      );
    }
    const keep = keptOf(options);
    const past = state.self.length;
    const encoderShape = { batch: state.batch, length: state.encoderOutput.shape[1] };
    const masks = this.masks(encoderShape, state.encoderMask, shape, past);
    const tensors = tf.tidy(() => {
      const decoder = this.stack('decoder', this.ids(decoderInputIds, shape), masks.decoder, {
        encoderOutput: state.encoderOutput,
        crossMask: masks.cross,
        state,
        headMask: state.crossHeadMask,
      });
      return {
        logits: [this.lmHead(decoder.output, options)],
        ...this.keptGroups(undefined, decoder, keep),
      };
    });
    const out = await readGroups(tensors);
    return {
      logits: out.logits[0],
      attentions: this.traces(out, masks),
      hiddenStates: out.decoderHidden.length > 0 ? { decoder: out.decoderHidden } : {},
    };
  }

  dispose(): void {
    this.weights.dispose();
  }

  private checkEncoderInputs(
    inputs: Pick<Seq2SeqInputs, 'inputIds' | 'attentionMask'>,
  ): BatchShape {
    const shape = checkTokenIds(inputs.inputIds, this.config.vocab_size, 'input_ids');
    checkMask(inputs.attentionMask, shape);
    return shape;
  }

  private ids(rows: Rows, shape: BatchShape): tf.Tensor2D {
    return tf.tensor2d(rows.flat(), [shape.batch, shape.length], 'int32');
  }

  private masks(encoder: BatchShape, encoderPadding: Rows, decoder: BatchShape, past: number) {
    const batch = encoder.batch;
    return {
      encoder: buildMask({
        batch,
        queryLength: encoder.length,
        keyLength: encoder.length,
        keyPadding: encoderPadding,
        causal: false,
      }),
      decoder: buildMask({
        batch,
        queryLength: decoder.length,
        keyLength: past + decoder.length,
        causal: true,
      }),
      cross: buildMask({
        batch,
        queryLength: decoder.length,
        keyLength: encoder.length,
        keyPadding: encoderPadding,
        causal: false,
      }),
    };
  }

  private keptGroups(
    encoder: StackTensors | undefined,
    decoder: StackTensors | undefined,
    keep: Kept,
  ) {
    const attention = keep.attentions || keep.scores;
    const pick = (list: tf.Tensor[] | undefined, wanted: boolean) => (wanted && list ? list : []);
    return {
      encoderHidden: pick(encoder?.hidden, keep.hiddenStates),
      encoderProbs: pick(encoder?.probs, attention),
      encoderScores: pick(encoder?.scores, keep.scores),
      decoderHidden: pick(decoder?.hidden, keep.hiddenStates),
      decoderProbs: pick(decoder?.probs, attention),
      decoderScores: pick(decoder?.scores, keep.scores),
      crossProbs: pick(decoder?.crossProbs, attention),
      crossScores: pick(decoder?.crossScores, keep.scores),
    };
  }

  private traces(
    out: Record<
      | 'encoderProbs'
      | 'encoderScores'
      | 'decoderProbs'
      | 'decoderScores'
      | 'crossProbs'
      | 'crossScores',
      { data: Float32Array; shape: readonly number[] }[]
    >,
    masks: { encoder: AttentionMask; decoder: AttentionMask; cross: AttentionMask },
  ): AttentionTraces {
    const traces: AttentionTraces = {};
    if (out.encoderProbs.length > 0)
      traces.encoder = buildTrace('encoder', masks.encoder, out.encoderProbs, out.encoderScores);
    if (out.decoderProbs.length > 0)
      traces.decoder = buildTrace('decoder', masks.decoder, out.decoderProbs, out.decoderScores);
    if (out.crossProbs.length > 0)
      traces.cross = buildTrace('cross', masks.cross, out.crossProbs, out.crossScores);
    return traces;
  }

  private lmHead(decoderOutput: tf.Tensor3D, options: ForwardOptions): tf.Tensor {
    const c = this.config;
    const length = decoderOutput.shape[1];
    const x =
      options.logits === 'last'
        ? tf.slice(decoderOutput, [0, length - 1, 0], [-1, 1, -1])
        : decoderOutput;
    const scaled = c.tie_word_embeddings ? tf.mul(x, c.d_model ** -0.5) : x;
    return c.tie_word_embeddings
      ? tiedLogits(scaled, this.weights, 'shared.weight')
      : linear(scaled, this.weights.get('lm_head.weight')); // (B, Td, V)
  }

  /** A cross-attention head mask must be [num_decoder_layers][num_heads] finite numbers. */
  private checkHeadMask(
    mask: readonly (readonly number[])[] | undefined,
  ): readonly (readonly number[])[] | undefined {
    if (mask === undefined) return undefined;
    const { num_decoder_layers: layers, num_heads: heads } = this.config;
    if (
      !Array.isArray(mask) ||
      mask.length !== layers ||
      mask.some((row) => !Array.isArray(row) || row.length !== heads || !row.every(Number.isFinite))
    ) {
      throw new InputError(
        `cross_attn_head_mask must be ${layers} rows (decoder layers) of ${heads} numbers (heads)`,
      );
    }
    return mask;
  }

  /** One stack, inside `tf.tidy`. The decoder gets the encoder output and, when decoding step by step, the state. */
  private stack(
    stack: Stack,
    ids: tf.Tensor2D,
    mask: AttentionMask,
    cross:
      | {
          encoderOutput: tf.Tensor3D;
          crossMask: AttentionMask;
          state?: T5DecodeState;
          headMask?: readonly (readonly number[])[];
        }
      | undefined,
  ): StackTensors {
    const c = this.config;
    const w = (key: string) => this.weights.get(key);
    const layers = stack === 'encoder' ? c.num_layers : c.num_decoder_layers;
    const [, length] = ids.shape;
    const selfCache = cross?.state?.self;
    const past = selfCache?.length ?? 0;
    const relativeTable = w(
      `${stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`,
    ) as tf.Tensor2D;
    const bias = tf.add(
      positionBias(relativeTable, length, past + length, past, {
        bidirectional: stack === 'encoder',
        numBuckets: c.relative_attention_num_buckets,
        maxDistance: c.relative_attention_max_distance,
      }),
      maskBias(mask),
    ); // (B, nh, T, Tk)
    const crossBias = cross ? maskBias(cross.crossMask) : undefined; // (B, 1, Td, Te)

    let x = embed(w(`${stack}.embed_tokens.weight`), ids) as tf.Tensor3D; // (B, T, D)
    const out: StackTensors = {
      output: x,
      hidden: [],
      probs: [],
      scores: [],
      crossProbs: [],
      crossScores: [],
    };
    const heads = c.num_heads;
    for (let l = 0; l < layers; l++) {
      out.hidden.push(x);
      const p = `${stack}.block.${l}.layer.`;
      const a = `${p}0.SelfAttention.`;
      const normed = rmsNorm(x, w(`${p}0.layer_norm.weight`), c.layer_norm_epsilon);
      const q = splitHeads(linear(normed, w(`${a}q.weight`)), heads); // (B, nh, T, dkv)
      const k = splitHeads(linear(normed, w(`${a}k.weight`)), heads);
      const v = splitHeads(linear(normed, w(`${a}v.weight`)), heads);
      const history = selfCache ? selfCache.append(l, k, v) : { k, v }; // (B, nh, Tk, dkv)
      const att = attend(q, history.k, history.v, bias, 1);
      out.probs.push(att.probs);
      out.scores.push(att.scores);
      x = tf.add(x, linear(mergeHeads(att.context), w(`${a}o.weight`)));

      if (cross && crossBias) {
        const e = `${p}1.EncDecAttention.`;
        const normedCross = rmsNorm(x, w(`${p}1.layer_norm.weight`), c.layer_norm_epsilon);
        const cq = splitHeads(linear(normedCross, w(`${e}q.weight`)), heads); // (B, nh, Td, dkv)
        const kv = this.crossKeysValues(l, cross.encoderOutput, cross.state); // (B, nh, Te, dkv)
        const headMask = cross.headMask?.[l];
        const catt = attend(
          cq,
          kv.k,
          kv.v,
          crossBias,
          1,
          headMask && tf.tensor4d([...headMask], [1, heads, 1, 1]),
        );
        out.crossProbs.push(catt.probs);
        out.crossScores.push(catt.scores);
        x = tf.add(x, linear(mergeHeads(catt.context), w(`${e}o.weight`)));
      }

      const f = `${p}${cross ? 2 : 1}.`;
      x = tf.add(
        x,
        this.feedForward(
          rmsNorm(x, w(`${f}layer_norm.weight`), c.layer_norm_epsilon),
          `${f}DenseReluDense.`,
        ),
      ) as tf.Tensor3D;
    }
    x = rmsNorm(x, w(`${stack}.final_layer_norm.weight`), c.layer_norm_epsilon) as tf.Tensor3D;
    out.hidden.push(x);
    out.output = x;
    return out;
  }

  private crossKeysValues(
    layer: number,
    encoderOutput: tf.Tensor3D,
    state: T5DecodeState | undefined,
  ) {
    const cached = state?.cross.get(layer);
    if (cached) return cached;
    const e = `decoder.block.${layer}.layer.1.EncDecAttention.`;
    const heads = this.config.num_heads;
    const k = splitHeads(linear(encoderOutput, this.weights.get(`${e}k.weight`)), heads); // (B, nh, Te, dkv)
    const v = splitHeads(linear(encoderOutput, this.weights.get(`${e}v.weight`)), heads);
    state?.cross.set(layer, k, v);
    return { k, v };
  }

  private feedForward(x: tf.Tensor, p: string): tf.Tensor {
    const w = (key: string) => this.weights.get(key);
    const inner = this.config.is_gated_act
      ? tf.mul(this.act(linear(x, w(`${p}wi_0.weight`))), linear(x, w(`${p}wi_1.weight`)))
      : this.act(linear(x, w(`${p}wi.weight`))); // (B, T, d_ff)
    return linear(inner, w(`${p}wo.weight`)); // (B, T, D)
  }
}
