import { describe, expect, it } from 'vitest';
import { detokenize, documentText, loadBrown, parseBrownFile, sentenceText } from './brown';

describe('loadBrown', () => {
  const brown = loadBrown();
  const all = [...brown.train, ...brown.validation];
  const count = (docs: typeof all, of: (words: string[]) => number) =>
    docs.reduce((n, d) => n + d.sentences.reduce((m, s) => m + of(s.words), 0), 0);

  it('splits the 500 files by name: every tenth is validation', () => {
    expect(brown.train).toHaveLength(450);
    expect(brown.validation).toHaveLength(50);
    const files = all.map((d) => d.file).sort();
    expect(brown.validation.map((d) => d.file)).toEqual(files.filter((_, i) => i % 10 === 9));
    expect(brown.validation.slice(0, 5).map((d) => d.file)).toEqual([
      'ca10',
      'ca20',
      'ca30',
      'ca40',
      'cb06',
    ]);
    expect(new Set(brown.validation.map((d) => d.genre)).size).toBe(15);
    expect(loadBrown()).toBe(brown);
  });

  it('has every sentence and word of the corpus (as NLTK counts them)', () => {
    expect(count(all, () => 1)).toBe(57340);
    expect(count(all, (w) => w.length)).toBe(1161192);
    expect(count(brown.validation, () => 1)).toBe(5642);
    expect(count(brown.validation, (w) => w.length)).toBe(115803);
  });

  it('keeps words, lowercase tags and universal tags aligned; quotes become "', () => {
    const first = brown.validation[0]!.sentences[0]!;
    expect(first.words.slice(0, 4)).toEqual(['Vincent', 'G.', 'Ierulli', 'has']);
    expect(first.tags.slice(0, 4)).toEqual(['np', 'np', 'np', 'hvz']);
    expect(first.universal.slice(0, 4)).toEqual(['NOUN', 'NOUN', 'NOUN', 'VERB']);
    const misaligned = all.flatMap((d) =>
      d.sentences.filter(
        (s) => s.tags.length !== s.words.length || s.universal.length !== s.words.length,
      ),
    );
    expect(misaligned).toEqual([]);
    const words = new Set(all.flatMap((d) => d.sentences.flatMap((s) => s.words)));
    expect(words.has('``') || words.has("''")).toBe(false);
    expect(words.has('"')).toBe(true);
  });

  it('writes sentences and documents as natural text', () => {
    const doc = brown.train[0]!;
    expect(sentenceText(doc.sentences[0]!)).toBe(
      'The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence" that any irregularities took place.',
    );
    expect(
      documentText(doc).startsWith(
        `${sentenceText(doc.sentences[0]!)} ${sentenceText(doc.sentences[1]!)} `,
      ),
    ).toBe(true);
  });
});

describe('parseBrownFile', () => {
  it('splits tokens at the last slash and refuses what is not word/tag', () => {
    const doc = parseBrownFile(
      'cz01',
      "\n\n\tIt/pps cost/vbd 1-1/2/cd ``/`` cents/nns ''/'' ./.\n\n",
    );
    expect(doc.genre).toBe('z');
    expect(doc.sentences[0]!.words).toEqual(['It', 'cost', '1-1/2', '"', 'cents', '"', '.']);
    expect(doc.sentences[0]!.tags).toEqual(['pps', 'vbd', 'cd', '``', 'nns', "''", '.']);
    expect(() => parseBrownFile('cz02', 'word')).toThrow(/cz02: "word" is not word\/tag/);
  });
});

describe('detokenize', () => {
  it.each([
    [['The', 'jury', 'said', '.'], 'The jury said.'],
    [['Yes', ',', 'he', 'did', ';', 'then', ':', 'why', '?', '!'], 'Yes, he did; then: why?!'],
    [['a', '(', 'b', ')', 'c', '[', 'd', ']'], 'a (b) c [d]'],
    [['It', 'cost', '$', '5', ',', 'or', '10', '%'], 'It cost $5, or 10%'],
    [['John', "'s", 'dog', 'does', "n't", 'bark'], "John's dog doesn't bark"],
    [['He', 'said', ',', '"', 'Go', '"', '.'], 'He said, "Go".'],
    [['"', 'Hello', '"', ',', 'he', 'said', '.'], '"Hello", he said.'],
    [['a', '"', 'b', '"', 'c', '"', 'd', '"'], 'a "b" c "d"'],
    [['"', 'Quoted', 'in', "'", 'single', "'", 'quotes', '"'], '"Quoted in \'single\' quotes"'],
    [['closing', 'from', 'before', '.', '"'], 'closing from before."'],
    [['"', ',', 'the', 'rest'], '", the rest'],
    [['no', '--', 'dash', 'glue'], 'no -- dash glue'],
    [['Read', "'em", 'and', 'weep'], "Read 'em and weep"],
    [[], ''],
  ])('%j → %s', (words, text) => {
    expect(detokenize(words)).toBe(text);
  });

  it("follows Brown's `` and '' where the tags are given", () => {
    const words = ['his', '"', 'estate', ',', '"', 'Tranquility', '"', ',', 'was'];
    const tags = ['pp$', '``', 'nn', ',', '``', 'np', "''", ',', 'bedz'];
    expect(detokenize(words)).toBe('his "estate," Tranquility", was');
    expect(detokenize(words, tags)).toBe('his "estate, "Tranquility", was');
  });
});
