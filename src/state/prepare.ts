/**
 * From what the user typed to a model request: tokenise (BERT's optional second segment; T5's
 * source and target), cut to the model's context with a count of what was dropped, and keep
 * the token strips the views label their axes with.
 */
import type { ModelConfig } from '../io/config';
import type { ForwardRequest } from '../models/dispatch';
import type { Encoded, TextTokenizer } from '../tokenizers/tokenizer';

export interface InputText {
  readonly text: string;
  /** BERT: segment B. */
  readonly textB?: string;
  /** T5: the output so far (the decoder reads the start token, then this). */
  readonly target?: string;
  /**
   * Padding tokens appended to the (encoder) input with attention mask 0, as a batch pads its
   * shorter rows: the padding mask, made visible.
   */
  readonly padding?: number;
}

/** The characters of one input field a token covers, `[start, end)` as `slice` takes them. */
export interface TextSpan {
  readonly field: 'text' | 'textB' | 'target';
  readonly start: number;
  readonly end: number;
}

export interface TokenStrip {
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  /** BERT: 0 for segment A, 1 for B. */
  readonly typeIds?: readonly number[];
  /** Special tokens ([CLS], </s>, the decoder start, padding, …), which the views can hide. */
  readonly special: readonly boolean[];
  /** Padding positions (attention mask 0). */
  readonly padded?: readonly boolean[];
  /** What each token covers of the typed text; null for special and padding tokens. */
  readonly spans: readonly (TextSpan | null)[];
}

export interface Prepared {
  readonly request: ForwardRequest;
  readonly encoder?: TokenStrip;
  readonly decoder?: TokenStrip;
  /** Tokens cut because the input was longer than the context. */
  readonly dropped: number;
}

/** The most padding tokens the input offers: enough to show the padding mask. */
export const MAX_PADDING = 8;

/** T5's relative positions have no hard limit; 512 is what it was trained with. */
const T5_CONTEXT = 512;

/** The id padding uses: the config's pad token, else its end-of-sequence token, else 0. */
function padId(config: ModelConfig): number {
  const pad = config.pad_token_id;
  if (typeof pad === 'number' && pad >= 0) return pad;
  const eos = 'eos_token_id' in config ? config.eos_token_id : null;
  if (typeof eos === 'number') return eos;
  if (Array.isArray(eos) && typeof eos[0] === 'number') return eos[0];
  return 0;
}

export function contextLength(config: ModelConfig): number {
  switch (config.model_type) {
    case 'bert':
    case 'llama':
      return config.max_position_embeddings;
    case 'gpt2':
      return config.n_positions;
    case 't5':
      return T5_CONTEXT;
  }
}

function strip(
  tokenizer: TextTokenizer,
  ids: readonly number[],
  spans: readonly (TextSpan | null)[],
  typeIds?: readonly number[],
): TokenStrip {
  const tokens = ids.map((id) => tokenizer.idToToken(id) ?? `[${id}]`);
  return {
    ids,
    tokens,
    ...(typeIds && { typeIds }),
    special: tokens.map((t) => tokenizer.specialTokens.has(t)),
    spans,
  };
}

/** Each token's span, in the field its sequence came from (the first text, or the pair's). */
function spansOf(
  encoded: Encoded,
  fields: readonly [TextSpan['field'], TextSpan['field']],
): (TextSpan | null)[] {
  return encoded.offsets.map((offset, i) => {
    const sequence = encoded.sequenceIds[i];
    if (offset === null || sequence === null || sequence === undefined) return null;
    return { field: fields[sequence], start: offset[0], end: offset[1] };
  });
}

/**
 * Keeps the first `limit` ids; when the sequence ended on a special token (BERT's [SEP], T5's
 * </s>), that token stays last, as a truncating tokenizer keeps it.
 */
function truncate<T>(
  ids: readonly T[],
  limit: number,
  endsSpecial: boolean,
): { kept: T[]; dropped: number } {
  if (ids.length <= limit) return { kept: [...ids], dropped: 0 };
  const kept = endsSpecial ? [...ids.slice(0, limit - 1), ids.at(-1)!] : ids.slice(0, limit);
  return { kept, dropped: ids.length - limit };
}

export function prepareInput(
  config: ModelConfig,
  tokenizer: TextTokenizer,
  input: InputText,
): Prepared | null {
  if (input.text.trim() === '') return null;
  const limit = contextLength(config);
  const pair = config.model_type === 'bert' && input.textB?.trim() ? input.textB : undefined;
  const encoded = tokenizer.encode(input.text, pair === undefined ? {} : { pair });
  const lastSpecial = tokenizer.specialTokens.has(encoded.tokens.at(-1) ?? '');
  const padding = Math.max(0, Math.min(input.padding ?? 0, limit - 1));
  const { kept: text, dropped } = truncate(encoded.ids, limit - padding, lastSpecial);
  const pad = padId(config);
  const kept = [...text, ...new Array<number>(padding).fill(pad)];
  const spans = [
    ...truncate(spansOf(encoded, ['text', 'textB']), limit - padding, lastSpecial).kept,
    ...new Array<null>(padding).fill(null),
  ];
  const attentionMask = [kept.map((_, i) => (i < text.length ? 1 : 0))];
  const padded = (s: TokenStrip): TokenStrip =>
    padding === 0
      ? s
      : {
          ...s,
          special: s.special.map((flag, i) => flag || i >= text.length),
          padded: attentionMask[0]!.map((m) => m === 0),
        };
  const masked = padding > 0 ? { attentionMask } : {};
  if (config.model_type === 'bert') {
    const types = [
      ...truncate(encoded.typeIds, limit - padding, lastSpecial).kept,
      ...new Array<number>(padding).fill(0),
    ];
    return {
      request: { inputIds: [kept], tokenTypeIds: [types], ...masked },
      encoder: padded(strip(tokenizer, kept, spans, types)),
      dropped,
    };
  }
  if (config.model_type !== 't5')
    return {
      request: { inputIds: [kept], ...masked },
      decoder: padded(strip(tokenizer, kept, spans)),
      dropped,
    };
  const start = config.decoder_start_token_id;
  const target = input.target?.trim()
    ? tokenizer.encode(input.target, { addSpecialTokens: false })
    : undefined;
  const cut = truncate([start, ...(target?.ids ?? [])], limit, false);
  const targetSpans = [null, ...(target ? spansOf(target, ['target', 'target']) : [])];
  return {
    request: { inputIds: [kept], decoderInputIds: [cut.kept], ...masked },
    encoder: padded(strip(tokenizer, kept, spans)),
    decoder: strip(tokenizer, cut.kept, targetSpans.slice(0, cut.kept.length)),
    dropped: dropped + cut.dropped,
  };
}
