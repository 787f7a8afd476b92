import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { TokenizerError, loadTokenizer } from './tokenizer';

/** The parsed files of a shipped tokenizer, public/models/<id>/. */
function shipped(id: string): { json: object; config: object } {
  const read = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`../../public/models/${id}/${name}`, import.meta.url), 'utf8'),
    ) as object;
  return { json: read('tokenizer.json'), config: read('tokenizer_config.json') };
}

function load(id: string) {
  const { json, config } = shipped(id);
  return loadTokenizer(json, config);
}

describe('loadTokenizer on the shipped BERT tokenizer', () => {
  const bert = load('bert');

  it('encodes with the template: [CLS] A [SEP], and B with type id 1', () => {
    expect(bert.encode('The jury said.')).toEqual({
      ids: [2, 99, 2310, 375, 353, 17, 3],
      tokens: ['[CLS]', 'the', 'ju', '##ry', 'said', '.', '[SEP]'],
      typeIds: [0, 0, 0, 0, 0, 0, 0],
      sequenceIds: [null, 0, 0, 0, 0, 0, null],
      offsets: [null, [0, 3], [4, 6], [6, 8], [9, 13], [13, 14], null],
    });
    expect(bert.encode('The jury said.', { pair: 'It did.' })).toEqual({
      ids: [2, 99, 2310, 375, 353, 17, 3, 145, 431, 17, 3],
      tokens: ['[CLS]', 'the', 'ju', '##ry', 'said', '.', '[SEP]', 'it', 'did', '.', '[SEP]'],
      typeIds: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
      sequenceIds: [null, 0, 0, 0, 0, 0, null, 1, 1, 1, null],
      offsets: [
        null,
        [0, 3],
        [4, 6],
        [6, 8],
        [9, 13],
        [13, 14],
        null,
        [0, 2],
        [3, 6],
        [6, 7],
        null,
      ],
    });
    expect(bert.encode('The jury said.', { addSpecialTokens: false }).tokens).toEqual([
      'the',
      'ju',
      '##ry',
      'said',
      '.',
    ]);
  });

  it('gives the ids and type ids of @huggingface/tokenizers itself', () => {
    const { json, config } = shipped('bert');
    const reference = new Tokenizer(json, config).encode('A man, a plan.', {
      text_pair: 'Panama!',
      return_token_type_ids: true,
    });
    const ours = bert.encode('A man, a plan.', { pair: 'Panama!' });
    expect(ours.ids).toEqual(reference.ids);
    expect(ours.tokens).toEqual(reference.tokens);
    expect(ours.typeIds).toEqual(reference.token_type_ids);
  });

  it('decodes, with or without the special tokens', () => {
    const { ids } = bert.encode('The jury said.');
    expect(bert.decode(ids)).toBe('[CLS] the jury said. [SEP]');
    expect(bert.decode(ids, { skipSpecialTokens: true })).toBe('the jury said.');
    expect(bert.decode([])).toBe('');
    expect(bert.decode([2, 3], { skipSpecialTokens: true })).toBe('');
    // Ids beyond the vocabulary are skipped, as `tokenizers` does.
    expect(bert.decode([99, 5000, 353])).toBe('the said');
  });

  it('exposes the vocabulary and the special tokens', () => {
    expect(bert.vocabSize).toBe(3000);
    expect(bert.tokenToId('[MASK]')).toBe(4);
    expect(bert.tokenToId('no such token')).toBeUndefined();
    expect(bert.idToToken(99)).toBe('the');
    expect(bert.idToToken(3000)).toBeUndefined();
    expect([...bert.specialTokens]).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  });
});

