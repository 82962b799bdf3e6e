// Keeps a failure inside one part of a screen (e.g. a tab whose code failed to load) from
// blanking the whole window: React unmounts everything above an uncaught render error.
import { Component, type ReactNode } from "react";

type Props = { children: ReactNode; fallback: (message: string) => ReactNode };
type State = { message: string | null };

export class ErrorBoundary extends Component<Props, State> {
  state: State = { message: null };

  static getDerivedStateFromError(error: unknown): State {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  render() {
    return this.state.message === null ? this.props.children : this.props.fallback(this.state.message);
  }
}
