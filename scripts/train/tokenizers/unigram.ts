/**
 * A Unigram language model over a vocabulary of pieces, pruned to size as SentencePiece does
 * (Kudo 2018): EM re-estimates every piece's log probability from its expected count over all
 * segmentations of the training words; each pruning round drops the pieces whose removal costs
 * the least likelihood (their Viterbi uses re-segmented into the best alternative), a quarter at
 * a time. Pure and deterministic: words in sorted order, sums in a fixed order, ties by piece.
 * (`tokenizers`' own trainer sums in hash-map order, and cannot be told a vocabulary size.)
 */

/** A word's segmentation lattice: edges [start, end, piece] in order of start. */
interface Lattice {
  readonly count: number;
  readonly length: number;
  readonly edges: Int32Array;
}

const NEG_INF = -Infinity;

function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** The pieces by string, and the length of the longest: what a lattice is built from. */
interface Vocabulary {
  readonly ids: ReadonlyMap<string, number>;
  readonly longest: number;
}

function vocabulary(pieces: readonly string[]): Vocabulary {
  const longest = pieces.reduce((max, piece) => Math.max(max, [...piece].length), 0);
  return { ids: new Map(pieces.map((piece, i) => [piece, i])), longest };
}

function lattice(word: string, count: number, { ids, longest }: Vocabulary): Lattice {
  const chars = [...word];
  const edges: number[] = [];
  for (let start = 0; start < chars.length; start++) {
    let piece = '';
    for (let end = start + 1; end <= Math.min(chars.length, start + longest); end++) {
      piece += chars[end - 1];
      const id = ids.get(piece);
      if (id !== undefined) edges.push(start, end, id);
    }
  }
  return { count, length: chars.length, edges: Int32Array.from(edges) };
}

/** Expected count of every piece (forward-backward in log space). */
function expectedCounts(all: readonly Lattice[], scores: Float64Array): Float64Array {
  const expected = new Float64Array(scores.length);
  for (const { count, length, edges } of all) {
    const alpha = new Float64Array(length + 1).fill(NEG_INF);
    const beta = new Float64Array(length + 1).fill(NEG_INF);
    alpha[0] = 0;
    beta[length] = 0;
    for (let e = 0; e < edges.length; e += 3)
      alpha[edges[e + 1]!] = logAddExp(
        alpha[edges[e + 1]!]!,
        alpha[edges[e]!]! + scores[edges[e + 2]!]!,
      );
    for (let e = edges.length - 3; e >= 0; e -= 3)
      beta[edges[e]!] = logAddExp(beta[edges[e]!]!, scores[edges[e + 2]!]! + beta[edges[e + 1]!]!);
    const z = alpha[length]!;
    if (z === NEG_INF) throw new Error('a word has no segmentation: a character is missing');
    for (let e = 0; e < edges.length; e += 3) {
      const [start, end, id] = [edges[e]!, edges[e + 1]!, edges[e + 2]!];
      expected[id]! += count * Math.exp(alpha[start]! + scores[id]! + beta[end]! - z);
    }
  }
  return expected;
}

/** The pieces of the best segmentation; `banned` (a piece id) may not be used. */
function viterbi({ length, edges }: Lattice, scores: Float64Array, banned = -1): number[] {
  const best = new Float64Array(length + 1).fill(NEG_INF);
  const via = new Int32Array(length + 1).fill(-1);
  best[0] = 0;
  for (let e = 0; e < edges.length; e += 3) {
    const [start, end, id] = [edges[e]!, edges[e + 1]!, edges[e + 2]!];
    const score = best[start]! + scores[id]!;
    if (id !== banned && score > best[end]!) [best[end], via[end]] = [score, e];
  }
  const path: number[] = [];
  for (let end = length; end > 0; end = edges[via[end]!]!) {
    if (via[end] === -1) return [];
    path.unshift(edges[via[end]! + 2]!);
  }
  return path;
}

/** Scores from counts; a piece no segmentation uses keeps a count of a half (log 0 is -∞). */
function normalise(counts: Float64Array): Float64Array {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => Math.log(Math.max(c, 0.5) / total));
}

function em(all: readonly Lattice[], scores: Float64Array, iterations: number): Float64Array {
  for (let i = 0; i < iterations; i++) scores = normalise(expectedCounts(all, scores));
  return scores;
}

/**
 * The pieces to keep: `required` ones, then those whose removal would cost the most likelihood
 * (SentencePiece's PruneSentencePieces).
 */
