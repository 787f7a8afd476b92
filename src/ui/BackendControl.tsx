import { switchBackend } from '../state/actions';
import { useStore, type BackendId } from '../state/store';
import { setUrlParam } from './url';

const CHOICES: readonly (BackendId | 'auto')[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** The active tfjs backend, why it was chosen, and a control to override it. */
export function BackendControl() {
  const backend = useStore((s) => s.backend);
  const status = useStore((s) => s.backendStatus);
  const error = useStore((s) => s.backendError);
  const requested = new URLSearchParams(window.location.search).get('backend');

  const onChange = (value: string) => {
    const choice = value as BackendId | 'auto';
    setUrlParam('backend', choice === 'auto' ? null : choice);
    switchBackend(choice).catch(() => undefined); // the store shows the error
  };

  return (
    <section className="backend" aria-label="Compute backend">
      <div className="backend-line">
        <span className="label">Backend</span>
        <output className="badge" data-testid="backend-name" aria-live="polite">
          {status === 'busy' ? 'starting…' : (backend?.name ?? '—')}
        </output>
        {backend && (
          <span className="detail" data-testid="backend-detail">
            {backend.detail}
          </span>
        )}
        <label className="backend-choice">
          <span className="visually-hidden">Choose backend</span>
          <select
            data-testid="backend-select"
            value={requested && CHOICES.includes(requested as BackendId) ? requested : 'auto'}
            onChange={(e) => onChange(e.target.value)}
            disabled={status === 'busy'}
          >
            {CHOICES.map((c) => (
              <option key={c} value={c}>
                {c === 'auto' ? 'automatic' : c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {backend && (
        <p className="reason" data-testid="backend-reason">
          {backend.reason}
          {backend.skipped.length > 0 && <> (skipped: {backend.skipped.join('; ')})</>}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="backend-error">
          {error}
        </p>
      )}
    </section>
  );
}
