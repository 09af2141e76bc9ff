import { Component, type ErrorInfo, type ReactNode, useEffect } from "react";
import { DEFAULT_SCENARIO, DEFAULT_SEED } from "../../store/scenario";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { goodState, recordGoodState } from "./lastGood";
import "./errorBoundary.css";

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** What the last recovery attempt could not do, for the panel. */
  problem: string | null;
}

/**
 * Catches render errors anywhere in the app and offers a way back: the last
 * state that rendered, or a fresh start. It touches only the in-memory store;
 * saved scenarios in localStorage are written only by "Save as my scenario".
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, problem: null };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Left in the console for a bug report, with the component stack.
    console.warn("KafkaScope caught a render error:", error, info.componentStack);
  }

  private recover(how: () => void): void {
    try {
      how();
      this.setState({ error: null, problem: null });
    } catch (e) {
      this.setState({ problem: (e as Error).message });
    }
  }

  restore = (): void =>
    this.recover(() => {
      const good = goodState();
      if (good === null) throw new Error("There is no earlier good state in this session.");
      const store = useSim.getState();
      store.loadRun(good.run);
      store.seek(good.t);
    });

  startOver = (): void =>
    this.recover(() => {
      useTour.getState().clear();
      useSim.getState().reset(DEFAULT_SEED, DEFAULT_SCENARIO);
      if (typeof window !== "undefined" && window.location.hash !== "") window.location.hash = "#/cluster";
    });

  override render(): ReactNode {
    const { error, problem } = this.state;
    if (error === null)
      return (
        <>
          {this.props.children}
          <GoodStateRecorder />
        </>
      );
    return (
      <div className="error-panel" role="alert">
        <h2>Something went wrong while drawing the simulation</h2>
        <p className="error-message">{error.message || "An unknown error."}</p>
        {problem !== null && <p>That did not work either: {problem}</p>}
        <div className="error-actions">
          <button type="button" className="primary" onClick={this.restore}>
            Restore the last good state
          </button>
          <button type="button" onClick={this.startOver}>
            Start over
          </button>
        </div>
        <p className="error-note">Your saved scenarios are not affected.</p>
      </div>
    );
  }
}

/** Renders nothing; after every successful commit of a new frame it remembers the run and time. */
function GoodStateRecorder() {
  const version = useSim((s) => s.version);
  const config = useSim((s) => s.config);
  // biome-ignore lint/correctness/useExhaustiveDependencies: record on every new frame or run, after it committed.
  useEffect(() => recordGoodState(), [version, config]);
  return null;
}
