/**
 * Running the loaded model on token ids from the UI (a checkpoint without a tokenizer) and for
 * the window API, writing a plain summary of the output to the store.
 */
import { argmaxPerPosition } from '../analysis/logits';
import {
  forwardAny,
  generateAny,
  type ForwardRequest,
  type GenerateRequest,
} from '../models/dispatch';
import type { GenerationResult } from '../models/generate';
import type { AnyModel } from '../models/load';
import type { ForwardOptions, ForwardOutput } from '../models/types';
import { message, withModel } from './actions';
import { useStore } from './store';

/** Parses "1, 2 3" into token ids; throws a readable message on anything else. */
export function parseIds(text: string, label: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) throw new Error(`${label}: enter token ids, e.g. 5, 17, 42`);
  return parts.map((part) => {
    const id = Number(part);
    if (!Number.isInteger(id) || id < 0) throw new Error(`${label}: '${part}' is not a token id`);
    return id;
  });
}

interface Prepared {
  readonly request: ForwardRequest;
  readonly tokens: readonly string[];
  readonly decoderTokens?: readonly string[];
}

async function runAndStore(model: AnyModel, prepared: Prepared): Promise<ForwardOutput> {
  const started = performance.now();
  const output = await forwardAny(model, prepared.request);
  useStore.setState({
    runStatus: 'ready',
    run: {
      inputIds: prepared.request.inputIds[0]!,
      tokens: prepared.tokens,
      ...(prepared.request.decoderInputIds && {
        decoderInputIds: prepared.request.decoderInputIds[0]!,
      }),
      ...(prepared.decoderTokens && { decoderTokens: prepared.decoderTokens }),
      forwardMs: performance.now() - started,
      topTokens: output.logits ? argmaxPerPosition(output.logits) : [],
      attentions: Object.values(output.attentions).map((trace) => ({
        kind: trace.kind,
        layers: trace.layers.length,
        shape: trace.layers[0]?.probs.shape ?? [],
      })),
    },
  });
  return output;
}

function run(prepare: (model: AnyModel) => Prepared): Promise<ForwardOutput> {
  return withModel(async (model) => {
    useStore.setState({ runStatus: 'busy', runError: null });
    try {
      return await runAndStore(model, prepare(model));
    } catch (error) {
      useStore.setState({ runStatus: 'error', runError: message(error) });
      throw error;
    }
  });
}

/** Runs the loaded model on typed token ids. */
export function runIds(idsText: string, decoderText = ''): Promise<ForwardOutput> {
  return run((model) => {
    const inputIds = parseIds(idsText, 'input ids');
    const decoder =
      model.architecture === 't5' ? parseIds(decoderText || '0', 'decoder ids') : undefined;
    return {
      request: { inputIds: [inputIds], ...(decoder && { decoderInputIds: [decoder] }) },
      tokens: inputIds.map(String),
      ...(decoder && { decoderTokens: decoder.map(String) }),
    };
  });
}

/** Engine access for tests and embeds: the loaded model on plain requests. */
export function forward(request: ForwardRequest, options?: ForwardOptions): Promise<ForwardOutput> {
  return withModel((model) => forwardAny(model, request, options));
}

export function generate(request: GenerateRequest): Promise<GenerationResult> {
  return withModel((model) => generateAny(model, request));
}
