/**
 * Greedy decoding that matches Hugging Face `generate(do_sample=False, num_beams=1)`:
 * left-padded prompts with position ids from the mask (cumsum − 1, padding at 1), a finished
 * row continues with the pad token, and decoding stops when every row has produced eos or
 * after `maxNewTokens`. With the KV cache (default) each step runs only the new token; the
 * attention of each new token can be kept per step.
 */
import type { CausalLM } from './causal';
import { checkMask, checkTokenIds, filled, InputError, type Rows } from './inputs';
import type { T5DecodeState, T5Model } from './t5';
import type { ForwardOptions, ForwardOutput } from './types';

export interface GenerationOptions {
  readonly maxNewTokens: number;
  /** Defaults to the model config's eos_token_id. */
  readonly eosTokenId?: number | readonly number[] | null;
  /** What a finished row continues with; defaults to the config's pad, else the first eos. */
  readonly padTokenId?: number | null;
  /** Keep each step's attention (the new token's rows) in `steps` (default false). */
  readonly attentions?: boolean;
  /** Run each step on the KV cache (default true) or recompute the whole sequence. */
  readonly useCache?: boolean;
  readonly signal?: AbortSignal;
  readonly onStep?: (step: GenerationStep) => void;
}

export interface GenerationStep {
  readonly index: number;
  /** The token each row got at this step (pad for finished rows). */
  readonly tokens: readonly number[];
  /** Attentions of the positions this step computed; logits of the last position. */
  readonly output: ForwardOutput;
}

export interface GenerationResult {
  /** Prompt (with its padding) followed by the new tokens; T5: decoder start token first. */
  readonly sequences: number[][];
  readonly newTokens: number[][];
  readonly steps: GenerationStep[];
}

export function argmaxRows(logits: { data: Float32Array; shape: readonly number[] }): number[] {
  const [batch, length, vocab] = logits.shape as [number, number, number];
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    const row = (b * length + length - 1) * vocab;
    let best = 0;
    for (let v = 1; v < vocab; v++) if (logits.data[row + v]! > logits.data[row + best]!) best = v;
    out.push(best);
  }
  return out;
}

function eosList(eos: number | readonly number[] | null | undefined): readonly number[] {
  if (eos === null || eos === undefined) return [];
  return typeof eos === 'number' ? [eos] : eos;
}

/** What each step needs back: the last position's logits, and attentions on request. */
function stepOptions(options: GenerationOptions): ForwardOptions {
  return { logits: 'last', hiddenStates: false, attentions: options.attentions ?? false };
}

/** HF's position ids during generation: cumsum(mask) − 1, and 1 at padding. */
export function positionsFromMask(mask: Rows): number[][] {
  return mask.map((row) => {
    let seen = 0;
    return row.map((m) => {
      seen += m;
      return m ? seen - 1 : 1;
    });
  });
}

/** The shared loop: `step` runs the model on the tokens so far and returns the new logits. */
async function greedy(
  batch: number,
  options: GenerationOptions,
  eos: readonly number[],
  pad: number,
  step: (index: number, lastTokens: number[]) => Promise<ForwardOutput>,
): Promise<{ newTokens: number[][]; steps: GenerationStep[] }> {
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
    throw new InputError(`maxNewTokens must be a positive integer, found ${options.maxNewTokens}`);
  }
  const newTokens: number[][] = Array.from({ length: batch }, () => []);
  const steps: GenerationStep[] = [];
  const unfinished = new Array<boolean>(batch).fill(true);
  let last: number[] = [];
  for (let index = 0; index < options.maxNewTokens; index++) {
    options.signal?.throwIfAborted();
    const output = await step(index, last);
    const best = argmaxRows(output.logits!);
    last = best.map((token, b) => (unfinished[b] ? token : pad));
    last.forEach((token, b) => {
      newTokens[b]!.push(token);
      if (eos.includes(token)) unfinished[b] = false;
    });
    const record: GenerationStep = { index, tokens: last, output };
    if (options.attentions) steps.push(record);
    options.onStep?.(record);
    if (!unfinished.some(Boolean)) break;
  }
  return { newTokens, steps };
}

export async function generateCausal(
  model: CausalLM,
  prompt: { readonly inputIds: Rows; readonly attentionMask?: Rows },
  options: GenerationOptions,
): Promise<GenerationResult> {
  const config = model.config;
  const shape = checkTokenIds(prompt.inputIds, config.vocab_size, 'input_ids');
  checkMask(prompt.attentionMask, shape);
  const eos = eosList(options.eosTokenId === undefined ? config.eos_token_id : options.eosTokenId);
  const pad = options.padTokenId ?? config.pad_token_id ?? eos[0] ?? 0;
  const mask = (prompt.attentionMask ?? filled(shape, 1)).map((row) => [...row]);
  const sequences = prompt.inputIds.map((row) => [...row]);
  const forwardOptions = stepOptions(options);
  const useCache = options.useCache ?? true;
  const cache = useCache ? model.newCache() : undefined;
  try {
    const { newTokens, steps } = await greedy(shape.batch, options, eos, pad, (index, last) => {
      if (index > 0) {
        last.forEach((token, b) => {
          sequences[b]!.push(token);
          mask[b]!.push(1); // HF extends the mask with 1 for every row, finished or not
        });
      }
      const positions = positionsFromMask(mask);
      if (!cache) {
        return model.forward(
          { inputIds: sequences, attentionMask: mask, positionIds: positions },
          forwardOptions,
        );
      }
      const fresh = index === 0 ? shape.length : 1;
      return model.decode(
        {
          inputIds: sequences.map((row) => row.slice(-fresh)),
          positionIds: positions.map((row) => row.slice(-fresh)),
          attentionMask: mask,
        },
        cache,
        forwardOptions,
      );
    });
    return {
      sequences: prompt.inputIds.map((row, b) => [...row, ...newTokens[b]!]),
      newTokens,
      steps,
    };
  } finally {
    cache?.dispose();
  }
}

export async function generateSeq2Seq(
  model: T5Model,
  prompt: {
    readonly inputIds: Rows;
    readonly attentionMask?: Rows;
    /** HF's `cross_attn_head_mask` [decoder layers][heads], applied at every step. */
    readonly crossAttentionHeadMask?: Rows;
  },
  options: GenerationOptions & { readonly decoderStartTokenId?: number },
): Promise<GenerationResult> {
  const config = model.config;
  const eos = eosList(options.eosTokenId === undefined ? config.eos_token_id : options.eosTokenId);
  const pad = options.padTokenId ?? config.pad_token_id;
  const start = options.decoderStartTokenId ?? config.decoder_start_token_id;
  const forwardOptions = stepOptions(options);
  const useCache = options.useCache ?? true;
  let state: T5DecodeState | undefined;
  try {
    if (useCache)
      state = (await model.encode(prompt, { attentions: false, hiddenStates: false })).state;
    const batch = prompt.inputIds.length;
    const decoded: number[][] = Array.from({ length: batch }, () => [start]);
    const { newTokens, steps } = await greedy(batch, options, eos, pad, (index, last) => {
      if (index > 0) last.forEach((token, b) => decoded[b]!.push(token));
      if (!state) return model.forward({ ...prompt, decoderInputIds: decoded }, forwardOptions);
      return model.decode(
        decoded.map((row) => row.slice(-1)),
        state,
        forwardOptions,
      );
    });
    return { sequences: newTokens.map((row) => [start, ...row]), newTokens, steps };
  } finally {
    state?.dispose();
  }
}
