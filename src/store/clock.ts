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
