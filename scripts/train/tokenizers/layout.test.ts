import { describe, expect, it } from 'vitest';
import { wordPiece } from './bert';
import { keepMerges } from './gpt2';
import { formatJson, specialToken, template, tokenizerConfig, tokenizerJson } from './layout';
import { fragments } from './sentencepiece';

describe('formatJson', () => {
  it('indents objects, keeps a Map in its order, and arrays of scalars on one line', () => {
    const value = {
      a: [1, 'x', null, true],
      vocab: new Map([
        ['z', 0],
        ['1', 1],
      ]),
      empty: {},
      none: [],
    };
    expect(formatJson(value)).toBe(
      [
        '{',
        '  "a": [1, "x", null, true],',
        '  "vocab": {',
        '    "z": 0,',
        '    "1": 1',
        '  },',
        '  "empty": {},',
        '  "none": []',
        '}',
      ].join('\n'),
    );
    expect(formatJson([{ b: 1 }])).toBe('[\n  {\n    "b": 1\n  }\n]');
    expect(formatJson('▁"')).toBe('"▁\\""');
  });
});

describe('template', () => {
  it('writes TemplateProcessing from the tokenizers notation', () => {
    const ids = new Map([
      ['[CLS]', 2],
      ['[SEP]', 3],
    ]);
    expect(template('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', ids)).toEqual({
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: new Map([
        ['[CLS]', { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }],
        ['[SEP]', { id: '[SEP]', ids: [3], tokens: ['[SEP]'] }],
      ]),
    });
    expect(() => template('<s> $A', '<s> $A $B', ids)).toThrow(/<s> has no id/);
  });
});

describe('tokenizerConfig', () => {
  it('lists the added tokens by id first, then the keys sorted', () => {
    const json = tokenizerJson({
      added_tokens: [specialToken(7, '<s>')],
      normalizer: null,
      pre_tokenizer: null,
      post_processor: null,
      decoder: null,
      model: {},
    });
    const config = tokenizerConfig(json, { unk_token: '<s>', bos_token: '<s>' });
    expect(Object.keys(config)).toEqual(['added_tokens_decoder', 'bos_token', 'unk_token']);
    expect(config.added_tokens_decoder).toEqual(
      new Map([
        [
          '7',
          {
            content: '<s>',
            lstrip: false,
            normalized: false,
            rstrip: false,
            single_word: false,
            special: true,
          },
        ],
      ]),
    );
  });
});

describe('fragments (SentencePiece words)', () => {
  it('puts ▁ before every word and splits letters, numbers and other characters', () => {
    expect(fragments(`He said "no." It's 1960s-style ▁`)).toEqual([
      '▁He',
      '▁said',
      '▁"',
      'no',
      '."',
      '▁It',
      "'",
      's',
      '▁1960',
      's',
      '-',
      'style',
      '▁▁',
    ]);
    expect(fragments('  ')).toEqual([]);
  });
});

describe('wordPiece', () => {
  it('maps continuation characters back behind ##', () => {
    const cont = (s: string) =>
      [...s].map((c) => String.fromCodePoint(0xf0000 + c.codePointAt(0)!)).join('');
    expect(wordPiece(`a${cont('bc')}`)).toBe('abc');
    expect(wordPiece(cont('bc'))).toBe('##bc');
    expect(wordPiece('x')).toBe('x');
  });
});

describe('keepMerges', () => {
  const merges = (...pairs: string[]) => ({
    vocab: [],
    merges: pairs.map((p) => p.split(' ') as [string, string]),
  });
  const trained = merges('a b', 'b c', 'ab c', 'a bc', 'abc a');

  it('keeps a prefix of the merges: all that make no new token, until the vocabulary is full', () => {
    const six = keepMerges(trained, ['a', 'b', 'c'], 6);
    expect([...six.vocab]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['ab', 3],
      ['bc', 4],
      ['abc', 5],
    ]);
    expect(six.merges).toEqual(['a b', 'b c', 'ab c', 'a bc']);
    expect(keepMerges(trained, ['a', 'b', 'c'], 5).merges).toEqual(['a b', 'b c']);
  });

  it('refuses merges whose parts are missing, and a size the merges cannot fill', () => {
    expect(() => keepMerges(merges('a bc'), ['a', 'b', 'c'], 4)).toThrow(
      /merge a bc: a part is missing/,
    );
    expect(() => keepMerges(merges('a b'), ['a', 'b'], 4)).toThrow(/only 3 of 4 tokens/);
  });
});
