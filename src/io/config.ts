/**
 * `config.json` → a typed config per architecture. Keys keep Hugging Face's names, and a key
 * the file leaves out takes the default of HF's config class (transformers v4.35), so Hub
 * checkpoints that rely on defaults load as they do in Python. Keys that would change the math
 * in a way we do not implement are refused with a message, never ignored.
 */
import { LoadError } from './errors';

export interface BertConfig {
  readonly model_type: 'bert';
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly intermediate_size: number;
  readonly hidden_act: string;
  readonly max_position_embeddings: number;
  readonly type_vocab_size: number;
  readonly layer_norm_eps: number;
  readonly pad_token_id: number;
  readonly tie_word_embeddings: boolean;
}

export interface Gpt2Config {
  readonly model_type: 'gpt2';
  readonly vocab_size: number;
  readonly n_positions: number;
  readonly n_embd: number;
  readonly n_layer: number;
  readonly n_head: number;
  /** Resolved: HF's `null` means 4 × n_embd. */
  readonly n_inner: number;
  readonly activation_function: string;
  readonly layer_norm_epsilon: number;
  readonly scale_attn_weights: boolean;
  readonly scale_attn_by_inverse_layer_idx: boolean;
  readonly bos_token_id: number;
  readonly eos_token_id: number;
  readonly pad_token_id: number | null;
  readonly tie_word_embeddings: boolean;
}

export interface T5Config {
  readonly model_type: 't5';
  readonly vocab_size: number;
  readonly d_model: number;
  readonly d_kv: number;
  readonly d_ff: number;
  readonly num_layers: number;
  /** Resolved: HF's `null` means num_layers. */
  readonly num_decoder_layers: number;
  readonly num_heads: number;
  readonly relative_attention_num_buckets: number;
  readonly relative_attention_max_distance: number;
  readonly layer_norm_epsilon: number;
  readonly feed_forward_proj: string;
  /** Derived from feed_forward_proj as HF does ('gated-gelu' → gated, 'gelu_new'). */
  readonly dense_act_fn: string;
  readonly is_gated_act: boolean;
  readonly tie_word_embeddings: boolean;
  readonly pad_token_id: number;
  readonly eos_token_id: number;
  readonly decoder_start_token_id: number;
}

export interface LlamaConfig {
  readonly model_type: 'llama';
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly intermediate_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  /** Resolved: HF's `null` means num_attention_heads (no grouping). */
  readonly num_key_value_heads: number;
  /** hidden_size / num_attention_heads unless the file sets `head_dim`. */
  readonly head_dim: number;
  readonly hidden_act: string;
  readonly max_position_embeddings: number;
  readonly rms_norm_eps: number;
  readonly rope_theta: number;
  /** Only linear position interpolation is implemented. */
  readonly rope_scaling: { readonly type: 'linear'; readonly factor: number } | null;
  readonly attention_bias: boolean;
  readonly mlp_bias: boolean;
  readonly tie_word_embeddings: boolean;
  readonly bos_token_id: number | null;
  readonly eos_token_id: number | readonly number[] | null;
  readonly pad_token_id: number | null;
}

export type ModelConfig = BertConfig | Gpt2Config | T5Config | LlamaConfig;
export type ModelType = ModelConfig['model_type'];
export const MODEL_TYPES: readonly ModelType[] = ['bert', 'gpt2', 't5', 'llama'];

type Json = Record<string, unknown>;

class ConfigReader {
  constructor(
    private readonly json: Json,
    private readonly file: string,
  ) {}

  fail(message: string): never {
    throw new LoadError(message, this.file);
  }

  private value(key: string): unknown {
    return this.json[key];
  }

  /** A positive integer (a size or a count). */
  size(key: string, fallback: number): number {
    const v = this.value(key) ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      this.fail(`${key} must be a positive integer, found ${JSON.stringify(v)}`);
    }
    return v as number;
  }

  /**
   * A token id: a non-negative integer, or null where the default is null (there, a negative
   * id such as the `pad_token_id: -1` of some LLaMA conversions also means "none").
   */
  tokenId<T extends number | null>(key: string, fallback: T): number | T {
    const v = this.value(key) ?? fallback;
    if (v === null) return fallback;
    if (fallback === null && typeof v === 'number' && Number.isInteger(v) && v < 0) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      this.fail(`${key} must be a token id (a non-negative integer), found ${JSON.stringify(v)}`);
    }
    return v as number;
  }

  positive(key: string, fallback: number): number {
    const v = this.value(key) ?? fallback;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      this.fail(`${key} must be a positive number, found ${JSON.stringify(v)}`);
    }
    return v as number;
  }

  flag(key: string, fallback: boolean): boolean {
    const v = this.value(key) ?? fallback;
    if (typeof v !== 'boolean')
      this.fail(`${key} must be true or false, found ${JSON.stringify(v)}`);
    return v as boolean;
  }

  text(key: string, fallback: string): string {
    const v = this.value(key) ?? fallback;
    if (typeof v !== 'string') this.fail(`${key} must be a string, found ${JSON.stringify(v)}`);
    return v as string;
  }

  raw(key: string): unknown {
    return this.value(key);
  }

  divisible(key: string, value: number, byKey: string, by: number): void {
    if (value % by !== 0) this.fail(`${key} (${value}) must be divisible by ${byKey} (${by})`);
  }
}