function prune(
  pieces: readonly string[],
  vocab: Vocabulary,
  all: readonly Lattice[],
  scores: Float64Array,
  size: number,
  required: ReadonlySet<string>,
) {
  const freq = new Float64Array(pieces.length);
  const wordFreq = new Float64Array(pieces.length);
  let words = 0;
  for (const word of all) {
    words += word.count;
    const path = viterbi(word, scores);
    for (const id of path) freq[id]! += word.count;
    for (const id of new Set(path)) wordFreq[id]! += word.count;
  }
  const total = freq.reduce((sum, f) => sum + f, 0);
  const loss = pieces.map((piece, id) => {
    if (required.has(piece)) return Infinity;
    if (freq[id] === 0) return -Infinity;
    const alternatives = viterbi(lattice(piece, 1, vocab), scores, id);
    if (alternatives.length === 0) return Infinity;
    // Its uses go to the alternatives: each of them gains freq[id] occurrences.
    const logTotal = Math.log(total + freq[id]! * (alternatives.length - 1));
    const logProbAlternatives = alternatives.reduce(
      (sum, a) => sum + Math.log(freq[a]! + freq[id]!) - logTotal,
      0,
    );
    return (wordFreq[id]! / words) * (Math.log(freq[id]! / total) - logProbAlternatives);
  });
  const order = pieces
    .map((_, id) => id)
    .sort((a, b) => loss[b]! - loss[a]! || (pieces[a]! < pieces[b]! ? -1 : 1));
  return new Set(order.slice(0, size).map((id) => pieces[id]!));
}

/**
 * SentencePiece's seed vocabulary: the `count` substrings (2 to `maxLength` characters) with the
 * most characters in the corpus (frequency × length), ties by substring.
 */
export function seedPieces(
  words: ReadonlyMap<string, number>,
  count: number,
  maxLength: number,
): string[] {
  const frequency = new Map<string, number>();
  for (const [word, n] of words) {
    const chars = [...word];
    for (let start = 0; start < chars.length; start++) {
      let piece = chars[start]!;
      for (let end = start + 2; end <= Math.min(chars.length, start + maxLength); end++) {
        piece += chars[end - 1];
        frequency.set(piece, (frequency.get(piece) ?? 0) + n);
      }
    }
  }
  const weight = (piece: string, n: number) => n * [...piece].length;
  return [...frequency]
    .sort((a, b) => weight(b[0], b[1]) - weight(a[0], a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([piece]) => piece);
}

export interface UnigramOptions {
  readonly size: number;
  /** Pieces that stay whatever their use (every character, task words). */
  readonly required: ReadonlySet<string>;
  readonly shrinkingFactor?: number;
}

/**
 * A Unigram model of `size` pieces chosen from `seed` (which holds every character of the words)
 * for `words` (word → count): pieces with their log probabilities, best first.
 */
export function unigramModel(
  seed: readonly string[],
  words: ReadonlyMap<string, number>,
  options: UnigramOptions,
): [string, number][] {
  if (options.required.size > options.size)
    throw new Error(`${options.required.size} required pieces do not fit in ${options.size}`);
  const sortedWords = [...words].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let pieces = [...new Set([...seed, ...options.required])].sort();
  let vocab = vocabulary(pieces);
  let all = sortedWords.map(([word, count]) => lattice(word, count, vocab));
  // Start from how often each piece occurs as a substring.
  const occurrences = new Float64Array(pieces.length);
  for (const { count, edges } of all)
    for (let e = 2; e < edges.length; e += 3) occurrences[edges[e]!]! += count;
  let scores = em(all, normalise(occurrences), 3);
  while (pieces.length > options.size) {
    const size = Math.max(
      options.size,
      Math.floor(pieces.length * (options.shrinkingFactor ?? 0.75)),
    );
    const kept = prune(pieces, vocab, all, scores, size, options.required);
    const previous = new Map(pieces.map((piece, i) => [piece, scores[i]!]));
    pieces = pieces.filter((piece) => kept.has(piece));
    vocab = vocabulary(pieces);
    all = sortedWords.map(([word, count]) => lattice(word, count, vocab));
    scores = em(
      all,
      Float64Array.from(pieces, (piece) => previous.get(piece)!),
      2,
    );
  }
  scores = em(all, scores, 3);
  return pieces
    .map((piece, i): [string, number] => [piece, scores[i]!])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
