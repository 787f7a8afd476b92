/**
 * What the app does, callable without React (the UI, the console and window.attentionLab drive
 * the same functions): start a backend, load a checkpoint, run it, and write plain results to
 * the store. The model object lives here, never in the store.
 */
import { isBackendName, memory as engineMemory } from '../engine/backends';
import { configureWasm, startBackend } from '../engine/startBackend';
import { WASM_FILES } from '../engine/wasmAssets';
import { loadCheckpointFromFiles, loadCheckpointFromUrl, type Checkpoint } from '../io/checkpoint';
import { LoadError } from '../io/errors';
import { forwardAny, type ForwardRequest } from '../models/dispatch';
import { createModel, type AnyModel } from '../models/load';
import { loadTokenizer, type TextTokenizer } from '../tokenizers/tokenizer';
import { loadCatalog, shapeOf, shippedModelUrl } from './catalog';
import { useStore, type BackendId, type ModelInfo } from './store';

interface Loaded {
  readonly checkpoint: Checkpoint;
  readonly model: AnyModel;
  readonly tokenizer?: TextTokenizer;
}

let loaded: Loaded | undefined;
/** Serialises work on the engine: a backend switch never runs under a forward pass. */
let queue: Promise<unknown> = Promise.resolve();

function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** The message of anything thrown, for the store's error fields. */
export const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

function describeModel(
  checkpoint: Checkpoint,
  model: AnyModel,
  loadMs: number,
  warmupMs: number,
  hasTokenizer: boolean,
): ModelInfo {
  const c = checkpoint.config;
  const named = checkpoint.rawConfig._name_or_path;
  const name =
    typeof named === 'string' && named
      ? named
      : checkpoint.source.replace(/\/$/, '').split('/').pop() || c.model_type;
  const base = {
    source: checkpoint.source,
    name,
    architecture: c.model_type,
    numParameters: model.numParameters,
    vocabSize: c.vocab_size,
    loadMs,
    warmupMs,
    hasTokenizer,
  };
  return { ...base, ...shapeOf(c) };
}

/** A short input that exercises every kernel once: shaders compile and wasm tiers up here, not on the user's first run. */
function warmupRequest(model: AnyModel): ForwardRequest {
  const ids = [[0, 1, 2, 3, 4, 5, 6, 7].map((i) => i % model.config.vocab_size)];
  return model.architecture === 't5'
    ? { inputIds: ids, decoderInputIds: [[0, 1]] }
    : { inputIds: ids };
}

async function install(checkpoint: Checkpoint, loadStarted: number): Promise<ModelInfo> {
  useStore.setState({ modelProgress: 'uploading weights' });
  const model = createModel(checkpoint);
  const loadMs = performance.now() - loadStarted;
  useStore.setState({ modelProgress: 'warming up' });
  const warmStarted = performance.now();
  try {
    await forwardAny(model, warmupRequest(model), { attentions: false, hiddenStates: false });
  } catch (error) {
    model.dispose();
    throw error;
  }
  let tokenizer: TextTokenizer | undefined;
  try {
    tokenizer =
      checkpoint.tokenizer === undefined ? undefined : loadTokenizer(checkpoint.tokenizer);
  } catch (error) {
    model.dispose();
    throw new LoadError(message(error), 'tokenizer.json');
  }
  const warmupMs = performance.now() - warmStarted;
  const info = describeModel(checkpoint, model, loadMs, warmupMs, tokenizer !== undefined);
  loaded?.model.dispose();
  loaded = { checkpoint, model, ...(tokenizer && { tokenizer }) };
  useStore.setState({
    model: info,
    modelStatus: 'ready',
    modelError: null,
    modelProgress: null,
    run: null,
    runStatus: 'idle',
    runError: null,
  });
  return info;
}

async function loadWith(source: () => Promise<Checkpoint>): Promise<ModelInfo> {
  useStore.setState({ modelStatus: 'busy', modelError: null, modelProgress: 'reading files' });
  const started = performance.now();
  try {
    return await install(await source(), started);
  } catch (error) {
    // The previous model, if any, stays loaded and usable: a bad file loses nothing.
    useStore.setState({
      modelStatus: loaded ? 'ready' : 'error',
      modelError: message(error),
      modelProgress: null,
    });
    throw error;
  }
}

