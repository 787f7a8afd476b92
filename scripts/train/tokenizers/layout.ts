/**
 * The files of a Hugging Face tokenizer folder, as `tokenizers` (Rust) and transformers'
 * `PreTrainedTokenizerFast` read them: `tokenizer.json`, `tokenizer_config.json` and
 * `special_tokens_map.json`. Written with a fixed key order so that a rebuild is byte-identical.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `model_max_length`: the recipes' position limit (`max_position_embeddings` = 128). */
export const MODEL_MAX_LENGTH = 128;

export type Json = null | boolean | number | string | readonly Json[] | JsonObject | JsonMap;
export interface JsonObject {
  readonly [key: string]: Json;
}
/** An object whose keys keep their order (a plain object would move `"1"` to the front). */
export type JsonMap = ReadonlyMap<string, Json>;

// Type aliases, not interfaces, so that they are assignable to Json.
export type AddedTokenJson = {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
};

export type TokenizerParts = {
  added_tokens: readonly AddedTokenJson[];
  normalizer: Json;
  pre_tokenizer: Json;
  post_processor: Json;
  decoder: Json;
  model: JsonObject;
};

export type TokenizerJson = { version: '1.0'; truncation: null; padding: null } & TokenizerParts;

export interface TokenizerFiles {
  readonly tokenizer: TokenizerJson;
  /** Special tokens by role (`bos_token`, …) and the other `tokenizer_config.json` keys. */
  readonly config: JsonObject;
  readonly specialTokensMap: JsonObject;
}

export function specialToken(id: number, content: string): AddedTokenJson {
  return {
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  };
}

export function tokenizerJson(parts: TokenizerParts): TokenizerJson {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: parts.added_tokens,
    normalizer: parts.normalizer,
    pre_tokenizer: parts.pre_tokenizer,
    post_processor: parts.post_processor,
    decoder: parts.decoder,
    model: parts.model,
  };
}

/**
 * A TemplateProcessing post-processor from the notation of `tokenizers`' Python API:
 * `template('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', ids)`.
 */
export function template(
  single: string,
  pair: string,
  ids: ReadonlyMap<string, number>,
): JsonObject {
  const items = (spec: string): Json[] =>
    spec.split(' ').map((item): Json => {
      const [name = '', typeId = '0'] = item.split(':');
      const type_id = Number(typeId);
      if (name === '$A' || name === '$B') return { Sequence: { id: name.slice(1), type_id } };
      if (!ids.has(name)) throw new Error(`template: ${name} has no id`);
      return { SpecialToken: { id: name, type_id } };
    });
  const names = [
    ...new Set(`${single} ${pair}`.split(' ').map((item) => item.split(':')[0] ?? '')),
  ];
  const specials = new Map<string, Json>();
  for (const name of names.filter((n) => !n.startsWith('$')).sort())
    specials.set(name, { id: name, ids: [ids.get(name) ?? -1], tokens: [name] });
  return {
    type: 'TemplateProcessing',
    single: items(single),
    pair: items(pair),
    special_tokens: specials,
  };
}

/** `tokenizer_config.json` as transformers ≥ 4.34 writes it: added tokens, then the rest sorted. */
export function tokenizerConfig(tokenizer: TokenizerJson, config: JsonObject): JsonObject {
  const decoder = new Map<string, Json>();
  for (const { id, ...token } of tokenizer.added_tokens) {
    const { content, lstrip, normalized, rstrip, single_word, special } = token;
    decoder.set(String(id), { content, lstrip, normalized, rstrip, single_word, special });
  }
  const sorted = Object.keys(config)
    .sort()
    .map((key) => [key, config[key] ?? null] as const);
  return Object.fromEntries([['added_tokens_decoder', decoder], ...sorted]) as JsonObject;
}

/** JSON with two-space indentation; arrays of scalars stay on one line. */
export function formatJson(value: Json, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value as readonly Json[];
    if (items.length === 0) return '[]';
    if (items.every((item) => item === null || typeof item !== 'object'))
      return `[${items.map((item) => formatJson(item)).join(', ')}]`;
    return `[\n${items.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries =
    value instanceof Map ? [...(value as JsonMap)] : Object.entries(value as JsonObject);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

export function writeTokenizerFiles(dir: string, files: TokenizerFiles): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, value: Json) =>
    writeFileSync(join(dir, name), `${formatJson(value)}\n`);
  write('tokenizer.json', files.tokenizer);
  write('tokenizer_config.json', tokenizerConfig(files.tokenizer, files.config));
  write('special_tokens_map.json', files.specialTokensMap);
}
