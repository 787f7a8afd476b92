import { ArchitectureGuide } from './ArchitectureGuide';
import { BackendControl } from './BackendControl';
import { ErrorBoundary } from './ErrorBoundary';
import { InputPanel } from './InputPanel';
import { MaskPanel } from './MaskPanel';
import { ModelLoader } from './ModelLoader';
import { RunPanel } from './RunPanel';
import { SharedLink } from './SharedLink';
import { Views } from './Views';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Attention Lab</h1>
        <p className="tagline">
          BERT, GPT, T5 and LLaMA-style models, live in your browser: see what their attention does.
        </p>
        <BackendControl />
        <SharedLink />
      </header>
      <main>
        <ErrorBoundary>
          <ModelLoader />
          <InputPanel />
          <div className="workspace" data-testid="workspace">
            <MaskPanel />
            <Views />
          </div>
          <ArchitectureGuide />
          <RunPanel />
        </ErrorBoundary>
      </main>
    </div>
  );
}