describe('loadTokenizer on the shipped GPT-2 tokenizer', () => {
  const gpt2 = load('gpt2');

  it('encodes byte-level BPE with no special tokens added', () => {
    expect(gpt2.encode('The jury said.')).toEqual({
      ids: [325, 497, 1175, 553, 13],
      tokens: ['The', 'Ġj', 'ury', 'Ġsaid', '.'],
      typeIds: [0, 0, 0, 0, 0],
      sequenceIds: [0, 0, 0, 0, 0],
      offsets: [
        [0, 3],
        [4, 5],
        [5, 8],
        [9, 13],
        [13, 14],
      ],
    });
  });

  it('keeps the second text of a pair (the library alone drops it under ByteLevel)', () => {
    const { json, config } = shipped('gpt2');
    expect(new Tokenizer(json, config).encode('The jury', { text_pair: ' said.' }).ids).toEqual([
      325, 497, 1175,
    ]);
    expect(gpt2.encode('The jury', { pair: ' said.' })).toEqual({
      ids: [325, 497, 1175, 553, 13],
      tokens: ['The', 'Ġj', 'ury', 'Ġsaid', '.'],
      typeIds: [0, 0, 0, 1, 1],
      sequenceIds: [0, 0, 0, 1, 1],
      offsets: [
        [0, 3],
        [4, 5],
        [5, 8],
        [1, 5],
        [5, 6],
      ],
    });
  });

  it('treats <|endoftext|> in text as the special token and decodes text exactly', () => {
    const { ids } = gpt2.encode('Hi<|endoftext|> there');
    expect(ids).toContain(2047);
    expect(gpt2.decode(ids)).toBe('Hi<|endoftext|> there');
    expect(gpt2.decode(ids, { skipSpecialTokens: true })).toBe('Hi there');
    // No clean-up of spaces unless tokenizer_config.json asks for it.
    expect(gpt2.decode(gpt2.encode("a , b . c 's").ids)).toBe("a , b . c 's");
  });
});

describe('the post-processor templates', () => {
  const wordPiece = (post_processor: object) => ({
    added_tokens: [
      { id: 0, content: '[CLS]', special: true },
      { id: 1, content: '[SEP]', special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'WhitespaceSplit' },
    post_processor,
    decoder: null,
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      vocab: { '[CLS]': 0, '[SEP]': 1, a: 2, b: 3, '[UNK]': 4 },
    },
  });

  it('reads BertProcessing', () => {
    const t = loadTokenizer(
      wordPiece({ type: 'BertProcessing', cls: ['[CLS]', 0], sep: ['[SEP]', 1] }),
    );
    expect(t.encode('a', { pair: 'b a' })).toEqual({
      ids: [0, 2, 1, 3, 2, 1],
      tokens: ['[CLS]', 'a', '[SEP]', 'b', 'a', '[SEP]'],
      typeIds: [0, 0, 0, 1, 1, 1],
      sequenceIds: [null, 0, null, 1, 1, null],
      offsets: [null, [0, 1], null, [0, 1], [2, 3], null],
    });
  });

  it('reads RobertaProcessing inside a Sequence', () => {
    const roberta = { type: 'RobertaProcessing', cls: ['[CLS]', 0], sep: ['[SEP]', 1] };
    const t = loadTokenizer(
      wordPiece({ type: 'Sequence', processors: [{ type: 'ByteLevel' }, roberta] }),
    );
    expect(t.encode('a').ids).toEqual([0, 2, 1]);
    expect(t.encode('a', { pair: 'b' }).ids).toEqual([0, 2, 1, 1, 3, 1]);
  });

  it('adds nothing without a post-processor; B is segment 1', () => {
    const t = loadTokenizer(wordPiece(null as unknown as object));
    expect(t.encode('a c', { pair: 'b' })).toEqual({
      ids: [2, 4, 3],
      tokens: ['a', '[UNK]', 'b'],
      typeIds: [0, 0, 1],
      sequenceIds: [0, 0, 1],
      offsets: [
        [0, 1],
        [2, 3],
        [0, 1],
      ],
    });
  });
});

describe('loadTokenizer refuses what is not a tokenizer.json', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['a config.json', { model_type: 'bert', vocab_size: 3000 }],
    ['a model without vocab', { model: { type: 'BPE' } }],
    [
      'added_tokens that are not a list',
      { model: { type: 'WordPiece', vocab: {} }, added_tokens: {} },
    ],
  ])('%s', (_, json) => {
    expect(() => loadTokenizer(json)).toThrow(TokenizerError);
    expect(() => loadTokenizer(json)).toThrow(/not a tokenizer\.json/);
  });

  it('names the problem the library finds', () => {
    const json = { model: { type: 'WordPiece', vocab: {} }, pre_tokenizer: { type: 'Bogus' } };
    expect(() => loadTokenizer(json)).toThrow(
      /tokenizer\.json could not be read: Unknown PreTokenizer type: Bogus/,
    );
  });
});
