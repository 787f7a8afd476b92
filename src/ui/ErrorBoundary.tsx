import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A render error shows a message and a way back, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Attention Lab failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="panel error" role="alert">
          <h2>Something went wrong while drawing this view</h2>
          <p>{this.state.error.message}</p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
