/**
 * A WordPiece tokenizer in the layout of bert-base-uncased: lowercasing BertNormalizer (accents
 * stripped), BertPreTokenizer, `##` continuation pieces, `[CLS] A [SEP] B [SEP]`.
 *
 * `tokenizers`' WordPiece trainer is its BPE trainer with a `##` prefix on every non-initial
 * character; it hands out the ids of those `##` characters in hash-map order, so its merges
 * (ties are broken by id) differ from run to run. We train plain BPE instead on words whose
 * non-initial characters are moved to a private-use plane, where the sorted alphabet puts them
 * after the initial characters in a fixed order, and map the tokens back: the same algorithm,
 * deterministic.
 */
import {
  BPE,
  bertNormalizer,
  bertPreTokenizer,
  whitespaceSplitPreTokenizer,
} from '@anush008/tokenizers';
import {
  MODEL_MAX_LENGTH,
  specialToken,
  template,
  tokenizerJson,
  type TokenizerFiles,
} from './layout';
import { trainBpe } from './native';

export const BERT_VOCAB_SIZE = 3000;
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const PREFIX = '##';
/** Supplementary Private Use Area-A: continuation characters live at U+F0000 + code point. */
const CONTINUATION = 0xf0000;

const toContinuation = (chars: readonly string[]) =>
  chars.map((c) => String.fromCodePoint(CONTINUATION + c.codePointAt(0)!)).join('');
const fromContinuation = (chars: readonly string[]) =>
  chars.map((c) => String.fromCodePoint(c.codePointAt(0)! - CONTINUATION)).join('');
const isContinuation = (c: string) => c.codePointAt(0)! >= CONTINUATION;

/** A trained token back in WordPiece spelling: initial pieces as they are, the others after `##`. */
export function wordPiece(token: string): string {
  const chars = [...token];
  if (isContinuation(chars[0] ?? '')) return PREFIX + fromContinuation(chars);
  return (chars[0] ?? '') + fromContinuation(chars.slice(1));
}

export function buildBert(sentences: readonly string[]): TokenizerFiles {
  const normalizer = bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase: true });
  const preTokenizer = bertPreTokenizer();
  const lines = sentences.map((sentence) =>
    preTokenizer
      .preTokenizeString(normalizer.normalizeString(sentence))
      .map(([word]) => {
        const chars = [...word];
        if (chars.some(isContinuation)) throw new Error(`unexpected character in ${word}`);
        return (chars[0] ?? '') + toContinuation(chars.slice(1));
      })
      .join(' '),
  );
  const trained = trainBpe(
    { model: BPE.empty(), preTokenizer: whitespaceSplitPreTokenizer() },
    lines,
  );

  // The alphabet (initial characters, then `##` ones), then tokens in merge order.
  const vocab = new Map<string, number>(SPECIALS.map((token, id) => [token, id]));
  for (const token of trained.vocab) {
    if (vocab.size === BERT_VOCAB_SIZE) break;
    const piece = wordPiece(token);
    if (!vocab.has(piece)) vocab.set(piece, vocab.size);
  }
  if (vocab.size !== BERT_VOCAB_SIZE) throw new Error(`bert: only ${vocab.size} tokens`);
  const id = (token: string) => vocab.get(token)!;

  const tokenizer = tokenizerJson({
    added_tokens: SPECIALS.map((token) => specialToken(id(token), token)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: template('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', vocab),
    decoder: { type: 'WordPiece', prefix: PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: PREFIX,
      max_input_chars_per_word: 100,
      vocab,
    },
  });
  const roles = {
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  };
  return {
    tokenizer,
    config: {
      ...roles,
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: MODEL_MAX_LENGTH,
      do_lower_case: true,
      clean_up_tokenization_spaces: true,
      model_input_names: ['input_ids', 'token_type_ids', 'attention_mask'],
    },
    specialTokensMap: roles,
  };
}