function parseBert(r: ConfigReader): BertConfig {
  const positionType = r.text('position_embedding_type', 'absolute');
  if (positionType !== 'absolute') {
    r.fail(`position_embedding_type '${positionType}' is not supported (only 'absolute')`);
  }
  const config: BertConfig = {
    model_type: 'bert',
    vocab_size: r.size('vocab_size', 30522),
    hidden_size: r.size('hidden_size', 768),
    num_hidden_layers: r.size('num_hidden_layers', 12),
    num_attention_heads: r.size('num_attention_heads', 12),
    intermediate_size: r.size('intermediate_size', 3072),
    hidden_act: r.text('hidden_act', 'gelu'),
    max_position_embeddings: r.size('max_position_embeddings', 512),
    type_vocab_size: r.size('type_vocab_size', 2),
    layer_norm_eps: r.positive('layer_norm_eps', 1e-12),
    pad_token_id: r.tokenId('pad_token_id', 0),
    tie_word_embeddings: r.flag('tie_word_embeddings', true),
  };
  r.divisible('hidden_size', config.hidden_size, 'num_attention_heads', config.num_attention_heads);
  return config;
}

function parseGpt2(r: ConfigReader): Gpt2Config {
  const nEmbd = r.size('n_embd', 768);
  const config: Gpt2Config = {
    model_type: 'gpt2',
    vocab_size: r.size('vocab_size', 50257),
    n_positions: r.size('n_positions', 1024),
    n_embd: nEmbd,
    n_layer: r.size('n_layer', 12),
    n_head: r.size('n_head', 12),
    n_inner: r.size('n_inner', 4 * nEmbd),
    activation_function: r.text('activation_function', 'gelu_new'),
    layer_norm_epsilon: r.positive('layer_norm_epsilon', 1e-5),
    scale_attn_weights: r.flag('scale_attn_weights', true),
    scale_attn_by_inverse_layer_idx: r.flag('scale_attn_by_inverse_layer_idx', false),
    bos_token_id: r.tokenId('bos_token_id', 50256),
    eos_token_id: r.tokenId('eos_token_id', 50256),
    pad_token_id: r.tokenId('pad_token_id', null),
    tie_word_embeddings: r.flag('tie_word_embeddings', true),
  };
  r.divisible('n_embd', config.n_embd, 'n_head', config.n_head);
  return config;
}

function parseT5(r: ConfigReader): T5Config {
  const numLayers = r.size('num_layers', 6);
  const padTokenId = r.tokenId('pad_token_id', 0);
  const feedForward = r.text('feed_forward_proj', 'relu');
  const parts = feedForward.split('-');
  const gated = parts.length === 2 && parts[0] === 'gated';
  if (parts.length > 2 || (parts.length === 2 && !gated)) {
    r.fail(
      `feed_forward_proj '${feedForward}' is not valid: use '{ACT_FN}' or 'gated-{ACT_FN}', e.g. 'relu' or 'gated-gelu'`,
    );
  }
  // HF keeps 'gated-gelu' on the tanh approximation for backwards compatibility.
  const act = feedForward === 'gated-gelu' ? 'gelu_new' : (parts[parts.length - 1] ?? 'relu');
  return {
    model_type: 't5',
    vocab_size: r.size('vocab_size', 32128),
    d_model: r.size('d_model', 512),
    d_kv: r.size('d_kv', 64),
    d_ff: r.size('d_ff', 2048),
    num_layers: numLayers,
    num_decoder_layers: r.size('num_decoder_layers', numLayers),
    num_heads: r.size('num_heads', 8),
    relative_attention_num_buckets: r.size('relative_attention_num_buckets', 32),
    relative_attention_max_distance: r.size('relative_attention_max_distance', 128),
    layer_norm_epsilon: r.positive('layer_norm_epsilon', 1e-6),
    feed_forward_proj: feedForward,
    dense_act_fn: act,
    is_gated_act: gated,
    tie_word_embeddings: r.flag('tie_word_embeddings', true),
    pad_token_id: padTokenId,
    eos_token_id: r.tokenId('eos_token_id', 1),
    decoder_start_token_id: r.tokenId('decoder_start_token_id', padTokenId),
  };
}

