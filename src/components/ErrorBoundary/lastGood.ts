import type { RunDescription } from "../../sim";
import { useSim } from "../../store/simStore";

/**
 * The last state the app rendered without an error, kept in memory only (never
 * in localStorage): the run (config, seed, actions) and the simulated time.
 */
export interface GoodState {
  config: unknown;
  seed: number;
  run: RunDescription;
  t: number;
}

let lastGood: GoodState | null = null;
/** The run is copied at most this often (currentRun() clones it); the time on every commit. */
const RUN_COPY_MS = 1000;
let copiedAt = 0;

/** Called after a commit that rendered without an error. */
export function recordGoodState(now: number = Date.now()): void {
  const { config, seed, snapshot, currentRun } = useSim.getState();
  const sameRun = lastGood !== null && lastGood.config === config && lastGood.seed === seed;
  if (!sameRun || now - copiedAt >= RUN_COPY_MS) {
    lastGood = { config, seed, run: currentRun(), t: snapshot.now };
    copiedAt = now;
  } else if (lastGood !== null) {
    lastGood = { ...lastGood, t: snapshot.now };
  }
}

/**
 * The run to restore. While the store still holds the same run, its current
 * description is used: actions are append-only and replay deterministically,
 * so it reproduces the good moment exactly, including actions taken after the
 * last copy.
 */
export function goodState(): { run: RunDescription; t: number } | null {
  if (lastGood === null) return null;
  const { config, seed, currentRun } = useSim.getState();
  const run = lastGood.config === config && lastGood.seed === seed ? currentRun() : lastGood.run;
  return { run, t: lastGood.t };
}

/** Tests: forget the last good state. */
export function forgetGoodState(): void {
  lastGood = null;
  copiedAt = 0;
}
