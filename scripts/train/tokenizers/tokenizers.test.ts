/**
 * The four tokenizers we ship, read from public/models/<id>/ (the committed files) through the
 * app's own wrapper: exact ids, special tokens, vocabulary, round trips on held-out Brown text,
 * agreement with the Rust `tokenizers` that transformers runs, and a rebuild that must give the
 * same bytes.
 */
import { readFileSync } from 'node:fs';
import { Tokenizer as RustTokenizer } from '@anush008/tokenizers';
import { describe, expect, it } from 'vitest';
import { loadTokenizer, type TextTokenizer } from '../../../src/tokenizers/tokenizer';
import { loadBrown, sentenceText } from '../data/brown';
import { UNIVERSAL_TAGS } from '../data/universal';
import { buildBert } from './bert';
import { buildGpt2 } from './gpt2';
import { formatJson, tokenizerConfig, type TokenizerFiles } from './layout';
import { BYTE_TOKENS, buildLlama } from './llama';
import { MONTHS, SENTINELS, buildT5 } from './t5';

const SENTENCE = `The jury said it did find that many of Georgia's registration and election laws "are outmoded".`;
const brown = loadBrown();
const validation = brown.validation.flatMap((d) => d.sentences.map(sentenceText));
/** 50 held-out sentences spread over the 50 validation documents. */
const sample = validation.filter((_, i) => i % 112 === 0).slice(0, 50);

function shipped(id: string) {
  const text = (name: string) =>
    readFileSync(new URL(`../../../public/models/${id}/${name}`, import.meta.url), 'utf8');
  const json = JSON.parse(text('tokenizer.json')) as {
    model: Record<string, unknown>;
    added_tokens: { id: number; content: string }[];
  };
  const config = JSON.parse(text('tokenizer_config.json')) as Record<string, unknown>;
  return { text, json, config, tokenizer: loadTokenizer(json, config) };
}

/** BERT lowercases, strips accents and spaces punctuation: compare without case, accents, spaces. */
const bertForm = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/\s+/g, '');

interface Case {
  readonly id: string;
  readonly build: (sentences: readonly string[]) => TokenizerFiles;
  readonly vocabSize: number;
  readonly specials: Readonly<Record<string, number>>;
  readonly roles: Readonly<Record<string, string>>;
  readonly ids: readonly number[];
  readonly roundTrip: (tokenizer: TextTokenizer, text: string) => void;
}

const exact = (tokenizer: TextTokenizer, text: string) =>
  expect(tokenizer.decode(tokenizer.encode(text).ids, { skipSpecialTokens: true })).toBe(text);

