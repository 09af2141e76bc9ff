import type { Snapshot } from "../sim";
import { useSim } from "./simStore";

/** One sample of the run's vital signs at a simulated time. */
export interface Sample {
  t: number;
  /** Records acked to all producers so far, and consumed by all consumers so far (cumulative). */
  acked: number;
  consumed: number;
  /** Records per second since the previous sample. */
  produceRate: number;
  consumeRate: number;
  /** Total lag (HW − committed) per consumer group. */
  lag: Record<string, number>;
  underReplicated: number;
  offline: number;
}

/** How many samples the ring buffer keeps. */
export const HISTORY_SIZE = 600;
/** Sample at most this often in simulated time, so fast playback does not crowd the buffer. */
const MIN_SAMPLE_GAP_MS = 250;
/** Rates are measured over this window of simulated time. */
const RATE_WINDOW_MS = 2000;

let samples: Sample[] = [];
let version = 0;
const listeners = new Set<() => void>();

export function sampleOf(s: Snapshot, previous: readonly Sample[]): Sample {
  const acked = s.producers.reduce((n, p) => n + p.acked, 0);
  const consumed = s.consumers.reduce((n, c) => n + c.consumed, 0);
  // Rate over a window back in time (counters restart when a client crashes: never negative).
  let base: Sample | undefined;
  for (let i = previous.length - 1; i >= 0; i--) {
    base = previous[i];
    if (s.now - previous[i].t >= RATE_WINDOW_MS) break;
  }
  const dt = base === undefined ? 0 : (s.now - base.t) / 1000;
  const lag: Record<string, number> = {};
  for (const g of s.groups) lag[g.groupId] = g.offsets.reduce((n, o) => n + o.lag, 0);
  return {
    t: s.now,
    acked,
    consumed,
    produceRate: dt > 0 && base ? Math.max(0, (acked - base.acked) / dt) : 0,
    consumeRate: dt > 0 && base ? Math.max(0, (consumed - base.consumed) / dt) : 0,
    lag,
    underReplicated: s.partitions.filter((p) => p.underReplicated && !p.offline).length,
    offline: s.partitions.filter((p) => p.offline).length,
  };
}

/** Add a sample for this snapshot; start over when simulated time went backwards (reset, seek). */
export function record(s: Snapshot): boolean {
  const last = samples[samples.length - 1];
  if (last !== undefined && s.now < last.t) samples = [];
  const prev = samples[samples.length - 1];
  if (prev !== undefined && s.now - prev.t < MIN_SAMPLE_GAP_MS) return false;
  const next = samples.length >= HISTORY_SIZE ? samples.slice(1) : samples.slice();
  next.push(sampleOf(s, samples));
  samples = next;
  version++;
  return true;
}

let subscribed = false;
function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  record(useSim.getState().snapshot);
  // The plots are one of the slower panels: they follow panelsVersion, not every snapshot (see viewCycle.ts).
  useSim.subscribe((s, prev) => {
    if (s.panelsVersion === prev.panelsVersion) return;
    const last = samples[samples.length - 1];
    const wentBack = last !== undefined && s.snapshot.now < last.t;
    if (record(s.snapshot) || wentBack) for (const l of listeners) l();
  });
}

export function historySamples(): readonly Sample[] {
  ensureSubscribed();
  return samples;
}

export function subscribeHistory(listener: () => void): () => void {
  ensureSubscribed();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function historyVersion(): number {
  return version;
}

/** Forget every sample (tests). */
export function clearHistory(): void {
  samples = [];
  version++;
}
