import { useState, type KeyboardEvent } from 'react';
import type { InputText, TextSpan, TokenStrip as Strip } from '../state/prepare';
import { useStore, type Predictions } from '../state/store';
import { shortLabel } from '../viz/heatmap';
import { axesOf } from './axes';

const FIELD_NAMES: Record<TextSpan['field'], string> = {
  text: 'Text',
  textB: 'Segment B',
  target: 'Target',
};

/** Characters shown either side of a token's span: enough to place it, short enough for a phone. */
const CONTEXT = 32;

/**
 * The tokens the model read, with ids; hovering or focusing one marks the characters it covers
 * in the text it came from. The strip is one Tab stop: arrow keys, Home and End move along it.
 */
export function TokenStrip({
  label,
  strip,
  input,
  predictions,
  testId,
}: {
  label: string;
  strip: Strip;
  input: InputText;
  /** The LM head's predictions, when they are for this strip. */
  predictions?: Predictions | undefined;
  testId: string;
}) {
  const [active, setActive] = useState<number | null>(null);
  const current = active !== null && active < strip.tokens.length ? active : null;
  const { query, key } = useFocusedCell(strip);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = strip.tokens.length - 1;
    const from = current ?? -1;
    const to: Record<string, number> = {
      ArrowRight: Math.min(last, from + 1),
      ArrowLeft: Math.max(0, from - 1),
      Home: 0,
      End: last,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
  };

  return (
    <div className="token-strip" data-testid={testId}>
      <span className="token-strip-label" id={`${testId}-label`}>
        {label}
        {predictions &&
          (predictions.next
            ? ' · under each, the token the model predicts next'
            : ' · under each, the token the MLM head predicts there (a [MASK]’s fill)')}
      </span>
      <ol
        tabIndex={0}
        role="listbox"
        data-testid={`${testId}-list`}
        aria-labelledby={`${testId}-label`}
        aria-describedby={`${testId}-source ${testId}-predictions`}
        aria-activedescendant={current === null ? undefined : `${testId}-token-${current}`}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? 0)}
        onBlur={() => setActive(null)}
        onMouseLeave={() => setActive(null)}
      >
        {strip.tokens.map((token, i) => (
          <li
            key={i}
            id={`${testId}-token-${i}`}
            role="option"
            aria-selected={i === current}
            className={`token${strip.special[i] ? ' special' : ''}${strip.typeIds?.[i] ? ' segment-b' : ''}${i === current ? ' active' : ''}${i === query ? ' query' : ''}${i === key ? ' key' : ''}`}
            title={`id ${strip.ids[i]}${strip.typeIds ? `, segment ${strip.typeIds[i] ? 'B' : 'A'}` : ''}`}
            onMouseEnter={() => setActive(i)}
          >
            <code>{token}</code>
            <small>{strip.ids[i]}</small>
            {predictions && (
              <small className="prediction">
                {predictions.top[i] ? shortLabel(predictions.top[i][0]!.token) : '\u00a0'}
              </small>
            )}
          </li>
        ))}
      </ol>
      <p className="token-source" id={`${testId}-source`} data-testid={`${testId}-source`}>
        <Covered strip={strip} input={input} index={current} />
      </p>
      {predictions && current !== null && predictions.top[current] && (
        <p
          className="token-predictions"
          id={`${testId}-predictions`}
          data-testid={`${testId}-predictions`}
        >
          <span className="token-source-field">
            {predictions.next ? 'Predicts next: ' : 'Predicts here: '}
          </span>
          {predictions.top[current].map((p, k) => (
            <span key={k} className="token-prediction">
              <code>{p.token}</code> {(100 * p.p).toFixed(1)} %
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/**
 * The query and key tokens of the heatmap's hovered (else locked) cell that are in this strip:
 * both for self-attention, the query in the decoder's and the key in the encoder's for cross.
 */
function useFocusedCell(strip: Strip): { query: number | null; key: number | null } {
  const cell = useStore((s) => (s.view === 'heatmap' ? (s.hovered ?? s.locked) : null));
  const inspection = useStore((s) => s.inspection);
  const kind = useStore((s) => s.kind);
  if (!cell || !inspection) return { query: null, key: null };
  const [rows, cols] = axesOf(inspection, kind);
  return { query: rows === strip ? cell.row : null, key: cols === strip ? cell.col : null };
}

function Covered({
  strip,
  input,
  index,
}: {
  strip: Strip;
  input: InputText;
  index: number | null;
}) {
  if (index === null)
    return (
      <span className="hint">
        Hover a token, or focus the strip and use the arrow keys, to see the text it covers.
      </span>
    );
  const token = strip.tokens[index]!;
  const span = strip.spans[index];
  if (!span) {
    const what = strip.padded?.[index]
      ? 'is padding'
      : strip.special[index]
        ? 'is a special token the tokenizer added'
        : 'stands at no character of the text';
    return (
      <span>
        <code>{token}</code> {what}: it covers no text.
      </span>
    );
  }
  const text = input[span.field] ?? '';
  const before = text.slice(Math.max(0, span.start - CONTEXT), span.start);
  const after = text.slice(span.end, span.end + CONTEXT);
  return (
    <span>
      <span className="token-source-field">{FIELD_NAMES[span.field]}: </span>
      {span.start > CONTEXT && '…'}
      {before}
      <mark data-testid="token-source-mark">{text.slice(span.start, span.end)}</mark>
      {after}
      {span.end + CONTEXT < text.length && '…'}
    </span>
  );
}
