import { create } from "zustand";
import type { SimEvent } from "../../sim";
import { type SimState, useSim } from "../../store/simStore";

/** What the invariant monitor reports: a broken invariant, or acknowledged records that were lost. */
export type MonitorEvent = Extract<SimEvent, { type: "invariant.violated" } | { type: "data.loss" }>;

export interface MonitorEntry {
  /** Position in the whole trace (stable across seeks). */
  n: number;
  event: MonitorEvent;
}

/** The most entries kept; the oldest go first. A run that loses data every second stays bounded. */
export const MAX_MONITOR_ENTRIES = 500;

interface MonitorEventsState {
  entries: readonly MonitorEntry[];
}

export const useMonitorEvents = create<MonitorEventsState>()(() => ({ entries: [] }));

function isMonitorEvent(e: SimEvent): e is MonitorEvent {
  return e.type === "invariant.violated" || e.type === "data.loss";
}

let fedCount = 0;
let fedRun: { config: unknown; seed: number } | null = null;

/**
 * Bring the list up to date with the store's run. Like the timeline's markers,
 * it reads the engine's trace by count on every publish, so entries outlive the
 * event log's window; a jump backwards drops what comes after it (it will be
 * re-simulated, and may differ if the user branches).
 */
export function feedMonitorEvents(state: SimState = useSim.getState()): void {
  const { traceCount } = state.snapshot;
  let { entries } = useMonitorEvents.getState();
  if (fedRun === null || fedRun.config !== state.config || fedRun.seed !== state.seed) {
    fedRun = { config: state.config, seed: state.seed };
    entries = [];
    fedCount = 0;
  } else if (traceCount < fedCount) {
    entries = entries.filter((e) => e.n < traceCount);
    fedCount = traceCount;
  }
  if (traceCount > fedCount) {
    const added: MonitorEntry[] = [];
    for (const { n, event } of state.traceSince(fedCount)) if (isMonitorEvent(event)) added.push({ n, event });
    if (added.length > 0) entries = [...entries, ...added].slice(-MAX_MONITOR_ENTRIES);
    fedCount = traceCount;
  }
  if (useMonitorEvents.getState().entries !== entries) useMonitorEvents.setState({ entries });
}

let subscribed = false;

/** Follow the store (idempotent): called once by the monitor badge. */
export function followMonitor(): void {
  if (subscribed) return;
  subscribed = true;
  feedMonitorEvents();
  useSim.subscribe((state, prev) => {
    if (state.version !== prev.version || state.config !== prev.config) feedMonitorEvents(state);
  });
}

/** Tests: forget everything. */
export function resetMonitorEvents(): void {
  fedCount = 0;
  fedRun = null;
  useMonitorEvents.setState({ entries: [] });
}
