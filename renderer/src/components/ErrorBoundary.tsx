import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * A screen that fails while drawing shows what happened, in place, instead of leaving a blank
 * window; the navigation stays usable. `resetKey` (the route) gives the next screen a fresh start.
 */
export class ErrorBoundary extends Component<
  { resetKey: string; title: string; retryLabel: string; children: ReactNode },
  { error: Error | null; key: string }
> {
  override state: { error: Error | null; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('screen failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="screen">
        <div className="note note-error" role="alert">
          <div className="note-body">
            <strong>{this.props.title}</strong>
            <span className="note-message">{this.state.error.message}</span>
          </div>
          <button type="button" className="btn btn-small" onClick={() => this.setState({ error: null })}>
            {this.props.retryLabel}
          </button>
        </div>
      </div>
    );
  }
}
