/**
 * What a forward pass returns: plain data (Float32Arrays with shapes), never tensors, so the
 * store, the views and the tests can hold it without owning GPU memory.
 */
import type { AttentionMask } from '../engine/masks';
import type { DenseArray } from '../engine/readback';
import type { ModelConfig } from '../io/config';

export type { AttentionMask } from '../engine/masks';
export type { DenseArray } from '../engine/readback';

/**
 * `self` is the one attention of an encoder-only (BERT) or decoder-only (GPT-2, LLaMA) model;
 * an encoder-decoder (T5) has `encoder` self-attention, causal `decoder` self-attention and
 * `cross` attention from decoder queries to encoder keys.
 */
export type AttentionKind = 'self' | 'encoder' | 'decoder' | 'cross';

export interface LayerAttention {
  /** Softmax probabilities [B, nh, Tq, Tk]; LLaMA: after repeating key/value heads. */
  readonly probs: DenseArray;
  /** Pre-softmax scores [B, nh, Tq, Tk] (scaled, plus position bias), −Infinity where masked. */
  readonly scores?: DenseArray;
}

export interface AttentionTrace {
  readonly kind: AttentionKind;
  /** Which keys each query may see: [B, Tq, Tk]. */
  readonly mask: AttentionMask;
  readonly layers: readonly LayerAttention[];
}

export type AttentionTraces = Partial<Record<AttentionKind, AttentionTrace>>;

export interface ForwardOptions {
  /** Attention probabilities of every layer and head (default true). */
  readonly attentions?: boolean;
  /** Pre-softmax scores as well (default false). */
  readonly scores?: boolean;
  /** Hidden states of every layer (default true). */
  readonly hiddenStates?: boolean;
  /** Logits of every position (default), or of the last one only ([B, 1, V]), as decoding needs. */
  readonly logits?: 'all' | 'last';
}

export interface ForwardOutput {
  /** [B, T, V] (T5: decoder positions); absent for a BERT checkpoint without its MLM head. */
  readonly logits?: DenseArray;
  readonly attentions: AttentionTraces;
  /**
   * HF `output_hidden_states` per stack: entry 0 the embedding output, entry i the output of
   * block i−1, the last entry after the stack's final norm where it has one. BERT fills
   * `encoder`, GPT-2 and LLaMA `decoder`, T5 both.
   */
  readonly hiddenStates: {
    readonly encoder?: readonly DenseArray[];
    readonly decoder?: readonly DenseArray[];
  };
  /** BERT's pooler output [B, C] (tanh of a dense layer on [CLS]), when the checkpoint has one. */
  readonly pooled?: DenseArray;
}

/** Token ids and masks, batch-major [B][T]. */
export interface EncoderInputs {
  readonly inputIds: readonly (readonly number[])[];
  /** 1 for tokens, 0 for padding; default all ones. */
  readonly attentionMask?: readonly (readonly number[])[];
  /** BERT segment ids (0 for A, 1 for B); default all zeros. */
  readonly tokenTypeIds?: readonly (readonly number[])[];
}

export interface CausalInputs {
  readonly inputIds: readonly (readonly number[])[];
  readonly attentionMask?: readonly (readonly number[])[];
  /** Default 0 … T−1 for every row, as HF's forward does. */
  readonly positionIds?: readonly (readonly number[])[];
}

export interface Seq2SeqInputs {
  readonly inputIds: readonly (readonly number[])[];
  readonly attentionMask?: readonly (readonly number[])[];
  readonly decoderInputIds: readonly (readonly number[])[];
  /**
   * HF's `cross_attn_head_mask`: [num_decoder_layers][num_heads], multiplying each head's
   * cross-attention probabilities (1 keeps a head, 0 silences it). Not applied by `decode`.
   */
  readonly crossAttentionHeadMask?: readonly (readonly number[])[];
}

export type Architecture = ModelConfig['model_type'];

export interface LanguageModel {
  readonly architecture: Architecture;
  readonly config: ModelConfig;
  readonly numParameters: number;
  dispose(): void;
}
