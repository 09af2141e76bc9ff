/**
 * The one requestAnimationFrame loop that drives playback. Each frame it hands
 * the wall-clock time since the previous frame to `onFrame`, which advances
 * the engine and publishes at most one snapshot.
 */

/** A frame after a long gap (tab hidden, debugger) counts as this much, so the run does not lurch forward. */
const MAX_FRAME_MS = 100;

// Outside a browser (unit tests in node) fall back to a 60 Hz timer.
const requestFrame: (cb: (ts: number) => void) => number =
  typeof requestAnimationFrame === "function"
    ? (cb) => requestAnimationFrame(cb)
    : (cb) => setTimeout(() => cb(performance.now()), 16) as unknown as number;
const cancelFrame: (handle: number) => void =
  typeof cancelAnimationFrame === "function" ? (h) => cancelAnimationFrame(h) : (h) => clearTimeout(h);

export interface Clock {
  start(): void;
  stop(): void;
  readonly running: boolean;
}

export function createClock(onFrame: (wallMs: number) => void): Clock {
  let handle: number | null = null;
  let last = 0;

  const frame = (ts: number) => {
    const dt = Math.min(Math.max(ts - last, 0), MAX_FRAME_MS);
    last = ts;
    handle = requestFrame(frame);
    onFrame(dt);
  };

  return {
    start() {
      if (handle !== null) return;
      last = performance.now();
      handle = requestFrame(frame);
    },
    stop() {
      if (handle === null) return;
      cancelFrame(handle);
      handle = null;
    },
    get running() {
      return handle !== null;
    },
  };
}

/**
 * Wall time the engine may use per frame. What is left of a 16.7 ms frame goes
 * to the snapshot, React and the canvas, so frames stay smooth when the
 * engine cannot keep up with the requested speed.
 */
export const FRAME_BUDGET_MS = 8;
/**
 * The engine's budget in a frame that also publishes a snapshot to the views:
 * React, layout and paint take most of that frame.
 */
export const VIEW_FRAME_BUDGET_MS = 2;
/** The smallest simulated slice the pacer runs between two looks at the wall clock. */
const MIN_SLICE_MS = 0.25;
/** How often the achieved speed is re-measured (wall ms). */
const SPEED_WINDOW_MS = 500;

export interface Pacer {
  /**
   * Advance the run by up to `simMs` simulated milliseconds through `advance`,
   * in slices, stopping once this frame's wall budget is spent. Returns the
   * simulated milliseconds actually run: the rest is dropped, so the run falls
   * behind real time instead of making every later frame longer. `frameBudgetMs`
   * overrides the pacer's budget for this frame.
   */
  run(simMs: number, advance: (ms: number) => void, frameBudgetMs?: number): number;
  /**
   * Record one frame (wall ms elapsed, simulated ms run). Returns the speed
   * achieved over the last half second, or null while still measuring.
   */
  record(wallMs: number, simMs: number): number | null;
  reset(): void;
}

export function createPacer(budgetMs = FRAME_BUDGET_MS, now: () => number = () => performance.now()): Pacer {
  /** Wall ms per simulated ms, a moving average; 0 until the first slice is measured. */
  let cost = 0;
  let windowWall = 0;
  let windowSim = 0;
  let achieved: number | null = null;

  return {
    run(simMs, advance, frameBudgetMs = budgetMs) {
      if (!(simMs > 0)) return 0;
      const budget = frameBudgetMs;
      const start = now();
      let done = 0;
      while (done < simMs) {
        const elapsed = now() - start;
        if (elapsed >= budget) break;
        const left = simMs - done;
        // Aim at half the remaining budget, so the last slice rarely overshoots it.
        const guess = cost > 0 ? ((budget - elapsed) / cost) * 0.5 : simMs / 8;
        const slice = Math.min(left, Math.max(MIN_SLICE_MS, guess));
        const t0 = now();
        advance(slice);
        const took = now() - t0;
        done = slice === left ? simMs : done + slice;
        const c = took / slice;
        cost = cost === 0 ? c : cost * 0.7 + c * 0.3;
      }
      return done;
    },
    record(wallMs, simMs) {
      windowWall += wallMs;
      windowSim += simMs;
      if (windowWall >= SPEED_WINDOW_MS) {
        achieved = windowSim / windowWall;
        windowWall = 0;
        windowSim = 0;
      }
      return achieved;
    },
    reset() {
      windowWall = 0;
      windowSim = 0;
      achieved = null;
    },
  };
}
