/**
 * Which characters of the text each token covers, found by alignment, since
 * `@huggingface/tokenizers` returns no offsets: each token's decoded text ("piece") is looked for
 * in the text, from where the previous token ended.
 *
 * Both sides are folded first (lower case, accents stripped), as BERT's normaliser folds the text
 * before it is split. Byte-level tokens that are only part of a character (GPT-2's `Ã`,
 * LLaMA's `<0xC3>`) are decoded together and share the character's span, as the Rust library
 * gives them. Tokens with no text of their own (`[UNK]`) take the characters left between their
 * neighbours.
 */

/** `[start, end)` in UTF-16 code units of the text, as `String.prototype.slice` takes it. */
export type Span = readonly [number, number];

/** The folded text, with each folded code unit's span in the original. */
interface Folded {
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const fold = (s: string): string => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

function foldWithSpans(text: string): Folded {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const char of text) {
    const part = fold(char);
    for (let i = 0; i < part.length; i++) {
      starts.push(at);
      ends.push(at + char.length);
    }
    folded += part;
    at += char.length;
  }
  return { text: folded, starts, ends };
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);

/**
 * The span of each piece in `text`, or null where a piece is not found. A piece is a token's
 * text; `''` stands for a token that is only a space marker (`▁`, `Ġ`), which takes the
 * whitespace it stands at; null is a token with no text of its own (unknown).
 */
export function alignPieces(text: string, pieces: readonly (string | null)[]): (Span | null)[] {
  const folded = foldWithSpans(text);
  const t = folded.text;
  const found: ([number, number] | null)[] = [];
  let cursor = 0;
  for (const raw of pieces) {
    const piece = raw === null ? null : fold(raw).trim();
    if (piece === null) {
      found.push(null);
    } else if (piece === '') {
      found.push(isSpace(t[cursor]) ? [cursor, ++cursor] : null);
    } else {
      let at = cursor;
      while (isSpace(t[at])) at++;
      const start = t.startsWith(piece, at) ? at : t.indexOf(piece, cursor);
      if (start < 0) found.push(null);
      else {
        found.push([start, start + piece.length]);
        cursor = start + piece.length;
      }
    }
  }
  fillUnknown(t, pieces, found);
  return found.map((span) =>
    span === null || span[0] === span[1]
      ? null
      : [folded.starts[span[0]]!, folded.ends[span[1] - 1]!],
  );
}

/**
 * Unknown tokens between two found ones take the characters between them: one character each
 * when the counts agree (BERT's `[UNK]` for each of 你好), else all of them.
 */
function fillUnknown(
  t: string,
  pieces: readonly (string | null)[],
  found: ([number, number] | null)[],
): void {
  for (let i = 0; i < found.length;) {
    if (found[i] !== null || pieces[i] !== null) {
      i++;
      continue;
    }
    let j = i;
    while (j < found.length && found[j] === null && pieces[j] === null) j++;
    let k = i - 1;
    while (k >= 0 && found[k] === null) k--;
    const start = found[k]?.[1] ?? 0;
    const end = found.slice(j).find((s) => s !== null)?.[0] ?? t.length;
    // The non-space characters between the neighbours, as [start, end) code-unit pairs.
    const chars: [number, number][] = [];
    for (let at = start; at < end;) {
      const char = String.fromCodePoint(t.codePointAt(at)!);
      if (!isSpace(char)) chars.push([at, at + char.length]);
      at += char.length;
    }
    if (chars.length > 0) {
      const whole: [number, number] = [chars[0]![0], chars.at(-1)![1]];
      for (let u = i; u < j; u++) found[u] = chars.length === j - i ? chars[u - i]! : whole;
    }
    i = j;
  }
}
