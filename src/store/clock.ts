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
 * Wall time the engine may use per frame, at most. What is left of a 16.7 ms
 * frame goes to the snapshot, React, the canvas and the browser's own layout
 * and paint, so frames stay smooth when the engine cannot keep up with the
 * requested speed. The pacer lowers the budget while frames come late (a busy
 * or slow machine) and gives it back while they are on time.
 */
export const FRAME_BUDGET_MS = 8;
/** The least the engine gets per frame however late frames are, so the run never stops. */
export const MIN_FRAME_BUDGET_MS = 2;
/**
 * The share of the budget the engine gets in a frame that also brings views up
 * to date (store/viewCycle.ts): React, layout and paint take most of that frame.
 */
export const VIEW_FRAME_SHARE = 0.25;
/** The smallest simulated slice the pacer runs between two looks at the wall clock. */
const MIN_SLICE_MS = 0.25;
/** How often the achieved speed is re-measured (wall ms). */
const SPEED_WINDOW_MS = 500;
/** A frame is late when it took this many display frames or more. */
const LATE_FRAMES = 1.5;
/** A late frame cuts the budget by this factor; each frame on time adds back this much (ms). */
const LATE_CUT = 0.8;
const ON_TIME_GAIN_MS = 0.05;

export interface Pacer {
  /**
   * Advance the run by up to `simMs` simulated milliseconds through `advance`,
   * in slices, stopping once this frame's wall budget (times `share`) is
   * spent. Returns the simulated milliseconds actually run: the rest is
   * dropped, so the run falls behind real time instead of making every later
   * frame longer.
   */
  run(simMs: number, advance: (ms: number) => void, share?: number): number;
  /**
   * Record one frame (wall ms since the previous one, simulated ms run): adapts
   * the budget to how late frames come. Returns the speed achieved over the
   * last half second, or null while still measuring.
   */
  record(wallMs: number, simMs: number): number | null;
  /** The engine's wall budget per frame now (ms). */
  budget(): number;
  reset(): void;
}

export function createPacer(budgetMs = FRAME_BUDGET_MS, now: () => number = () => performance.now()): Pacer {
  /** Wall ms per simulated ms, a moving average; 0 until the first slice is measured. */
  let cost = 0;
  let budget = budgetMs;
  /** The display's frame interval, estimated as the shortest recent one (it creeps up slowly, so a 30 Hz screen is learnt). */
  let displayFrameMs = Number.POSITIVE_INFINITY;
  let windowWall = 0;
  let windowSim = 0;
  let achieved: number | null = null;

  return {
    run(simMs, advance, share = 1) {
      if (!(simMs > 0)) return 0;
      const frameBudget = budget * share;
      const start = now();
      let done = 0;
      while (done < simMs) {
        const elapsed = now() - start;
        if (elapsed >= frameBudget) break;
        const left = simMs - done;
        // Aim at half the remaining budget, so the last slice rarely overshoots it.
        const guess = cost > 0 ? ((frameBudget - elapsed) / cost) * 0.5 : simMs / 8;
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
      if (wallMs > 0) {
        displayFrameMs = wallMs < displayFrameMs ? wallMs : displayFrameMs + (wallMs - displayFrameMs) * 0.01;
        const late = wallMs >= displayFrameMs * LATE_FRAMES;
        budget = late ? Math.max(MIN_FRAME_BUDGET_MS, budget * LATE_CUT) : Math.min(budgetMs, budget + ON_TIME_GAIN_MS);
      }
      windowWall += wallMs;
      windowSim += simMs;
      if (windowWall >= SPEED_WINDOW_MS) {
        achieved = windowSim / windowWall;
        windowWall = 0;
        windowSim = 0;
      }
      return achieved;
    },
    budget() {
      return budget;
    },
    reset() {
      windowWall = 0;
      windowSim = 0;
      achieved = null;
    },
  };
}