function parseRopeScaling(r: ConfigReader): LlamaConfig['rope_scaling'] {
  const raw = r.raw('rope_scaling');
  if (raw === undefined || raw === null) return null;
  const scaling = raw as Json;
  const type = scaling.type ?? scaling.rope_type;
  if (type === 'default') return null;
  if (type !== 'linear') {
    r.fail(
      `rope_scaling of type ${JSON.stringify(type)} is not supported (only 'linear' and null)`,
    );
  }
  const factor = scaling.factor;
  if (typeof factor !== 'number' || !(factor >= 1)) {
    r.fail(`rope_scaling.factor must be a number ≥ 1, found ${JSON.stringify(factor)}`);
  }
  return { type: 'linear', factor: factor as number };
}

function parseEosList(r: ConfigReader): LlamaConfig['eos_token_id'] {
  const raw = r.raw('eos_token_id');
  if (Array.isArray(raw)) {
    if (!raw.every((v) => Number.isInteger(v) && (v as number) >= 0)) {
      r.fail(`eos_token_id must be token ids, found ${JSON.stringify(raw)}`);
    }
    return raw as number[];
  }
  return r.tokenId('eos_token_id', 2);
}

function parseLlama(r: ConfigReader): LlamaConfig {
  const hidden = r.size('hidden_size', 4096);
  const heads = r.size('num_attention_heads', 32);
  const pretrainingTp = r.raw('pretraining_tp');
  if (pretrainingTp !== undefined && pretrainingTp !== null && typeof pretrainingTp !== 'number') {
    r.fail(`pretraining_tp must be a number, found ${JSON.stringify(pretrainingTp)}`);
  }
  const hasHeadDim = r.raw('head_dim') !== undefined && r.raw('head_dim') !== null;
  if (!hasHeadDim) r.divisible('hidden_size', hidden, 'num_attention_heads', heads);
  const config: LlamaConfig = {
    model_type: 'llama',
    vocab_size: r.size('vocab_size', 32000),
    hidden_size: hidden,
    intermediate_size: r.size('intermediate_size', 11008),
    num_hidden_layers: r.size('num_hidden_layers', 32),
    num_attention_heads: heads,
    num_key_value_heads: r.size('num_key_value_heads', heads),
    head_dim: hasHeadDim ? r.size('head_dim', hidden / heads) : hidden / heads,
    hidden_act: r.text('hidden_act', 'silu'),
    max_position_embeddings: r.size('max_position_embeddings', 2048),
    rms_norm_eps: r.positive('rms_norm_eps', 1e-6),
    rope_theta: r.positive('rope_theta', 10000),
    rope_scaling: parseRopeScaling(r),
    attention_bias: r.flag('attention_bias', false),
    mlp_bias: r.flag('mlp_bias', false),
    tie_word_embeddings: r.flag('tie_word_embeddings', false),
    bos_token_id: r.tokenId('bos_token_id', 1),
    eos_token_id: parseEosList(r),
    pad_token_id: r.tokenId('pad_token_id', null),
  };
  r.divisible(
    'num_attention_heads',
    config.num_attention_heads,
    'num_key_value_heads',
    config.num_key_value_heads,
  );
  if (config.head_dim % 2 !== 0)
    r.fail(`head dimension ${config.head_dim} must be even for rotary embeddings`);
  return config;
}

const PARSERS: Record<ModelType, (r: ConfigReader) => ModelConfig> = {
  bert: parseBert,
  gpt2: parseGpt2,
  t5: parseT5,
  llama: parseLlama,
};

/** Parses the JSON text or object of a `config.json`. */
export function parseConfig(input: string | unknown, file = 'config.json'): ModelConfig {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new LoadError(`not valid JSON (${(error as Error).message})`, file);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new LoadError('must be a JSON object', file);
  }
  const modelType = (json as Json).model_type;
  if (typeof modelType !== 'string') {
    throw new LoadError(`has no model_type (expected one of ${MODEL_TYPES.join(', ')})`, file);
  }
  if (!(MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new LoadError(
      `model_type '${modelType}' is not supported (supported: ${MODEL_TYPES.join(', ')})`,
      file,
    );
  }
  return PARSERS[modelType as ModelType](new ConfigReader(json as Json, file));
}
