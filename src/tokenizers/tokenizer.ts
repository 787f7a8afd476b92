/**
 * The one tokenizer interface of the app and the scripts: a thin wrapper over
 * `@huggingface/tokenizers` (pure JS, reads Hugging Face `tokenizer.json`).
 *
 * Special tokens and token type ids come from the post-processor's template, applied here: the
 * library returns no type ids for some post-processors and drops the second text of a pair under
 * the ByteLevel one (GPT-2's). Decoding skips ids the vocabulary does not have, as `tokenizers`
 * does, and cleans up spaces only when `tokenizer_config.json` asks for it.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { type Span, alignPieces } from './offsets';

export type { Span } from './offsets';

export interface EncodeOptions {
  /** A second text (segment B, type id 1). */
  readonly pair?: string;
  /** Add the special tokens of the post-processor's template (default true). */
  readonly addSpecialTokens?: boolean;
}

export interface Encoded {
  readonly ids: number[];
  readonly tokens: string[];
  /** Segment of each token: 0 for A, 1 for B (special tokens as the template says). */
  readonly typeIds: number[];
  /** Which text each token came from: 0 the first, 1 the pair, null a template's special token. */
  readonly sequenceIds: (0 | 1 | null)[];
  /** The characters of its text each token covers; null for a template's special tokens. */
  readonly offsets: (Span | null)[];
}

export interface TextTokenizer {
  encode(text: string, options?: EncodeOptions): Encoded;
  decode(ids: readonly number[], options?: { readonly skipSpecialTokens?: boolean }): string;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** One more than the largest id, added tokens included. */
  readonly vocabSize: number;
  /** The added tokens marked special (`[CLS]`, `<s>`, `<extra_id_0>`, …). */
  readonly specialTokens: ReadonlySet<string>;
}

export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

type TemplateItem =
  | {
      readonly kind: 'special';
      readonly ids: number[];
      readonly tokens: string[];
      readonly typeId: number;
    }
  | { readonly kind: 'sequence'; readonly segment: 'A' | 'B'; readonly typeId: number };

