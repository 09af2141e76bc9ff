import { create } from "zustand";
import type { SimEvent } from "../../sim";
import { type SimState, useSim } from "../../store/simStore";

/**
 * The timeline's markers: significant trace events for the whole run, not
 * only the window the event log keeps. Fed on every publish from the
 * engine's trace by count; a jump backwards drops the markers after it.
 */
export const MARKER_TYPES: ReadonlySet<SimEvent["type"]> = new Set([
  "leader.elected",
  "isr.changed",
  "controller.elected",
  "group.rebalanced",
  "partition.offline",
  "data.loss",
  "invariant.violated",
  "action",
]);

/** The most markers kept; the oldest go first. */
export const MAX_MARKERS = 2000;

export interface Marker {
  /** Position in the whole trace (stable across seeks). */
  n: number;
  event: SimEvent;
}

interface MarkerState {
  markers: readonly Marker[];
  /** The latest simulated time this run has reached (seeking back does not shrink the timeline). */
  reached: number;
}

export const useMarkers = create<MarkerState>()(() => ({ markers: [], reached: 0 }));

let fedCount = 0;
let fedRun: { config: unknown; seed: number } | null = null;

/** Bring the markers up to date with the store's run. */
export function feedMarkers(state: SimState = useSim.getState()): void {
  const { traceCount, now } = state.snapshot;
  let { markers, reached } = useMarkers.getState();
  if (fedRun === null || fedRun.config !== state.config || fedRun.seed !== state.seed) {
    // Another run (a load or a reset): start over.
    fedRun = { config: state.config, seed: state.seed };
    markers = [];
    reached = 0;
    fedCount = 0;
  } else if (traceCount < fedCount) {
    // A jump backwards: everything after it will be re-simulated (maybe differently, if the user branches).
    markers = markers.filter((m) => m.n < traceCount);
    fedCount = traceCount;
  }
  if (traceCount > fedCount) {
    const added = state
      .traceSince(fedCount)
      .filter(({ event }) => MARKER_TYPES.has(event.type))
      .map(({ n, event }) => ({ n, event }));
    if (added.length > 0) markers = [...markers, ...added].slice(-MAX_MARKERS);
    fedCount = traceCount;
  }
  reached = Math.max(reached, now);
  const prev = useMarkers.getState();
  if (prev.markers !== markers || prev.reached !== reached) useMarkers.setState({ markers, reached });
}

let subscribed = false;

/** Follow the store (idempotent): called once by the Timeline. */
export function followStore(): void {
  if (subscribed) return;
  subscribed = true;
  feedMarkers();
  useSim.subscribe((state, prev) => {
    if (state.version !== prev.version || state.config !== prev.config) feedMarkers(state);
  });
}

/** Tests: forget everything. */
export function resetMarkers(): void {
  fedCount = 0;
  fedRun = null;
  useMarkers.setState({ markers: [], reached: 0 });
}
