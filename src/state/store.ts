/**
 * The one store, in typed slices. It holds plain data only (numbers, strings, arrays): the
 * model and its tensors live in actions.ts, which writes results here.
 */
import { create } from 'zustand';
import type { Architecture, AttentionKind } from '../models/types';
import type { CatalogEntry } from './catalog';

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

export type AppState = EngineSlice & ModelSlice & RunSlice;

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
};

export const useStore = create<AppState>()(() => initialState);
