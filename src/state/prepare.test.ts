import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../io/config';
import { loadTokenizer } from '../tokenizers/tokenizer';
import { contextLength, prepareInput } from './prepare';

const shipped = (id: string) => ({
  config: parseConfig(JSON.parse(readFileSync(`public/models/${id}/config.json`, 'utf8'))),
  tokenizer: loadTokenizer(JSON.parse(readFileSync(`public/models/${id}/tokenizer.json`, 'utf8'))),
});

describe('preparing typed input', () => {
  it('gives nothing to run for empty or whitespace-only text', () => {
    const { config, tokenizer } = shipped('gpt2');
    expect(prepareInput(config, tokenizer, { text: '' })).toBeNull();
    expect(prepareInput(config, tokenizer, { text: ' \n\t ' })).toBeNull();
  });

  it('BERT: [CLS] A [SEP] B [SEP] with segment ids, specials marked', () => {
    const { config, tokenizer } = shipped('bert');
    const p = prepareInput(config, tokenizer, { text: 'the man', textB: 'he said' })!;
    expect(p.encoder!.tokens).toEqual(['[CLS]', 'the', 'man', '[SEP]', 'he', 'said', '[SEP]']);
    expect(p.encoder!.typeIds).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(p.encoder!.special).toEqual([true, false, false, true, false, false, true]);
    expect(p.request.tokenTypeIds).toEqual([p.encoder!.typeIds]);
    expect(p.decoder).toBeUndefined();
  });

  it('BERT: each token knows the characters of its field it covers; specials cover none', () => {
    const { config, tokenizer } = shipped('bert');
    const input = { text: 'The Jury', textB: 'he said' };
    const p = prepareInput(config, tokenizer, input)!;
    expect(p.encoder!.spans).toEqual([
      null,
      { field: 'text', start: 0, end: 3 },
      { field: 'text', start: 4, end: 6 },
      { field: 'text', start: 6, end: 8 },
      null,
      { field: 'textB', start: 0, end: 2 },
      { field: 'textB', start: 3, end: 7 },
      null,
    ]);
    expect(p.encoder!.tokens.slice(1, 4)).toEqual(['the', 'ju', '##ry']);
  });

  it('T5: target tokens cover the target; the start token and padding cover nothing', () => {
    const { config, tokenizer } = shipped('t5');
    const p = prepareInput(config, tokenizer, { text: 'date: 4 May', target: '05', padding: 2 })!;
    const covered = (strip: typeof p.encoder, text: string) =>
      strip!.spans.map((s) => (s === null ? null : `${s.field}:${text.slice(s.start, s.end)}`));
    expect(p.decoder!.tokens).toEqual(['<pad>', '▁', '05']);
    // The '▁' T5 puts before the first word stands at no space of the text.
    expect(covered(p.decoder, '05')).toEqual([null, null, 'target:05']);
    expect(covered(p.encoder, 'date: 4 May').slice(-3)).toEqual([null, null, null]);
    expect(p.encoder!.spans.filter(Boolean).map((s) => s!.field)).toEqual(
      p.encoder!.spans.filter(Boolean).map(() => 'text'),
    );
  });

  it('T5: the decoder reads the start token, then the target', () => {
    const { config, tokenizer } = shipped('t5');
    const p = prepareInput(config, tokenizer, {
      text: 'date: December 4, 2026',
      target: '2026-12',
    })!;
    expect(p.encoder!.tokens.at(-1)).toBe('</s>');
    expect(p.decoder!.tokens[0]).toBe('<pad>');
    expect(p.decoder!.ids[0]).toBe(config.model_type === 't5' && config.decoder_start_token_id);
    expect(p.decoder!.tokens.slice(1).join('')).toBe(
      tokenizer.encode('2026-12', { addSpecialTokens: false }).tokens.join(''),
    );
    expect(p.request.decoderInputIds).toEqual([p.decoder!.ids]);
  });

  it('cuts text past the context, says how much, and keeps BERT’s closing [SEP]', () => {
    const { config, tokenizer } = shipped('bert');
    const limit = contextLength(config);
    const long = Array.from({ length: limit + 40 }, () => 'cat').join(' ');
    const full = tokenizer.encode(long).ids.length;
    const p = prepareInput(config, tokenizer, { text: long })!;
    expect(p.encoder!.ids.length).toBe(limit);
    expect(p.dropped).toBe(full - limit);
    expect(p.encoder!.tokens.at(-1)).toBe('[SEP]');
    expect(p.encoder!.typeIds!.length).toBe(limit);
    expect(p.encoder!.spans).toHaveLength(limit);
    // The last kept token is the last piece of the last whole word kept: 'cat' is 'ca', '##t'.
    expect(p.encoder!.tokens.slice(-3)).toEqual(['ca', '##t', '[SEP]']);
    const lastWord = (limit - 2) / 2 - 1;
    expect(p.encoder!.spans.at(-2)).toEqual({
      field: 'text',
      start: 4 * lastWord + 2,
      end: 4 * lastWord + 3,
    });
  });

  it('GPT-2: Chinese, emoji and mixed scripts tokenize (byte-level) without error', () => {
    const { config, tokenizer } = shipped('gpt2');
    const p = prepareInput(config, tokenizer, { text: '猫 sat 🐈 on the mat — Ünïcödé' })!;
    expect(p.decoder!.ids.length).toBeGreaterThan(5);
    expect(p.decoder!.ids.every((id) => id >= 0 && id < config.vocab_size)).toBe(true);
    expect(p.dropped).toBe(0);
  });

  it('padding: pad ids appended with attention mask 0, flagged as padding', () => {
    const bert = shipped('bert');
    const p = prepareInput(bert.config, bert.tokenizer, { text: 'the man', padding: 2 })!;
    expect(p.encoder!.tokens).toEqual(['[CLS]', 'the', 'man', '[SEP]', '[PAD]', '[PAD]']);
    expect(p.request.attentionMask).toEqual([[1, 1, 1, 1, 0, 0]]);
    expect(p.request.tokenTypeIds).toEqual([[0, 0, 0, 0, 0, 0]]);
    expect(p.encoder!.padded).toEqual([false, false, false, false, true, true]);
    const gpt2 = shipped('gpt2');
    const q = prepareInput(gpt2.config, gpt2.tokenizer, { text: 'the man', padding: 1 })!;
    // GPT-2 has no pad token: its end-of-text token pads, masked out
    expect(q.decoder!.ids.at(-1)).toBe(
      gpt2.config.model_type === 'gpt2' && gpt2.config.eos_token_id,
    );
    expect(q.request.attentionMask![0]!.at(-1)).toBe(0);
    expect(
      prepareInput(gpt2.config, gpt2.tokenizer, { text: 'the man' })!.request.attentionMask,
    ).toBeUndefined();
  });
});
