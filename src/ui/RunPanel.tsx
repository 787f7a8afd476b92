import { useState, type FormEvent } from 'react';
import { runIds, runText } from '../state/run';
import { useStore } from '../state/store';

/** What to type first, per family: each shows its attention at its best. */
const SAMPLES: Record<string, { text: string; target?: string }> = {
  bert: { text: 'The cat sat on the [MASK] .' },
  gpt2: { text: 'The jury said that the election was' },
  llama: { text: 'The jury said that the election was' },
  t5: { text: 'date: December 4, 2026', target: '2026-12-04' },
};

/** Run the loaded model on text (or token ids) and see what came out. */
export function RunPanel() {
  const model = useStore((s) => s.model);
  if (!model) return null;
  // A new model starts from its own sample input.
  return (
    <RunForm key={model.source} architecture={model.architecture} byText={model.hasTokenizer} />
  );
}

function RunForm({ architecture, byText }: { architecture: string; byText: boolean }) {
  const run = useStore((s) => s.run);
  const status = useStore((s) => s.runStatus);
  const error = useStore((s) => s.runError);
  const [ids, setIds] = useState('1, 2, 3, 4, 5');
  const [decoderIds, setDecoderIds] = useState('0');
  const [text, setText] = useState(SAMPLES[architecture]?.text ?? '');
  const [target, setTarget] = useState(SAMPLES[architecture]?.target ?? '');
  const isT5 = architecture === 't5';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    (byText ? runText(text, target) : runIds(ids, decoderIds)).catch(() => undefined); // the store shows the error
  };

  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">Run</h2>
      <form className="stack" onSubmit={onSubmit}>
        {byText ? (
          <label>
            {isT5 ? 'Input text (encoder)' : 'Text'}
            <input data-testid="run-text" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
        ) : (
          <label>
            {isT5 ? 'Encoder token ids' : 'Token ids'}
            <input data-testid="run-ids" value={ids} onChange={(e) => setIds(e.target.value)} />
          </label>
        )}
        {isT5 &&
          (byText ? (
            <label>
              Output so far (decoder input, after the start token)
              <input
                data-testid="run-target"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
              />
            </label>
          ) : (
            <label>
              Decoder token ids
              <input
                data-testid="run-decoder-ids"
                value={decoderIds}
                onChange={(e) => setDecoderIds(e.target.value)}
              />
            </label>
          ))}
        <button type="submit" disabled={status === 'busy'} data-testid="run-button">
          Run forward pass
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="run-error">
          {error}
        </p>
      )}
      {run && (
        <div data-testid="run-result">
          <p>
            Forward pass in <strong data-testid="run-ms">{run.forwardMs.toFixed(1)} ms</strong>.
          </p>
          <p className="tokens" data-testid="run-tokens">
            {run.tokens.map((t, i) => (
              <code key={i}>{t}</code>
            ))}
          </p>
          <p>
            Top token per position: <code data-testid="run-top">{run.topTokens.join(' ')}</code>
          </p>
          <table className="attention-table">
            <caption>
              Attention returned (probabilities per layer, [batch, heads, queries, keys])
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Layers</th>
                <th scope="col">Shape per layer</th>
              </tr>
            </thead>
            <tbody>
              {run.attentions.map((a) => (
                <tr key={a.kind} data-testid={`attention-${a.kind}`}>
                  <td>{a.kind}</td>
                  <td>{a.layers}</td>
                  <td>[{a.shape.join(', ')}]</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
