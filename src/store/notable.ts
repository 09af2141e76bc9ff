import { useSyncExternalStore } from "react";
import type { SimEvent } from "../sim";
import { useSim } from "./simStore";

/**
 * Lenses show a few kinds of trace events that the event log's window scrolls
 * past quickly (records produced and consumed crowd it): this keeps the
 * newest of each kind, collected as frames are published.
 */
export const NOTABLE_TYPES = [
  "zk.watch.fired",
  "log.truncated",
  "group.state",
  "group.rebalanced",
  "isr.changed",
] as const;
export type NotableType = (typeof NOTABLE_TYPES)[number];
export type NotableEvent<T extends NotableType> = Extract<SimEvent, { type: T }>;

const KEEP = 40;
let buffers = new Map<NotableType, SimEvent[]>();
let lastTrace: readonly SimEvent[] = [];
let lastNow = 0;
let version = 0;
const listeners = new Set<() => void>();

function take(events: readonly SimEvent[]): void {
  let changed = false;
  for (const e of events) {
    if (!(NOTABLE_TYPES as readonly string[]).includes(e.type)) continue;
    const type = e.type as NotableType;
    const list = [...(buffers.get(type) ?? []), e].slice(-KEEP);
    buffers.set(type, list);
    changed = true;
  }
  if (changed) version++;
}

function onPublish(): void {
  const { trace, snapshot } = useSim.getState();
  if (trace === lastTrace) return;
  if (snapshot.now < lastNow) {
    buffers = new Map();
    lastTrace = [];
    version++;
  }
  lastNow = snapshot.now;
  // New events are those after the newest one we saw (the window slides, so look it up by identity).
  const last = lastTrace[lastTrace.length - 1];
  const at = last === undefined ? -1 : trace.lastIndexOf(last);
  // Not found: more events arrived in one frame than the window holds; take those after its time.
  take(at >= 0 ? trace.slice(at + 1) : last === undefined ? trace : trace.filter((e) => e.t > last.t));
  lastTrace = trace;
  for (const l of listeners) l();
}

let subscribed = false;
/** Start collecting now (the app calls this at start, so lenses opened later still see earlier events). */
export function startCollectingNotable(): void {
  ensureSubscribed();
}

function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  onPublish();
  useSim.subscribe((s, prev) => {
    if (s.trace !== prev.trace || s.snapshot.now < prev.snapshot.now) onPublish();
  });
}

function subscribe(listener: () => void): () => void {
  ensureSubscribed();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const EMPTY: SimEvent[] = [];

/** The newest events of one kind, oldest first. */
export function useNotable<T extends NotableType>(type: T): readonly NotableEvent<T>[] {
  ensureSubscribed();
  useSyncExternalStore(subscribe, () => version);
  return (buffers.get(type) ?? EMPTY) as NotableEvent<T>[];
}
