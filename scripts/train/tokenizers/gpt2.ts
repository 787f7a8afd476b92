/**
 * A byte-level BPE tokenizer in the layout of GPT-2: the 256 byte symbols first (in GPT-2's
 * order, by the code point they are shown as: `!` = 0 … `Ġ` for space = 220), then the merged
 * tokens in merge order, and `<|endoftext|>` last, which is bos, eos and unk at once.
 */
import { BPE, byteLevelAlphabet, byteLevelPreTokenizer } from '@anush008/tokenizers';
import { MODEL_MAX_LENGTH, specialToken, tokenizerJson, type TokenizerFiles } from './layout';
import { trainBpe, type TrainedBpe } from './native';

export const GPT2_VOCAB_SIZE = 2048;
export const END_OF_TEXT = '<|endoftext|>';

/**
 * The first merges of a trained BPE that fit `size` tokens after `alphabet`: a prefix of the
 * merge list, so every merge's parts are in the vocabulary before it.
 */
export function keepMerges(trained: TrainedBpe, alphabet: readonly string[], size: number) {
  const vocab = new Map<string, number>(alphabet.map((token, id) => [token, id]));
  const merges: string[] = [];
  for (const [left, right] of trained.merges) {
    const token = left + right;
    if (!vocab.has(token)) {
      if (vocab.size === size) break;
      vocab.set(token, vocab.size);
    }
    if (!vocab.has(left) || !vocab.has(right))
      throw new Error(`merge ${left} ${right}: a part is missing`);
    // The one-line form ("a b") that every version of tokenizers and transformers reads.
    if (left.includes(' ') || right.includes(' '))
      throw new Error(`merge ${left} ${right} has a space`);
    merges.push(`${left} ${right}`);
  }
  if (vocab.size !== size) throw new Error(`only ${vocab.size} of ${size} tokens after all merges`);
  return { vocab, merges };
}

const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };

export function buildGpt2(sentences: readonly string[]): TokenizerFiles {
  const trained = trainBpe(
    { model: BPE.empty(), preTokenizer: byteLevelPreTokenizer(false, true) },
    sentences,
  );
  const alphabet = byteLevelAlphabet().sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  if (alphabet.length !== 256)
    throw new Error(`byte-level alphabet has ${alphabet.length} symbols`);
  const { vocab, merges } = keepMerges(trained, alphabet, GPT2_VOCAB_SIZE - 1);
  vocab.set(END_OF_TEXT, GPT2_VOCAB_SIZE - 1);

  const tokenizer = tokenizerJson({
    added_tokens: [specialToken(GPT2_VOCAB_SIZE - 1, END_OF_TEXT)],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: { type: 'ByteLevel', ...byteLevel },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  });
  const roles = { bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, unk_token: END_OF_TEXT };
  return {
    tokenizer,
    config: {
      ...roles,
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: MODEL_MAX_LENGTH,
      add_prefix_space: false,
      clean_up_tokenization_spaces: false,
      model_input_names: ['input_ids', 'attention_mask'],
    },
    specialTokensMap: roles,
  };
}
