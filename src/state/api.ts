/**
 * `window.attentionLab`: the app's stable, documented API for tests, the console and (later)
 * embeds. Everything goes through the same actions as the UI.
 */
import type { ForwardRequest, GenerateRequest } from '../models/dispatch';
import type { GenerationResult } from '../models/generate';
import type { ForwardOptions, ForwardOutput } from '../models/types';
import * as actions from './actions';
import type { ModelShape } from './catalog';
import { setInput } from './inspect';
import type { InputText } from './prepare';
import * as runs from './run';
import { attentionMatrix, select, type Selection } from './selection';
import {
  useStore,
  type AppState,
  type BackendId,
  type ModelInfo,
  type Predictions,
  type ViewId,
} from './store';
import { setView } from './view';

export interface ShippedModel extends Partial<ModelShape> {
  readonly id: string;
  readonly name: string;
  /** HF model_type: bert, gpt2, t5, llama */
  readonly architecture: string;
}

export interface AttentionLabApi {
  /** Resolves once the backend has started and any model requested in the URL has loaded and run its warm-up. */
  ready(): Promise<void>;
  state(): Pick<
    AppState,
    | 'backend'
    | 'model'
    | 'modelStatus'
    | 'modelError'
    | 'backendError'
    | 'runError'
    | 'kind'
    | 'layer'
    | 'head'
    | 'view'
    | 'inspectStatus'
    | 'inspectError'
  > & { dropped: number };
  /** The shipped models, with their layer and head counts. */
  models(): ShippedModel[];
  /** Opens a shipped model; resolves when the views show it on the current input. */
  setModel(id: string): Promise<void>;
  /** Resolves when the views show this input. */
  setInput(input: InputText): Promise<void>;
  /** BERT fills `encoder`, GPT-2 and LLaMA `decoder`, T5 both. */
  tokens(): { encoder?: string[]; decoder?: string[] };
  /**
   * The LM head's top 5 per position of one strip, most likely first: BERT's encoder (the token
   * that belongs there), else the decoder (the next token); null for padding and BERT's
   * [CLS]/[SEP]. null when nothing has run or the checkpoint has no LM head.
   */
  predictions(): Predictions | null;
  /** One head's probabilities, query rows × key columns. */
  attention(selection: Selection): number[][];
  select(selection: Partial<Selection>): void;
  /** Shows `heatmap`, `heads` (the head view) or `model` (every head); the masks stay beside it. */
  setView(view: ViewId): void;
  memory(): { numTensors: number; numBytes: number };
  setBackend(name: BackendId | 'auto'): Promise<void>;
  loadModel(url: string): Promise<ModelInfo>;
  /** Runs the loaded model on token ids (batch-major). */
  forward(request: ForwardRequest, options?: ForwardOptions): Promise<ForwardOutput>;
  generate(request: GenerateRequest): Promise<GenerationResult>;
}

export function installApi(booted: Promise<void>): AttentionLabApi {
  const api: AttentionLabApi = {
    ready: () => booted.then(actions.idle),
    state: () => {
      const s = useStore.getState();
      return {
        backend: s.backend,
        backendError: s.backendError,
        model: s.model,
        modelStatus: s.modelStatus,
        modelError: s.modelError,
        runError: s.runError,
        kind: s.kind,
        layer: s.layer,
        head: s.head,
        view: s.view,
        inspectStatus: s.inspectStatus,
        inspectError: s.inspectError,
        dropped: s.inspection?.dropped ?? 0,
      };
    },
    models: () =>
      useStore.getState().catalog.map((entry) => ({
        id: entry.id,
        name: entry.name,
        architecture: entry.architecture,
        ...(entry.numLayers !== undefined && { numLayers: entry.numLayers }),
        ...(entry.numHeads !== undefined && { numHeads: entry.numHeads }),
        ...(entry.numDecoderLayers !== undefined && { numDecoderLayers: entry.numDecoderLayers }),
      })),
    setModel: async (id) => {
      await actions.loadShippedModel(id);
      await actions.idle();
    },
    setInput,
    tokens: () => {
      const inspection = useStore.getState().inspection;
      return {
        ...(inspection?.encoder && { encoder: [...inspection.encoder.tokens] }),
        ...(inspection?.decoder && { decoder: [...inspection.decoder.tokens] }),
      };
    },
    predictions: () => useStore.getState().inspection?.predictions ?? null,
    attention: attentionMatrix,
    select,
    setView,
    memory: actions.memory,
    setBackend: actions.switchBackend,
    loadModel: actions.loadModelFromUrl,
    forward: runs.forward,
    generate: runs.generate,
  };
  (window as unknown as { attentionLab: AttentionLabApi }).attentionLab = api;
  return api;
}
