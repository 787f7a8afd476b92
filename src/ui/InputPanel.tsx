import { useEffect, useRef, useState } from 'react';
import { setInput } from '../state/inspect';
import { MAX_PADDING, type InputText } from '../state/prepare';
import { useStore } from '../state/store';
import { TokenStrip } from './TokenStrip';

/** Typing settles for this long before the model runs: no model work per keystroke. */
const DEBOUNCE_MS = 150;

/** The text the model reads, live: BERT's second segment, T5's target; the tokens it became. */
export function InputPanel() {
  const model = useStore((s) => s.model);
  const stored = useStore((s) => s.input);
  if (!model || !model.hasTokenizer) return null;
  return <InputForm key={model.source} architecture={model.architecture} stored={stored} />;
}

const same = (a: InputText, b: InputText) =>
  a.text === b.text &&
  (a.textB ?? '') === (b.textB ?? '') &&
  (a.target ?? '') === (b.target ?? '') &&
  (a.padding ?? 0) === (b.padding ?? 0);

function InputForm({ architecture, stored }: { architecture: string; stored: InputText }) {
  const [draft, setDraft] = useState<InputText>(stored);
  const sent = useRef<InputText>(stored);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // An input set from elsewhere (the API, a model's sample) replaces the fields; our own does not.
  useEffect(() => {
    if (!same(stored, sent.current)) {
      sent.current = stored;
      setDraft(stored);
    }
  }, [stored]);

  const change = (patch: Partial<InputText>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      sent.current = next;
      void setInput(next);
    }, DEBOUNCE_MS);
  };

  return (
    <section className="panel" aria-labelledby="input-heading" data-testid="input-panel">
      <h2 id="input-heading">Input</h2>
      <div className="stack">
        <label>
          {architecture === 't5' ? 'Source text (encoder)' : 'Text'}
          <textarea
            data-testid="input-text"
            rows={2}
            value={draft.text}
            onChange={(e) => change({ text: e.target.value })}
          />
        </label>
        {architecture === 'bert' && (
          <label>
            Second segment (optional, segment B)
            <input
              data-testid="input-text-b"
              value={draft.textB ?? ''}
              onChange={(e) => change({ textB: e.target.value })}
            />
          </label>
        )}
        {architecture === 't5' && (
          <label>
            Target so far (decoder input, after the start token)
            <input
              data-testid="input-target"
              value={draft.target ?? ''}
              onChange={(e) => change({ target: e.target.value })}
            />
          </label>
        )}
        <label className="inline">
          Padding tokens
          <input
            type="number"
            min={0}
            max={MAX_PADDING}
            data-testid="input-padding"
            value={draft.padding ?? 0}
            onChange={(e) =>
              change({ padding: Math.max(0, Math.min(MAX_PADDING, Number(e.target.value) || 0)) })
            }
          />
          <small>appended with attention mask 0, as a batch pads its shorter rows</small>
        </label>
      </div>
      <InputStatus />
    </section>
  );
}

function InputStatus() {
  const inspection = useStore((s) => s.inspection);
  const status = useStore((s) => s.inspectStatus);
  const error = useStore((s) => s.inspectError);
  return (
    <div aria-live="polite">
      {error && (
        <p className="error" role="alert" data-testid="input-error">
          {error}
        </p>
      )}
      {status === 'ready' && !inspection && (
        <p className="empty" data-testid="input-empty">
          Type some text to see the model’s attention.
        </p>
      )}
      {inspection && inspection.dropped > 0 && (
        <p className="notice" data-testid="input-truncated">
          The text is longer than this model’s context: the last {inspection.dropped} token
          {inspection.dropped === 1 ? ' was' : 's were'} dropped.
        </p>
      )}
      {(['encoder', 'decoder'] as const).map((side) => {
        const strip = inspection?.[side];
        if (!inspection || !strip) return null;
        const both = inspection.encoder && inspection.decoder;
        return (
          <TokenStrip
            key={side}
            label={both ? `${side === 'encoder' ? 'Encoder' : 'Decoder'} tokens` : 'Tokens'}
            strip={strip}
            input={inspection.input}
            predictions={
              inspection.predictions?.strip === side ? inspection.predictions : undefined
            }
            testId={`tokens-${side}`}
          />
        );
      })}
    </div>
  );
}
