/**
 * A BPE tokenizer in the layout of LLaMA's (a SentencePiece BPE converted to tokenizer.json):
 * `<unk>` `<s>` `</s>`, the 256 byte tokens `<0x00>`…`<0xFF>` that unknown characters fall back
 * to, the merged pieces in merge order, then the single characters (as SentencePiece orders them,
 * by score). Spaces are `▁` and every text starts with one: normalizer Prepend + Replace, no
 * pre-tokenizer, and a decoder that undoes both.
 *
 * Training runs on SentencePiece's fragments (sentencepiece.ts) instead: a piece has `▁` only at
 * its start and never mixes letters with punctuation, so no merge spans two fragments and BPE on a
 * whole text gives the same pieces as BPE fragment by fragment.
 */
import { BPE, whitespaceSplitPreTokenizer } from '@anush008/tokenizers';
import { keepMerges } from './gpt2';
import {
  MODEL_MAX_LENGTH,
  specialToken,
  template,
  tokenizerJson,
  type TokenizerFiles,
} from './layout';
import { trainBpe } from './native';
import { SPACE, fragmentLines } from './sentencepiece';

export const LLAMA_VOCAB_SIZE = 2048;
const SPECIALS = ['<unk>', '<s>', '</s>'] as const;
export const BYTE_TOKENS = Array.from(
  { length: 256 },
  (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`,
);

export function buildLlama(sentences: readonly string[]): TokenizerFiles {
  const trained = trainBpe(
    { model: BPE.empty(), preTokenizer: whitespaceSplitPreTokenizer() },
    fragmentLines(sentences),
  );
  const alphabet = trained.vocab.filter((token) => [...token].length === 1);
  const reserved = [...SPECIALS, ...BYTE_TOKENS];
  // Merged pieces first: keepMerges counts the alphabet, which goes to the end afterwards.
  const kept = keepMerges(trained, alphabet, LLAMA_VOCAB_SIZE - reserved.length);
  const pieces = [...kept.vocab.keys()].slice(alphabet.length);
  const vocab = new Map<string, number>(
    [...reserved, ...pieces, ...alphabet].map((token, id) => [token, id]),
  );
  if (vocab.size !== LLAMA_VOCAB_SIZE) throw new Error(`llama: ${vocab.size} tokens`);

  const tokenizer = tokenizerJson({
    added_tokens: SPECIALS.map((token, id) => specialToken(id, token)),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: SPACE },
        { type: 'Replace', pattern: { String: ' ' }, content: SPACE },
      ],
    },
    pre_tokenizer: null,
    post_processor: template('<s> $A', '<s> $A <s>:1 $B:1', vocab),
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: SPACE }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab,
      merges: kept.merges,
    },
  });
  const roles = { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' };
  return {
    tokenizer,
    config: {
      ...roles,
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: MODEL_MAX_LENGTH,
      add_bos_token: true,
      add_eos_token: false,
      clean_up_tokenization_spaces: false,
      model_input_names: ['input_ids', 'attention_mask'],
    },
    specialTokensMap: roles,
  };
}
