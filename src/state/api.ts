/**
 * `window.attentionLab`: the app's stable, documented API for tests, the console and (later)
 * embeds. Everything goes through the same actions as the UI.
 */
import type { ForwardRequest, GenerateRequest } from '../models/dispatch';
import type { GenerationResult } from '../models/generate';
import type { ForwardOptions, ForwardOutput } from '../models/types';
import * as actions from './actions';
import * as runs from './run';
import { useStore, type AppState, type BackendId, type ModelInfo } from './store';

export interface AttentionLabApi {
  /** Resolves once the backend has started and any model requested in the URL has loaded and run its warm-up. */
  ready(): Promise<void>;
  state(): Pick<
    AppState,
    'backend' | 'model' | 'modelStatus' | 'modelError' | 'backendError' | 'runError'
  >;
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
      };
    },
    memory: actions.memory,
    setBackend: actions.switchBackend,
    loadModel: actions.loadModelFromUrl,
    forward: runs.forward,
    generate: runs.generate,
  };
  (window as unknown as { attentionLab: AttentionLabApi }).attentionLab = api;
  return api;
}
