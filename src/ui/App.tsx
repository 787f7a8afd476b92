import { ArchitectureGuide } from './ArchitectureGuide';
import { AttentionPanel } from './AttentionPanel';
import { BackendControl } from './BackendControl';
import { ErrorBoundary } from './ErrorBoundary';
import { HeadView } from './HeadView';
import { InputPanel } from './InputPanel';
import { MaskPanel } from './MaskPanel';
import { ModelView } from './ModelView';
import { ModelLoader } from './ModelLoader';
import { RunPanel } from './RunPanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Attention Lab</h1>
        <p className="tagline">
          BERT, GPT, T5 and LLaMA-style models, live in your browser: see what their attention does.
        </p>
        <BackendControl />
      </header>
      <main>
        <ErrorBoundary>
          <ModelLoader />
          <InputPanel />
          <MaskPanel />
          <AttentionPanel />
          <HeadView />
          <ModelView />
          <ArchitectureGuide />
          <RunPanel />
        </ErrorBoundary>
      </main>
    </div>
  );
}
