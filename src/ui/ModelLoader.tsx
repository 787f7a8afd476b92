import { useState, type FormEvent } from 'react';
import { loadModelFromFiles, loadModelFromUrl, loadShippedModel } from '../state/actions';
import { useStore } from '../state/store';
import { setUrlParam } from './url';

/** Load a checkpoint in Hugging Face layout from a URL or a local folder. */
export function ModelLoader() {
  const status = useStore((s) => s.modelStatus);
  const progress = useStore((s) => s.modelProgress);
  const error = useStore((s) => s.modelError);
  const model = useStore((s) => s.model);
  const catalog = useStore((s) => s.catalog);
  const modelId = useStore((s) => s.modelId);
  const [url, setUrl] = useState(
    () => new URLSearchParams(window.location.search).get('model') ?? '',
  );
  const busy = status === 'busy';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!url.trim()) return;
    loadModelFromUrl(url)
      .then(() => setUrlParam('model', url.trim()))
      .catch(() => undefined); // the store shows the error
  };

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      {catalog.length > 0 && (
        <label className="row">
          <span className="label">Shipped model</span>
          <select
            data-testid="model-select"
            value={modelId ?? ''}
            disabled={busy}
            onChange={(e) => {
              const id = e.target.value;
              if (!id) return;
              loadShippedModel(id)
                .then(() => setUrlParam('model', id))
                .catch(() => undefined); // the store shows the error
            }}
          >
            {modelId === null && <option value="">(a model of your own)</option>}
            {catalog.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name} — {entry.family}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="hint">
        Or your own: a folder in Hugging Face layout: <code>config.json</code>,{' '}
        <code>model.safetensors</code> (F32, F16 or BF16), optionally <code>tokenizer.json</code>.
        BERT, GPT-2, T5 and LLaMA-style checkpoints.
      </p>
      <form className="row" onSubmit={onSubmit}>
        <label className="grow">
          <span className="visually-hidden">Model folder URL</span>
          <input
            data-testid="model-url"
            type="url"
            inputMode="url"
            placeholder="https://…/model-folder/ or /models/name/"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy || !url.trim()} data-testid="model-load">
          Load
        </button>
        <label className="button secondary">
          Open folder…
          <input
            className="visually-hidden"
            type="file"
            multiple
            webkitdirectory=""
            disabled={busy}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              if (files.length > 0) loadModelFromFiles(files).catch(() => undefined);
            }}
          />
        </label>
      </form>
      {busy && (
        <p className="progress" role="status" data-testid="model-progress">
          {progress ?? 'loading'}…
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
      {model && (
        <dl className="facts" data-testid="model-info">
          <dt>Name</dt>
          <dd>{model.name}</dd>
          <dt>Architecture</dt>
          <dd data-testid="model-architecture">{model.architecture}</dd>
          <dt>Layers × heads</dt>
          <dd>
            {model.numLayers}
            {model.numDecoderLayers !== undefined && ` + ${model.numDecoderLayers}`} ×{' '}
            {model.numHeads}
          </dd>
          <dt>Parameters</dt>
          <dd>{model.numParameters.toLocaleString('en')}</dd>
          <dt>Load · warm-up</dt>
          <dd>
            {model.loadMs.toFixed(0)} ms · {model.warmupMs.toFixed(0)} ms
          </dd>
        </dl>
      )}
    </section>
  );
}
