/**
 * What GPT-2 and LLaMA share as decoder-only language models: causal masking with padding,
 * explicit position ids, and one code path for a full forward pass and for incremental
 * decoding with a KV cache (a forward pass is a decode step with no cache), so that cached
 * decoding is full recomputation by construction, and tested to be.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KVCache } from '../engine/kvCache';
import { buildMask, maskBias } from '../engine/masks';
import { linear, prepareTiedLogits, takePositions, tiedLogits } from '../engine/ops';
import type { WeightSet } from '../engine/weights';
import type { Gpt2Config, LlamaConfig } from '../io/config';
import {
  ascending,
  checkCompanion,
  checkMask,
  checkTokenIds,
  filled,
  InputError,
  type Rows,
} from './inputs';
import { buildTrace, keptOf, readGroups } from './output';
import type { CausalInputs, ForwardOptions, ForwardOutput, LanguageModel } from './types';

export interface DecoderTensors {
  readonly output: tf.Tensor3D; // (B, T, C) after the final norm
  readonly hidden: tf.Tensor[]; // (L+1) × (B, T, C)
  readonly probs: tf.Tensor[]; // L × (B, nh, T, Tk)
  readonly scores: tf.Tensor[]; // L × (B, nh, T, Tk)
}

/** One decoding step: new tokens, their positions, and the padding of every key so far. */
export interface DecodeInputs {
  readonly inputIds: Rows; // [B][T] new tokens
  readonly positionIds: Rows; // [B][T]
  /** [B][past + T]: 1 for real keys (cached and new), 0 for padding. */
  readonly attentionMask: Rows;
}

export abstract class CausalLM implements LanguageModel {
  abstract readonly architecture: 'gpt2' | 'llama';

  constructor(
    readonly config: Gpt2Config | LlamaConfig,
    readonly weights: WeightSet,
    /** The token embedding table, which a tied LM head shares. */
    protected readonly embeddingKey: string,
  ) {
    if (config.tie_word_embeddings) prepareTiedLogits(weights, embeddingKey);
  }

  get numParameters(): number {
    return this.weights.numParameters;
  }

  get numLayers(): number {
    return this.config.model_type === 'gpt2' ? this.config.n_layer : this.config.num_hidden_layers;
  }

  /** Largest position id the model can embed, if it has a hard limit (GPT-2's learned table). */
  protected abstract get positionLimit(): number | undefined;

  /** The LM head: (B, T, C) → (B, T, V). */
  protected lmHead(x: tf.Tensor3D): tf.Tensor {
    return this.config.tie_word_embeddings
      ? tiedLogits(x, this.weights, this.embeddingKey)
      : linear(x, this.weights.get('lm_head.weight'));
  }

  /** The decoder stack, inside `tf.tidy`. `bias` is (B, 1, T, Tk). */
  protected abstract graph(
    ids: tf.Tensor2D,
    positions: Rows,
    bias: tf.Tensor4D,
    cache: KVCache | undefined,
  ): DecoderTensors;

  newCache(): KVCache {
    return new KVCache(this.numLayers);
  }

  async forward(inputs: CausalInputs, options: ForwardOptions = {}): Promise<ForwardOutput> {
    return this.run(this.withDefaults(inputs), undefined, options);
  }

  /**
   * Logits as a tensor, for training: call inside `tf.tidy` or `minimize`. (B, T, V), or
   * (1, M, V) at `positions` (flat b·T + t).
   */
  logitsTensor(inputs: CausalInputs, positions?: readonly number[]): tf.Tensor3D {
    const full = this.withDefaults(inputs);
    const { shape, mask } = this.prepare(full, undefined);
    const ids = tf.tensor2d(full.inputIds.flat(), [shape.batch, shape.length], 'int32');
    const out = this.graph(ids, full.positionIds, maskBias(mask), undefined);
    return this.lmHead(
      positions ? takePositions(out.output, positions) : out.output,
    ) as tf.Tensor3D;
  }

  /** HF's forward defaults: positions 0 … T−1, no padding. */
  private withDefaults(inputs: CausalInputs): DecodeInputs {
    const shape = checkTokenIds(inputs.inputIds, this.config.vocab_size, 'input_ids');
    return {
      inputIds: inputs.inputIds,
      positionIds: inputs.positionIds ?? ascending(shape),
      attentionMask: inputs.attentionMask ?? filled(shape, 1),
    };
  }

  /** Runs new tokens through the model, appending their keys and values to `cache`. */
  decode(
    inputs: DecodeInputs,
    cache: KVCache,
    options: ForwardOptions = {},
  ): Promise<ForwardOutput> {
    return this.run(inputs, cache, options);
  }

  /** Checks a step's inputs against the model and the cache, and builds its causal mask. */
  private prepare(inputs: DecodeInputs, cache: KVCache | undefined) {
    const shape = checkTokenIds(inputs.inputIds, this.config.vocab_size, 'input_ids');
    const limit = this.positionLimit;
    checkCompanion(
      inputs.positionIds,
      shape,
      'position_ids',
      (v) => v >= 0 && (limit === undefined || v < limit),
      limit === undefined ? 'must be ≥ 0' : `must be in 0 … ${limit - 1} (the model's n_positions)`,
    );
    const past = cache?.length ?? 0;
    const keyShape = { batch: shape.batch, length: past + shape.length };
    checkMask(inputs.attentionMask, keyShape);
    if (cache && past > 0 && cache.batch !== shape.batch) {
      throw new InputError(`the cache holds ${cache.batch} rows but this step has ${shape.batch}`);
    }
    const mask = buildMask({
      batch: shape.batch,
      queryLength: shape.length,
      keyLength: keyShape.length,
      keyPadding: inputs.attentionMask,
      causal: true,
    });
    return { shape, mask };
  }

  private async run(
    inputs: DecodeInputs,
    cache: KVCache | undefined,
    options: ForwardOptions,
  ): Promise<ForwardOutput> {
    const { shape, mask } = this.prepare(inputs, cache);
    const keep = keptOf(options);
    const tensors = tf.tidy(() => {
      const ids = tf.tensor2d(inputs.inputIds.flat(), [shape.batch, shape.length], 'int32');
      const out = this.graph(ids, inputs.positionIds, maskBias(mask), cache);
      const last = options.logits === 'last';
      const output = last
        ? tf.slice(out.output, [0, shape.length - 1, 0], [-1, 1, -1])
        : out.output;
      return {
        logits: [this.lmHead(output as tf.Tensor3D)],
        hidden: keep.hiddenStates ? out.hidden : [],
        probs: keep.attentions || keep.scores ? out.probs : [],
        scores: keep.scores ? out.scores : [],
      };
    });
    const out = await readGroups(tensors);
    return {
      logits: out.logits[0],
      attentions:
        out.probs.length > 0 ? { self: buildTrace('self', mask, out.probs, out.scores) } : {},
      hiddenStates: out.hidden.length > 0 ? { decoder: out.hidden } : {},
    };
  }

  dispose(): void {
    this.weights.dispose();
  }
}
