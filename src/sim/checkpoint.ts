import type { BrokerNode, World } from "./world";

/**
 * Checkpoints for time travel, cheap enough to take often.
 *
 * Most of a busy world's memory is in arrays that only grow at the end: log
 * records, the trace window, the recently settled messages, the monitor's
 * acknowledged records. The engine never edits them in place: a truncation,
 * retention or a trimmed window puts a new array in place of the old one. So a
 * checkpoint keeps a reference to each of them and its length at that moment,
 * and restoring it copies that prefix. Everything else is structuredClone'd.
 */
export interface Frozen {
  /** Never run: only thawed. Its growing arrays are shared with the world it was taken from. */
  world: World;
  /** The length of each growing array when frozen, in `growingArrays` order. */
  lengths: number[];
}

interface Slot {
  get(): unknown[];
  set(a: unknown[]): void;
  /** Leading items no longer in use (a log's records below its log start offset), dropped on restore. */
  dead?(): number;
  dropDead?(n: number): void;
}

/** The append-only arrays of a world, in a fixed order (Map order survives structuredClone). */
function growingArrays(w: World): Slot[] {
  const slots: Slot[] = [
    { get: () => w.trace.events, set: (a) => void (w.trace.events = a as typeof w.trace.events) },
    { get: () => w.net.recent, set: (a) => void (w.net.recent = a as typeof w.net.recent) },
  ];
  for (const win of w.monitor.acked.values()) {
    slots.push({ get: () => win.records, set: (a) => void (win.records = a as typeof win.records) });
    slots.push({ get: () => win.acks, set: (a) => void (win.acks = a as typeof win.acks) });
  }
  for (const node of w.nodes.values()) {
    if (node.kind !== "broker") continue;
    for (const log of (node as BrokerNode).durable.logs.values())
      slots.push({
        get: () => log.records,
        set: (a) => void (log.records = a as typeof log.records),
        dead: () => log.logStartOffset - log.recordsBase,
        dropDead: (n) => void (log.recordsBase += n),
      });
  }
  return slots;
}

/** Copy `w`, sharing its growing arrays (`lengths` null) or copying their first `lengths[i]` items. */
function copyWorld(w: World, lengths: readonly number[] | null): Frozen {
  const slots = growingArrays(w);
  const arrays = slots.map((s) => s.get());
  for (const s of slots) s.set([]);
  let copy: World;
  try {
    copy = structuredClone(w);
  } finally {
    for (let i = 0; i < slots.length; i++) slots[i].set(arrays[i]);
  }
  const copied = growingArrays(copy);
  for (let i = 0; i < copied.length; i++) {
    const slot = copied[i];
    if (lengths === null) {
      slot.set(arrays[i]);
    } else {
      const dead = slot.dead?.() ?? 0;
      slot.set(arrays[i].slice(dead, lengths[i]));
      slot.dropDead?.(dead);
    }
  }
  return { world: copy, lengths: lengths === null ? arrays.map((a) => a.length) : [...lengths] };
}

/** A checkpoint of `w`; `w` may run on. */
export function freeze(w: World): Frozen {
  return copyWorld(w, null);
}

/** A runnable world, exactly as it was when `f` was frozen. `f` stays usable. */
export function thaw(f: Frozen): World {
  return copyWorld(f.world, f.lengths).world;
}
