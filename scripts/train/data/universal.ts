/**
 * Brown tags → the 12 universal part-of-speech tags of Petrov, Das & McDonald (2012), "A
 * Universal Part-of-Speech Tagset" (their "." is PUNCT here, so it reads as a word in T5 targets).
 *
 * Where our rules depart from their published en-brown.map, it is on purpose and for the lesson:
 * the determiner-like quantifiers `ap` (many, other, next), `abn` (all, half) and `abx` (both)
 * are DET rather than ADJ/PRT, ordinal numbers `od` are NUM rather than ADJ, and the nominal
 * pronouns `pn` (everybody, nothing) are PRON rather than NOUN.
 */

export const UNIVERSAL_TAGS = [
  'NOUN',
  'VERB',
  'ADJ',
  'ADV',
  'PRON',
  'DET',
  'ADP',
  'NUM',
  'CONJ',
  'PRT',
  'PUNCT',
  'X',
] as const;

export type UniversalTag = (typeof UNIVERSAL_TAGS)[number];

/** Brown's punctuation tags (the tag is the mark itself). */
const PUNCTUATION = new Set(['.', ',', '``', "''", "'", '--', '(', ')', ':', '[', ']']);

/** Exact base tags, checked before the prefix rules below. */
const EXACT: Readonly<Record<string, UniversalTag>> = {
  md: 'VERB',
  rn: 'ADV',
  ql: 'ADV',
  qlp: 'ADV',
  wql: 'ADV',
  abl: 'ADV',
  wrb: 'ADV',
  // The negator (not, n't).
  '*': 'ADV',
  pn: 'PRON',
  at: 'DET',
  ap: 'DET',
  abn: 'DET',
  abx: 'DET',
  wdt: 'DET',
  ex: 'DET',
  in: 'ADP',
  cd: 'NUM',
  od: 'NUM',
  cc: 'CONJ',
  cs: 'CONJ',
  rp: 'PRT',
  to: 'PRT',
  uh: 'X',
  nil: 'X',
};

/** Prefix rules in the order they are tried (`ppl` and `pp$` fall under `pp`). */
const PREFIXES: readonly (readonly [string, UniversalTag])[] = [
  ['nn', 'NOUN'],
  ['np', 'NOUN'],
  ['nr', 'NOUN'],
  ['vb', 'VERB'],
  ['be', 'VERB'],
  ['do', 'VERB'],
  ['hv', 'VERB'],
  ['jj', 'ADJ'],
  ['rb', 'ADV'],
  ['pp', 'PRON'],
  ['wp', 'PRON'],
  ['dt', 'DET'],
];

/**
 * The tag a word's Brown tag reduces to, with its decorations removed: title (`-tl`), headline
 * (`-hl`) and cited-word (`-nc`) suffixes, negation (`md*`), possessive `$` (`np$`, `pp$$`), and
 * the second half of contractions (`ppss+ber` → `ppss`). Foreign words (`fw-…`) are null.
 */
export function baseTag(brownTag: string): string | null {
  let tag = brownTag.toLowerCase();
  if (tag.startsWith('fw-')) return null;
  tag = tag.split('+')[0] ?? '';
  // Suffixes stack: `nn-tl-hl`, `vbn-tl-nc`.
  tag = tag.replace(/(-(tl|hl|nc))+$/, '');
  if (tag.length > 1) tag = tag.replace(/[*$]+$/, '');
  return tag;
}

export function universalTag(brownTag: string): UniversalTag {
  const tag = baseTag(brownTag);
  if (tag === null || tag === '') return 'X';
  if (PUNCTUATION.has(tag)) return 'PUNCT';
  const exact = EXACT[tag];
  if (exact) return exact;
  for (const [prefix, universal] of PREFIXES) if (tag.startsWith(prefix)) return universal;
  return 'X';
}
