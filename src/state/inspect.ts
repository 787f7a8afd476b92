/**
 * The visualizer's pipeline: typed input → tokenizer → model → the attention of every layer and
 * head in the store. The newest input wins: an input that is superseded before it runs is
 * skipped, and one superseded while it runs does not overwrite the newer result. Errors keep
 * the last good picture on screen and say what went wrong.
 */
import { topPredictions } from '../analysis/predictions';
import { forwardAny } from '../models/dispatch';
import type { AttentionKind, ForwardOutput } from '../models/types';
import type { TextTokenizer } from '../tokenizers/tokenizer';
import { message, withModel } from './actions';
import { prepareInput, type InputText, type Prepared } from './prepare';
import { SAMPLES } from './samples';
import {
  useStore,
  type AppState,
  type Inspection,
  type KindAttention,
  type Predictions,
} from './store';

let generation = 0;
let newest: Promise<void> = Promise.resolve();

/** Kinds in the order the views list them. */
export const ATTENTION_KINDS: readonly AttentionKind[] = ['self', 'encoder', 'decoder', 'cross'];

function attentionsOf(output: ForwardOutput): KindAttention[] {
  return ATTENTION_KINDS.flatMap((kind) => {
    const trace = output.attentions[kind];
    if (!trace) return [];
    const [, tq, tk] = trace.mask.shape as [number, number, number];
    return [
      {
        kind,
        mask: trace.mask.data.slice(0, tq * tk),
        layers: trace.layers.map((l) => l.probs),
        scores: trace.layers.flatMap((l) => (l.scores ? [l.scores] : [])),
      },
    ];
  });
}

/** Keeps the selection inside what the new inspection has (kind, layer, head). */
function clampSelection(state: AppState, inspection: Inspection): Partial<AppState> {
  const kinds = inspection.attentions.map((a) => a.kind);
  const kind = kinds.includes(state.kind)
    ? state.kind
    : kinds.includes('cross')
      ? 'cross'
      : kinds[0]!;
  const attention = inspection.attentions.find((a) => a.kind === kind)!;
  const heads = attention.layers[0]?.shape[1] ?? 1;
  return {
    kind,
    layer: Math.min(state.layer, attention.layers.length - 1),
    head: Math.min(state.head, heads - 1),
    hovered: null,
    locked: null,
  };
}

/** How many predictions each position keeps. */
const TOP_K = 5;

/**
 * The LM head's top tokens per position of the strip it reads: BERT's encoder (the token that
 * belongs there; its [CLS] and [SEP] are skipped, being no text), else the decoder (the next
 * token). Padding positions predict nothing.
 */
function predictionsOf(
  prepared: Prepared,
  output: ForwardOutput,
  tokenizer: TextTokenizer,
): Predictions | undefined {
  const strip = prepared.decoder ?? prepared.encoder;
  if (!output.logits || !strip) return undefined;
  const next = prepared.decoder !== undefined;
  const top = topPredictions(output.logits, TOP_K).map((row, i) =>
    strip.padded?.[i] || (!next && strip.spans[i] === null)
      ? null
      : row.map(({ id, p }) => ({ id, p, token: tokenizer.idToToken(id) ?? `[${id}]` })),
  );
  return { strip: next ? 'decoder' : 'encoder', next, top };
}

function store(
  input: InputText,
  prepared: Prepared,
  output: ForwardOutput,
  tokenizer: TextTokenizer,
) {
  const predictions = predictionsOf(prepared, output, tokenizer);
  const inspection: Inspection = {
    input,
    ...(predictions && { predictions }),
    ...(prepared.encoder && { encoder: prepared.encoder }),
    ...(prepared.decoder && { decoder: prepared.decoder }),
    attentions: attentionsOf(output),
    dropped: prepared.dropped,
  };
  useStore.setState((state) => ({
    inspection,
    inspectStatus: 'ready',
    inspectError: null,
    ...clampSelection(state, inspection),
  }));
}

/** Shows the loaded model's attention on `input`; resolves when the views show the newest input. */
export function setInput(input: InputText): Promise<void> {
  useStore.setState({ input });
  const mine = ++generation;
  const run = withModel(async (model, tokenizer) => {
    if (mine !== generation) return; // a newer input is queued: skip this one
    if (!tokenizer)
      throw new Error('this checkpoint has no tokenizer.json, so it cannot read text');
    const prepared = prepareInput(model.config, tokenizer, input);
    if (!prepared) {
      useStore.setState({ inspection: null, inspectStatus: 'ready', inspectError: null });
      return;
    }
    useStore.setState({ inspectStatus: 'busy' });
    // Pre-softmax scores double what is read back, so they are read only while they are shown.
    const scores = useStore.getState().showScores;
    const output = await forwardAny(model, prepared.request, { hiddenStates: false, scores });
    if (mine !== generation) return;
    store(input, prepared, output, tokenizer);
  }).catch((error: unknown) => {
    if (mine === generation)
      useStore.setState({ inspectStatus: 'error', inspectError: message(error) });
  });
  newest = run;
  return run.then(() => (mine === generation ? undefined : newest));
}

/** Re-runs the input when the scores view opens on an inspection read without scores. */
export function watchScores(): () => void {
  return useStore.subscribe((state, previous) => {
    const missing = state.inspection?.attentions.some((a) => a.scores.length === 0);
    if (state.showScores && !previous.showScores && missing) void setInput(state.input);
  });
}

let pinned = false;

/** Starts from this input (a shared link's) instead of the first model's sample. */
export function startWith(input: InputText): void {
  pinned = true;
  useStore.setState({ input });
}

/**
 * Re-runs the input whenever a model is installed (picker, URL, files, backend switch); a
 * first model, or an empty input, starts from the family's sample.
 */
export function watchModels(): () => void {
  return useStore.subscribe((state, previous) => {
    if (!state.model || state.model === previous.model) return;
    const keep = state.input.text.trim() !== '' && (previous.model !== null || pinned);
    void setInput(keep ? state.input : SAMPLES[state.model.architecture]);
  });
}
