import { createHasher, digest, type Hasher, hashValue } from "./hash";

/**
 * The trace: an append-only list of typed events with a running hash over all
 * of them. Only the newest `window` events are kept in memory (a long run stays
 * bounded); the hash and the count cover the whole run.
 */
export interface TraceState<E> {
  events: E[];
  /** How many events were dropped from the front of `events`. */
  dropped: number;
  window: number;
  hasher: Hasher;
}

export function createTrace<E>(window: number): TraceState<E> {
  return { events: [], dropped: 0, window, hasher: createHasher() };
}

export function record<E>(trace: TraceState<E>, event: E): void {
  hashValue(trace.hasher, event);
  trace.events.push(event);
  if (trace.events.length > trace.window * 2) {
    const cut = trace.events.length - trace.window;
    trace.events = trace.events.slice(cut); // a new array: a checkpoint may share the old one
    trace.dropped += cut;
  }
}

export function traceHash<E>(trace: TraceState<E>): string {
  return digest(trace.hasher);
}

export function traceCount<E>(trace: TraceState<E>): number {
  return trace.dropped + trace.events.length;
}
