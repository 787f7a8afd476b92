/**
 * The one store, in typed slices. It holds plain data only (numbers, strings, arrays): the
 * model and its tensors live in actions.ts, which writes results here.
 */
import { create } from 'zustand';
import type { Aggregate } from '../analysis/displayed';
import type { Architecture, AttentionKind, DenseArray } from '../models/types';
import type { CatalogEntry } from './catalog';
import type { InputText, TokenStrip } from './prepare';

export type BackendId = 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  readonly name: BackendId;
  readonly reason: string;
  readonly detail: string;
  readonly skipped: readonly string[];
}

export interface ModelInfo {
  readonly source: string;
  readonly name: string;
  readonly architecture: Architecture;
  readonly numParameters: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numDecoderLayers?: number;
  readonly vocabSize: number;
  readonly loadMs: number;
  readonly warmupMs: number;
  readonly hasTokenizer: boolean;
}

export interface AttentionSummary {
  readonly kind: AttentionKind;
  readonly layers: number;
  /** [B, nh, Tq, Tk] of each layer */
  readonly shape: readonly number[];
}

export interface RunSummary {
  readonly inputIds: readonly number[];
  readonly tokens: readonly string[];
  readonly decoderInputIds?: readonly number[];
  readonly decoderTokens?: readonly string[];
  readonly forwardMs: number;
  /** The most likely next token (decoders) or token (BERT's MLM head) at each position. */
  readonly topTokens: readonly number[];
  readonly attentions: readonly AttentionSummary[];
}

export type Status = 'idle' | 'busy' | 'ready' | 'error';

export interface EngineSlice {
  backend: BackendInfo | null;
  backendStatus: Status;
  backendError: string | null;
}

export interface ModelSlice {
  /** The shipped models (public/models/index.json). */
  catalog: readonly CatalogEntry[];
  /** The shipped model loaded, if the loaded model is one. */
  modelId: string | null;
  model: ModelInfo | null;
  modelStatus: Status;
  modelError: string | null;
  /** What loading is doing now, for the progress line. */
  modelProgress: string | null;
}

export interface RunSlice {
  run: RunSummary | null;
  runStatus: Status;
  runError: string | null;
}

/** One attention kind of the current input, batch row 0. */
export interface KindAttention {
  readonly kind: AttentionKind;
  /** Which keys each query may see: [Tq, Tk] row-major, 1 = may attend. */
  readonly mask: Uint8Array;
  /** Per layer, [1, nh, Tq, Tk] probabilities. */
  readonly layers: readonly DenseArray[];
  /** Per layer, [1, nh, Tq, Tk] pre-softmax scores, −Infinity where masked. */
  readonly scores: readonly DenseArray[];
}

/** One of the tokens a model predicts at a position. */
export interface TokenPrediction {
  readonly id: number;
  readonly token: string;
  /** Softmax probability over the vocabulary. */
  readonly p: number;
}

/**
 * What the model's LM head predicts at each position of one strip: BERT the token belonging
 * there (MLM), GPT-2, LLaMA and T5's decoder the next token. null where it predicts nothing
 * worth showing (padding; BERT's [CLS] and [SEP]).
 */
export interface Predictions {
  readonly strip: 'encoder' | 'decoder';
  readonly next: boolean;
  readonly top: readonly (readonly TokenPrediction[] | null)[];
}

/** What the views show: the model's attention on the text the user typed. */
export interface Inspection {
  /** BERT and T5's encoder tokens. */
  readonly encoder?: TokenStrip;
  /** GPT-2, LLaMA and T5's decoder tokens. */
  readonly decoder?: TokenStrip;
  readonly attentions: readonly KindAttention[];
  /** Tokens cut off because the input was longer than the model's context. */
  readonly dropped: number;
  /** The text the tokens came from (their spans index into it). */
  readonly input: InputText;
  /** Absent for a checkpoint without an LM head. */
  readonly predictions?: Predictions;
}

export interface InputSlice {
  input: InputText;
  /** null for empty input (the views show an empty state). */
  inspection: Inspection | null;
  inspectStatus: Status;
  inspectError: string | null;
}

export interface Cell {
  readonly row: number;
  readonly col: number;
}

export interface SelectionSlice {
  kind: AttentionKind;
  layer: number;
  head: number;
  /** Hover and lock are separate: what is focused is hovered ?? locked. */
  hovered: Cell | null;
  locked: Cell | null;
}

/** The heatmap of one head, the head view (lines) of a layer, or the model view (every head). */
export type ViewId = 'heatmap' | 'heads' | 'model';

export interface ViewSlice {
  view: ViewId;
  /** What a shared link asked for that could not be applied. */
  linkNotice: string | null;
  aggregate: Aggregate;
  hideSpecial: boolean;
  /** One head's pre-softmax scores instead of its probabilities. */
  showScores: boolean;
}

export type AppState = EngineSlice &
  ModelSlice &
  RunSlice &
  InputSlice &
  SelectionSlice &
  ViewSlice;

export const initialState: AppState = {
  backend: null,
  backendStatus: 'idle',
  backendError: null,
  catalog: [],
  modelId: null,
  model: null,
  modelStatus: 'idle',
  modelError: null,
  modelProgress: null,
  run: null,
  runStatus: 'idle',
  runError: null,
  input: { text: '' },
  inspection: null,
  inspectStatus: 'idle',
  inspectError: null,
  kind: 'self',
  layer: 0,
  head: 0,
  hovered: null,
  locked: null,
  view: 'heatmap',
  linkNotice: null,
  aggregate: 'head',
  hideSpecial: false,
  showScores: false,
};

export const useStore = create<AppState>()(() => initialState);