export function loadModelFromUrl(url: string): Promise<ModelInfo> {
  const trimmed = url.trim();
  useStore.setState({ modelId: null });
  return exclusive(() =>
    loadWith(() =>
      loadCheckpointFromUrl(trimmed, {
        onProgress: (bytes, total) =>
          useStore.setState({
            modelProgress: `downloading ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}`,
          }),
      }),
    ),
  );
}

export function loadModelFromFiles(files: readonly File[]): Promise<ModelInfo> {
  const folder = files[0]?.webkitRelativePath.split('/')[0];
  const map = new Map(files.map((f) => [f.webkitRelativePath || f.name, f] as const));
  return exclusive(() =>
    loadWith(() => loadCheckpointFromFiles(map, folder ? `local folder ${folder}` : 'local files')),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

async function start(requested: BackendId | undefined): Promise<void> {
  useStore.setState({ backendStatus: 'busy', backendError: null });
  try {
    configureWasm(WASM_FILES);
    const status = await startBackend(requested);
    useStore.setState({
      backend: {
        name: status.name,
        reason: status.reason,
        detail: status.detail,
        skipped: status.skipped,
      },
      backendStatus: 'ready',
    });
  } catch (error) {
    useStore.setState({ backendStatus: 'error', backendError: message(error) });
    throw error;
  }
}

/** Switches backend; a loaded model is re-uploaded to the new one from the checkpoint in memory. */
export function switchBackend(requested: BackendId | 'auto'): Promise<void> {
  return exclusive(async () => {
    const keep = loaded;
    loaded?.model.dispose();
    loaded = undefined;
    await start(requested === 'auto' ? undefined : requested);
    if (keep) {
      useStore.setState({
        modelStatus: 'busy',
        modelProgress: 'moving weights to the new backend',
      });
      await install(keep.checkpoint, performance.now());
    }
  });
}

export interface BootOptions {
  readonly backend?: string | null;
  readonly model?: string | null;
}

/**
 * Starts the app from URL parameters: `?backend=webgl|wasm|cpu`, `?model=<shipped id or
 * folder URL>`; without `?model=`, the first shipped model.
 */
export async function boot(options: BootOptions): Promise<void> {
  let requested: BackendId | undefined;
  if (options.backend) {
    if (isBackendName(options.backend)) requested = options.backend;
    else
      useStore.setState({
        backendError: `unknown backend '${options.backend}' in the URL (use webgl, wasm or cpu); choosing automatically`,
      });
  }
  const pendingError = useStore.getState().backendError;
  await exclusive(() => start(requested));
  if (pendingError) useStore.setState({ backendError: pendingError });
  const catalog = await loadCatalog();
  const wanted = options.model ?? catalog[0]?.id;
  if (!wanted) return;
  const shipped = catalog.find((entry) => entry.id === wanted);
  await (shipped ? loadShippedModel(shipped.id) : loadModelFromUrl(wanted)).catch(() => undefined);
}

/** Loads one of the models in public/models/ by its id. */
export function loadShippedModel(id: string): Promise<ModelInfo> {
  return loadModelFromUrl(shippedModelUrl(id)).then((info) => {
    useStore.setState({ modelId: id });
    return info;
  });
}

/** Runs `task` on the loaded model, after any queued engine work. */
export function withModel<T>(
  task: (model: AnyModel, tokenizer: TextTokenizer | undefined) => Promise<T>,
): Promise<T> {
  return exclusive(() => {
    if (!loaded) throw new Error('no model is loaded');
    return task(loaded.model, loaded.tokenizer);
  });
}

export function memory(): { numTensors: number; numBytes: number } {
  return engineMemory();
}

/**
 * Resolves when all queued engine work (boot, loads, runs) has settled, including work that
 * queued while it waited (a loaded model queues its first run on the current input).
 */
export async function idle(): Promise<void> {
  let settled: Promise<unknown>;
  do {
    settled = queue;
    await settled;
  } while (settled !== queue);
}
