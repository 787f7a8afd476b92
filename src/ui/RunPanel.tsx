import { useState, type FormEvent } from 'react';
import { runIds } from '../state/run';
import { useStore } from '../state/store';

/**
 * Run a checkpoint that has no tokenizer.json on token ids and see what came out (a model with
 * a tokenizer is driven by the input panel).
 */
export function RunPanel() {
  const model = useStore((s) => s.model);
  if (!model || model.hasTokenizer) return null;
  return <RunForm key={model.source} architecture={model.architecture} />;
}

function RunForm({ architecture }: { architecture: string }) {
  const run = useStore((s) => s.run);
  const status = useStore((s) => s.runStatus);
  const error = useStore((s) => s.runError);
  const [ids, setIds] = useState('1, 2, 3, 4, 5');
  const [decoderIds, setDecoderIds] = useState('0');
  const isT5 = architecture === 't5';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    runIds(ids, decoderIds).catch(() => undefined); // the store shows the error
  };

  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">Run on token ids</h2>
      <p className="hint">This checkpoint has no tokenizer.json: enter token ids.</p>
      <form className="stack" onSubmit={onSubmit}>
        <label>
          {isT5 ? 'Encoder token ids' : 'Token ids'}
          <input data-testid="run-ids" value={ids} onChange={(e) => setIds(e.target.value)} />
        </label>
        {isT5 && (
          <label>
            Decoder token ids
            <input
              data-testid="run-decoder-ids"
              value={decoderIds}
              onChange={(e) => setDecoderIds(e.target.value)}
            />
          </label>
        )}
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