const CASES: Case[] = [
  {
    id: 'bert',
    build: buildBert,
    vocabSize: 3000,
    specials: { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4 },
    roles: {
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      mask_token: '[MASK]',
    },
    ids: [
      2, 99, 2310, 375, 353, 145, 431, 834, 151, 531, 109, 1858, 78, 523, 10, 52, 642, 203, 1184,
      119, 1021, 123, 870, 90, 6, 205, 277, 84, 1784, 75, 6, 17, 3,
    ],
    roundTrip(tokenizer, text) {
      const { ids } = tokenizer.encode(text);
      const decoded = tokenizer.decode(ids, { skipSpecialTokens: true });
      expect(bertForm(decoded)).toBe(bertForm(text));
      expect(tokenizer.encode(decoded).ids).toEqual(ids);
    },
  },
  {
    id: 'gpt2',
    build: buildGpt2,
    vocabSize: 2048,
    specials: { '<|endoftext|>': 2047 },
    roles: { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>' },
    ids: [
      325, 497, 1175, 553, 337, 650, 1087, 324, 790, 275, 478, 1818, 70, 740, 360, 906, 372, 1395,
      289, 1267, 471, 1189, 82, 398, 575, 476, 76, 366, 273, 441,
    ],
    roundTrip: exact,
  },
  {
    id: 'llama',
    build: buildLlama,
    vocabSize: 2048,
    specials: { '<unk>': 0, '<s>': 1, '</s>': 2 },
    roles: { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' },
    ids: [
      1, 336, 505, 1179, 557, 344, 654, 1091, 329, 787, 278, 459, 1828, 2025, 741, 1969, 2037, 907,
      380, 1395, 292, 1268, 485, 1194, 2037, 345, 579, 488, 2031, 374, 276, 451,
    ],
    roundTrip: exact,
  },
  {
    id: 't5',
    build: buildT5,
    vocabSize: 2048,
    specials: { '<pad>': 0, '</s>': 1, '<unk>': 2, '<extra_id_99>': 1948, '<extra_id_0>': 2047 },
    roles: { pad_token: '<pad>', eos_token: '</s>', unk_token: '<unk>' },
    ids: [
      39, 7, 606, 170, 175, 42, 323, 586, 28, 343, 8, 1818, 23, 3, 58, 34, 114, 17, 78, 10, 1514,
      654, 3, 32, 37, 43, 116, 288, 15, 12, 92, 1,
    ],
    roundTrip: exact,
  },
];

describe.each(CASES)('the $id tokenizer', (c) => {
  const { text, json, config, tokenizer } = shipped(c.id);

  it('encodes a fixed sentence to exact ids', () => {
    expect(tokenizer.encode(SENTENCE).ids).toEqual(c.ids);
  });

  it('has its special tokens at their ids, and the vocabulary size', () => {
    for (const [token, id] of Object.entries(c.specials)) {
      expect(tokenizer.tokenToId(token)).toBe(id);
      expect(tokenizer.idToToken(id)).toBe(token);
      expect(tokenizer.specialTokens.has(token)).toBe(true);
    }
    expect(tokenizer.vocabSize).toBe(c.vocabSize);
    for (let id = 0; id < c.vocabSize; id++) expect(tokenizer.idToToken(id)).toBeDefined();
  });

  it('names the special tokens for transformers (PreTrainedTokenizerFast)', () => {
    expect(config).toMatchObject({
      ...c.roles,
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: 128,
    });
    expect(JSON.parse(text('special_tokens_map.json'))).toMatchObject(c.roles);
    const decoder = config.added_tokens_decoder as Record<
      string,
      { content: string; special: boolean }
    >;
    expect(Object.fromEntries(json.added_tokens.map((t) => [String(t.id), t.content]))).toEqual(
      Object.fromEntries(Object.entries(decoder).map(([id, t]) => [id, t.content])),
    );
  });

  it('round-trips 50 held-out sentences', () => {
    expect(sample).toHaveLength(50);
    for (const sentence of sample) c.roundTrip(tokenizer, sentence);
  });

  it('gives the ids and type ids of the Rust tokenizers (what transformers runs)', async () => {
    const rust = RustTokenizer.fromString(text('tokenizer.json'));
    for (let i = 0; i < 200; i += 2) {
      const [a, b] = [validation[i * 25]!, validation[i * 25 + 1]!];
      expect(tokenizer.encode(a).ids).toEqual((await rust.encode(a)).getIds());
      const pair = await rust.encode(a, b);
      expect(tokenizer.encode(a, { pair: b })).toMatchObject({
        ids: pair.getIds(),
        typeIds: pair.getTypeIds(),
      });
    }
  });

  it(
    'is what the build writes from the training split (byte for byte)',
    { timeout: 180_000 },
    () => {
      const files = c.build(brown.train.flatMap((d) => d.sentences.map(sentenceText)));
      expect(`${formatJson(files.tokenizer)}\n`).toBe(text('tokenizer.json'));
      expect(`${formatJson(tokenizerConfig(files.tokenizer, files.config))}\n`).toBe(
        text('tokenizer_config.json'),
      );
      expect(`${formatJson(files.specialTokensMap)}\n`).toBe(text('special_tokens_map.json'));
    },
  );
});

describe('what each layout promises', () => {
  it('bert: lowercase WordPiece, ## continuations, [UNK] for unseen characters', () => {
    const { tokenizer } = shipped('bert');
    expect(tokenizer.encode('Café ☃', { addSpecialTokens: false }).tokens).toEqual([
      'ca',
      '##f',
      '##e',
      '[UNK]',
    ]);
    expect(tokenizer.encode('Outmoded', { addSpecialTokens: false }).tokens).toEqual([
      'out',
      '##m',
      '##ode',
      '##d',
    ]);
  });

  it('gpt2: the 256 byte symbols first, consistent merges, <|endoftext|> last', () => {
    const { json, tokenizer } = shipped('gpt2');
    const vocab = json.model.vocab as Record<string, number>;
    const merges = json.model.merges as string[];
    expect(tokenizer.idToToken(0)).toBe('!');
    expect(tokenizer.idToToken(220)).toBe('Ġ');
    expect(Object.values(vocab).filter((id) => id < 256)).toHaveLength(256);
    expect(merges).toHaveLength(2048 - 256 - 1);
    for (const merge of merges) {
      const [left = '', right = ''] = merge.split(' ');
      expect([left, right, left + right].every((token) => token in vocab)).toBe(true);
    }
    exact(tokenizer, 'naïve café ☃ — 2026');
  });

  it('llama: <s> first, the 256 byte tokens, byte fallback for unseen characters', () => {
    const { tokenizer } = shipped('llama');
    BYTE_TOKENS.forEach((token, byte) => expect(tokenizer.tokenToId(token)).toBe(3 + byte));
    const { tokens } = tokenizer.encode('☃ ok');
    expect(tokens).toEqual(['<s>', '▁', '<0xE2>', '<0x98>', '<0x83>', '▁o', 'k']);
    exact(tokenizer, 'naïve café ☃ — 2026');
  });

  it('t5: task prefixes, tags and months are single tokens; numbers in pairs of digits; </s> at the end', async () => {
    const { tokenizer, text } = shipped('t5');
    const tokens = (text: string) => tokenizer.encode(text).tokens;
    expect(tokens('pos: The jury said .')).toEqual([
      '▁pos',
      ':',
      '▁The',
      '▁',
      'ju',
      'ry',
      '▁said',
      '▁',
      '.',
      '</s>',
    ]);
    expect(tokens('date: December 4, 2026')).toEqual([
      '▁date',
      ':',
      '▁December',
      '▁',
      '4',
      ',',
      '▁',
      '20',
      '26',
      '</s>',
    ]);
    expect(tokens('2026-12-04')).toEqual(['▁', '20', '26', '-', '12', '-', '04', '</s>']);
    expect(tokens('x12345 7')).toEqual(['▁', 'x', '12', '34', '5', '▁', '7', '</s>']);
    const rust = RustTokenizer.fromString(text('tokenizer.json'));
    for (const numbers of ['In 1961 , 527 people and 3 dogs .', 'date: 17 March 1900', '0 00 000'])
      expect(tokenizer.encode(numbers).ids).toEqual((await rust.encode(numbers)).getIds());
    expect(tokens(UNIVERSAL_TAGS.join(' ')).slice(0, -1)).toEqual(
      UNIVERSAL_TAGS.map((tag) => `▁${tag}`),
    );
    expect(tokens(MONTHS.join(' ')).slice(0, -1)).toEqual(MONTHS.map((month) => `▁${month}`));
    expect(tokens('-')).toEqual(['▁', '-', '</s>']);
    SENTINELS.forEach((sentinel, k) => expect(tokenizer.tokenToId(sentinel)).toBe(2047 - k));
    // As T5's own (legacy) tokenizer: text after a sentinel starts a new word.
    const { ids } = tokenizer.encode('The <extra_id_0> said <extra_id_1>.');
    expect(tokenizer.decode(ids)).toBe('The<extra_id_0> said<extra_id_1> .</s>');
  });
});
