/**
 * A Unigram tokenizer in the layout of T5's (a SentencePiece Unigram converted to tokenizer.json):
 * `<pad>` `</s>` `<unk>`, the pieces by score, and the sentinels `<extra_id_99>`…`<extra_id_0>`
 * at the end. Words are `▁`-prefixed (Metaspace); unlike T5, numbers are split into pieces of
 * two digits from the left (a Split pre-tokenizer: 2026 → 20 26, 527 → 52 7), and each of the
 * hundred pairs 00–99 is a piece. A first T5 run with digits one by one learned which digits a
 * date holds but not which one goes where (2053-12-27 came out as 2057-12-23): a pair is a
 * token the decoder can find by what it is, not by counting.
 *
 * Our task words are pieces of their own, with the best score of any piece so that each is
 * always one token: the universal tags (the `pos:` targets), `▁pos`, `▁date` and the months.
 * Pieces the corpus never uses (`▁NOUN`) sort to the end of the trained pieces.
 */
import {
  Unigram,
  digitsPreTokenizer,
  sequencePreTokenizer,
  whitespaceSplitPreTokenizer,
} from '@anush008/tokenizers';
import { UNIVERSAL_TAGS } from '../data/universal';
import {
  MODEL_MAX_LENGTH,
  specialToken,
  template,
  tokenizerJson,
  type TokenizerFiles,
} from './layout';
import { trainUnigram } from './native';
import { SPACE, fragmentLines } from './sentencepiece';
import { seedPieces, unigramModel } from './unigram';

export const T5_VOCAB_SIZE = 2048;
const SPECIALS = ['<pad>', '</s>', '<unk>'] as const;
export const SENTINELS = Array.from({ length: 100 }, (_, k) => `<extra_id_${k}>`);
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DIGIT_PAIRS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
export const TASK_PIECES = [
  ...[...UNIVERSAL_TAGS, 'pos', 'date', ...MONTHS].map((word) => SPACE + word),
  ':',
  '-',
  ...DIGIT_PAIRS,
];
const DIGIT_PAIR = /\d{1,2}/;

/** What the Split pre-tokenizer does after Metaspace: `▁2026` → `▁` `20` `26`. */
export function splitDigitPairs(word: string): string[] {
  // a capturing split keeps the matches between the parts around them
  return word.split(new RegExp(`(${DIGIT_PAIR.source})`)).filter((part) => part !== '');
}

/** As `tokenizers`' and SentencePiece's Unigram trainers. */
const MAX_PIECE_LENGTH = 16;
/** Substrings seeding the pruning (more made no better vocabulary on Brown). */
const SEED_SIZE = 50_000;
const metaspace = {
  type: 'Metaspace',
  replacement: SPACE,
  prepend_scheme: 'always',
  split: true,
} as const;

export function buildT5(sentences: readonly string[]): TokenizerFiles {
  // SentencePiece's fragments; the trainer's candidates split digits one by one, the pairs are
  // required pieces.
  const lines = fragmentLines(sentences);
  const preTokenizer = sequencePreTokenizer([
    whitespaceSplitPreTokenizer(),
    digitsPreTokenizer(true),
  ]);
  const trained = trainUnigram({ model: Unigram.empty(), preTokenizer }, lines);
  const words = new Map<string, number>();
  for (const line of lines)
    for (const fragment of line.split(' '))
      for (const word of splitDigitPairs(fragment)) words.set(word, (words.get(word) ?? 0) + 1);
  const chars = [...new Set([...words.keys()].flatMap((word) => [...word]))];

  // The trainer's pieces (8,000, scores that vary in their last digits) miss frequent words
  // (▁this, ▁from, ▁been): the candidates are those and SentencePiece's seed, and our own EM and
  // pruning choose and score the pieces we keep, deterministically.
  const candidates = [
    ...trained.pieces.map(([piece]) => piece),
    ...seedPieces(words, SEED_SIZE, MAX_PIECE_LENGTH),
  ];
  const task = new Set(TASK_PIECES);
  const size = T5_VOCAB_SIZE - SPECIALS.length - SENTINELS.length;
  const pieces = unigramModel(candidates, words, {
    size,
    required: new Set([...chars, ...TASK_PIECES]),
  });
  const best = pieces[0]![1];
  const vocab: [string, number][] = [
    ...SPECIALS.map((token): [string, number] => [token, 0]),
    ...pieces.map(([piece, score]): [string, number] => [
      piece,
      task.has(piece) ? Math.max(score, best) : score,
    ]),
    ...[...SENTINELS].reverse().map((token): [string, number] => [token, 0]),
  ];
  if (vocab.length !== T5_VOCAB_SIZE) throw new Error(`t5: ${vocab.length} pieces`);
  const ids = new Map(vocab.map(([piece], id) => [piece, id]));
  const special = [...SPECIALS, ...SENTINELS].sort((a, b) => ids.get(a)! - ids.get(b)!);

  const tokenizer = tokenizerJson({
    added_tokens: special.map((token) => specialToken(ids.get(token)!, token)),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        metaspace,
        {
          type: 'Split',
          pattern: { Regex: DIGIT_PAIR.source },
          behavior: 'Isolated',
          invert: false,
        },
      ],
    },
    post_processor: template('$A </s>', '$A </s> $B:1 </s>:1', ids),
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: ids.get('<unk>')!, vocab, byte_fallback: false },
  });
  const roles = {
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    additional_special_tokens: SENTINELS,
  };
  return {
    tokenizer,
    config: {
      ...roles,
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: MODEL_MAX_LENGTH,
      clean_up_tokenization_spaces: false,
      model_input_names: ['input_ids', 'attention_mask'],
    },
    specialTokensMap: roles,
  };
}