interface Template {
  readonly single: readonly TemplateItem[];
  readonly pair: readonly TemplateItem[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function special(token: unknown, typeId: number): TemplateItem {
  if (!Array.isArray(token) || typeof token[0] !== 'string' || typeof token[1] !== 'number')
    throw new TokenizerError('post_processor: a special token is not [token, id]');
  return { kind: 'special', ids: [token[1]], tokens: [token[0]], typeId };
}

function templateItems(items: unknown, specials: Json): TemplateItem[] {
  if (!Array.isArray(items)) throw new TokenizerError('post_processor: the template is not a list');
  return items.map((item: unknown): TemplateItem => {
    const sequence = isObject(item) && isObject(item.Sequence) ? item.Sequence : undefined;
    const typeId = (value: Json) => (typeof value.type_id === 'number' ? value.type_id : 0);
    if (sequence)
      return {
        kind: 'sequence',
        segment: sequence.id === 'B' ? 'B' : 'A',
        typeId: typeId(sequence),
      };
    const token = isObject(item) && isObject(item.SpecialToken) ? item.SpecialToken : undefined;
    const entry = token && typeof token.id === 'string' ? specials[token.id] : undefined;
    if (!token || !isObject(entry) || !Array.isArray(entry.ids) || !Array.isArray(entry.tokens))
      throw new TokenizerError(`post_processor: unknown template item ${JSON.stringify(item)}`);
    return {
      kind: 'special',
      ids: entry.ids as number[],
      tokens: entry.tokens as string[],
      typeId: typeId(token),
    };
  });
}

/** The template a post-processor applies, or null when it adds no tokens (ByteLevel, none). */
function templateOf(processor: unknown): Template | null {
  if (!isObject(processor)) return null;
  const A = (typeId: number): TemplateItem => ({ kind: 'sequence', segment: 'A', typeId });
  const B = (typeId: number): TemplateItem => ({ kind: 'sequence', segment: 'B', typeId });
  switch (processor.type) {
    case 'TemplateProcessing': {
      const specials = isObject(processor.special_tokens) ? processor.special_tokens : {};
      return {
        single: templateItems(processor.single, specials),
        pair: templateItems(processor.pair, specials),
      };
    }
    case 'BertProcessing': {
      const [cls, sep] = [processor.cls, processor.sep];
      return {
        single: [special(cls, 0), A(0), special(sep, 0)],
        pair: [special(cls, 0), A(0), special(sep, 0), B(1), special(sep, 1)],
      };
    }
    case 'RobertaProcessing': {
      const [cls, sep] = [processor.cls, processor.sep];
      return {
        single: [special(cls, 0), A(0), special(sep, 0)],
        pair: [special(cls, 0), A(0), special(sep, 0), special(sep, 1), B(1), special(sep, 1)],
      };
    }
    case 'Sequence': {
      const processors: unknown[] = Array.isArray(processor.processors) ? processor.processors : [];
      return processors.map(templateOf).find((t) => t !== null) ?? null;
    }
    default:
      return null;
  }
}

function maxId(ids: Iterable<number>): number {
  let max = -1;
  for (const id of ids) if (id > max) max = id;
  return max;
}

/** A tokenizer from the parsed `tokenizer.json` (and `tokenizer_config.json`, if there is one). */
export function loadTokenizer(json: unknown, config: object = {}): TextTokenizer {
  if (!isObject(json) || !isObject(json.model) || !('vocab' in json.model))
    throw new TokenizerError(
      'not a tokenizer.json: expected an object whose "model" has a "vocab"',
    );
  if ('added_tokens' in json && !Array.isArray(json.added_tokens))
    throw new TokenizerError('not a tokenizer.json: "added_tokens" is not a list');
  const complete = {
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    added_tokens: [],
    ...json,
  };
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(complete, { clean_up_tokenization_spaces: false, ...config });
  } catch (error) {
    throw new TokenizerError(`tokenizer.json could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const template = templateOf(complete.post_processor);
  const specialTokens = new Set(
    (complete.added_tokens as unknown[]).flatMap((t) =>
      isObject(t) && t.special === true && typeof t.content === 'string' ? [t.content] : [],
    ),
  );
  const model = json.model;
  const unknown = typeof model.unk_token === 'string' ? model.unk_token : undefined;
  const unknownId =
    typeof model.unk_id === 'number'
      ? model.unk_id
      : unknown === undefined
        ? undefined
        : tokenizer.token_to_id(unknown);
  const subwordPrefix =
    model.type === 'WordPiece' ? String(model.continuing_subword_prefix ?? '##') : undefined;
  const decodeRaw = (ids: number[]) => tokenizer.decode(ids, { skip_special_tokens: false });

  /**
   * Each token's text, to align with the input. Byte tokens that are part of one character
   * decode to U+FFFD alone, so they are decoded together (a UTF-8 character has at most 4 bytes).
   * An unknown token's text is the piece the model did not know, when the library keeps it
   * (Unigram does), else null.
   */
  const piecesOf = (ids: readonly number[], tokens: readonly string[]) => {
    const pieces: (string | null)[] = [];
    const groups: number[] = [];
    for (let i = 0; i < ids.length;) {
      let piece: string | null;
      let next = i + 1;
      if (ids[i] === unknownId) piece = tokens[i] === unknown ? null : tokens[i]!;
      else {
        piece = decodeRaw([ids[i]!]);
        while (piece.includes('\uFFFD') && next < ids.length && next - i < 4)
          piece = decodeRaw(ids.slice(i, ++next));
        if (piece.includes('\uFFFD')) [piece, next] = [null, i + 1];
        else if (subwordPrefix && piece.startsWith(subwordPrefix))
          piece = piece.slice(subwordPrefix.length);
      }
      pieces.push(piece);
      for (let k = i; k < next; k++) groups.push(pieces.length - 1);
      i = next;
    }
    return { pieces, groups };
  };

  const segment = (text: string) => {
    const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: false });
    const { pieces, groups } = piecesOf(ids, tokens);
    const spans = alignPieces(text, pieces);
    return { ids, tokens, offsets: groups.map((g) => spans[g] ?? null) };
  };

  return {
    vocabSize: maxId(tokenizer.get_vocab(true).values()) + 1,
    specialTokens,
    tokenToId: (token) => tokenizer.token_to_id(token),
    idToToken: (id) => tokenizer.id_to_token(id),
    encode(text, options = {}) {
      const a = segment(text);
      const b = options.pair === undefined ? undefined : segment(options.pair);
      const items: readonly TemplateItem[] =
        options.addSpecialTokens === false || template === null
          ? [
              { kind: 'sequence', segment: 'A', typeId: 0 },
              { kind: 'sequence', segment: 'B', typeId: 1 },
            ]
          : b === undefined
            ? template.single
            : template.pair;
      const encoded: Encoded = { ids: [], tokens: [], typeIds: [], sequenceIds: [], offsets: [] };
      for (const item of items) {
        const part = item.kind === 'special' ? item : item.segment === 'A' ? a : b;
        if (part === undefined) continue;
        const sequence = item.kind === 'special' ? null : item.segment === 'A' ? 0 : 1;
        encoded.ids.push(...part.ids);
        encoded.tokens.push(...part.tokens);
        encoded.typeIds.push(...part.ids.map(() => item.typeId));
        encoded.sequenceIds.push(...part.ids.map(() => sequence));
        encoded.offsets.push(...('offsets' in part ? part.offsets : part.ids.map(() => null)));
      }
      return encoded;
    },
    decode(ids, options = {}) {
      const known = ids.filter((id) => tokenizer.id_to_token(id) !== undefined);
      if (known.length === 0) return '';
      return tokenizer.decode(known, { skip_special_tokens: options.skipSpecialTokens ?? false });
    },
  };
}
