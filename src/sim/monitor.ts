import { readRecords } from "./broker/log";
import type { LogRecord, PartitionLog } from "./broker/types";
import { emit } from "./core/engine";
import type { World } from "./world";

/**
 * The invariant monitor, in the spirit of Kafka's TLA+ replication model:
 * one leader per (partition, leader epoch); the leader in its ISR; HW ≤ LEO;
 * epochs never decrease; an acks=all record is never lost unless an unclean
 * election happened, and any loss is reported with its offsets.
 */
export interface MonitorState {
  /** tp → leader epoch → the broker that led in it. */
  leaders: Map<string, Map<number, number>>;
  controllerEpoch: number;
  /** tp → the records acknowledged to producers, oldest first (a window). */
  acked: Map<string, AckedWindow>;
  /** Partitions that have had an unclean leader election. */
  unclean: Set<string>;
  /** Record ids already reported lost, so one loss is reported once. */
  lost: Set<string>;
  violations: number;
  dataLosses: number;
  /** Consumer group (or standalone consumer) → ids of records delivered to it, to count re-deliveries. */
  deliveries: Map<string, DeliveredIds>;
}

/**
 * Ids of records delivered to one group, a window in generations: `current`
 * fills up, then joins `older`, which is never changed in place (a new array
 * replaces it), so a checkpoint shares the older generations and copies only
 * the current one.
 */
export interface DeliveredIds {
  current: Set<string>;
  older: readonly Set<string>[];
}

/**
 * Acknowledged records of one partition and the acks each was acknowledged
 * with, in two parallel append-only arrays: references to the log's own
 * (immutable) records, so a checkpoint copies pointers, not records.
 */
export interface AckedWindow {
  records: LogRecord[];
  acks: ("all" | "1")[];
}

interface Acked {
  offset: number;
  /** The leader epoch of the acknowledged copy: a retried record can exist twice, once unacknowledged. */
  leaderEpoch: number;
  acks: "all" | "1";
}

/** The monitor remembers at least this many acknowledged records per partition; a long run stays bounded. */
const ACKED_WINDOW = 5000;

/** The latest acknowledgement of each record id in the window (a retried record is acknowledged once more). */
function ackedById(window: AckedWindow): Map<string, Acked> {
  const byId = new Map<string, Acked>();
  window.records.forEach((r, i) =>
    byId.set(r.id, { offset: r.offset, leaderEpoch: r.leaderEpoch, acks: window.acks[i] }),
  );
  return byId;
}

export function createMonitor(): MonitorState {
  return {
    leaders: new Map(),
    controllerEpoch: 0,
    acked: new Map(),
    unclean: new Set(),
    lost: new Set(),
    violations: 0,
    dataLosses: 0,
    deliveries: new Map(),
  };
}

export function violation(w: World, rule: string, detail: string): void {
  w.monitor.violations++;
  emit(w, { t: w.now, type: "invariant.violated", rule, detail });
}

export function onControllerEpoch(w: World, epoch: number): void {
  if (epoch < w.monitor.controllerEpoch)
    violation(w, "controller epochs never decrease", `epoch ${epoch} after ${w.monitor.controllerEpoch}`);
  w.monitor.controllerEpoch = Math.max(epoch, w.monitor.controllerEpoch);
}

/** A broker took leadership of tp in `epoch`: check it is the only one, and that it lost nothing acked. */
export function onBecameLeader(
  w: World,
  broker: number,
  tp: string,
  epoch: number,
  isr: number[],
  log: PartitionLog,
): void {
  const m = w.monitor;
  let byEpoch = m.leaders.get(tp);
  if (byEpoch === undefined) m.leaders.set(tp, (byEpoch = new Map()));
  const other = byEpoch.get(epoch);
  if (other !== undefined && other !== broker)
    violation(w, "one leader per leader epoch", `${tp} epoch ${epoch}: brokers ${other} and ${broker}`);
  byEpoch.set(epoch, broker);
  if (byEpoch.size > 64) byEpoch.delete(byEpoch.keys().next().value as number);
  if (!isr.includes(broker))
    violation(w, "leader is in the ISR", `${tp} epoch ${epoch}: leader ${broker}, ISR [${isr.join(", ")}]`);
  const window = m.acked.get(tp);
  if (window === undefined) return;
  const acked = ackedById(window);
  const present = new Set<string>();
  for (const r of readRecords(log, log.logStartOffset)) present.add(r.id);
  const missing: Lost[] = [];
  for (const [id, a] of acked) {
    // A record below the log start offset was deleted by retention, not lost.
    if (!present.has(id) && !m.lost.has(id) && a.offset >= log.logStartOffset) missing.push({ id, ...a });
  }
  if (missing.length > 0) reportLoss(w, tp, missing, "missing from the new leader's log");
}

export function onUncleanElection(w: World, tp: string): void {
  w.monitor.unclean.add(tp);
}

export function onAcked(w: World, tp: string, records: LogRecord[], acks: "all" | "1"): void {
  let window = w.monitor.acked.get(tp);
  if (window === undefined) w.monitor.acked.set(tp, (window = { records: [], acks: [] }));
  for (const r of records) {
    window.records.push(r);
    window.acks.push(acks);
  }
  // Forget the oldest in bulk, into new arrays: a checkpoint may share the old ones.
  if (window.records.length > 2 * ACKED_WINDOW) {
    window.records = window.records.slice(-ACKED_WINDOW);
    window.acks = window.acks.slice(-ACKED_WINDOW);
  }
}

/** Truncated records that had been acknowledged are lost. */
export function onTruncated(w: World, tp: string, removed: LogRecord[]): void {
  const window = w.monitor.acked.get(tp);
  if (window === undefined) return;
  const acked = ackedById(window);
  const lost: Lost[] = [];
  for (const r of removed) {
    const a = acked.get(r.id);
    // Only the acknowledged copy counts: a stale, never-acknowledged copy of a retried record
    // (same id, written in an earlier epoch) is truncated without losing anything.
    const same = a !== undefined && a.offset === r.offset && a.leaderEpoch === r.leaderEpoch;
    if (same && !w.monitor.lost.has(r.id)) lost.push({ id: r.id, ...a });
  }
  if (lost.length > 0) reportLoss(w, tp, lost, "truncated");
}

type Lost = Acked & { id: string };

function reportLoss(w: World, tp: string, lost: Lost[], how: string): void {
  const m = w.monitor;
  const [topic, partition] = splitTp(tp);
  for (const l of lost) m.lost.add(l.id);
  const offsets = lost.map((l) => l.offset).sort((a, b) => a - b);
  const all = lost.filter((l) => l.acks === "all");
  if (all.length > 0 && !m.unclean.has(tp)) {
    violation(
      w,
      "acknowledged acks=all records are never lost without an unclean election",
      `${tp}: ${all.map((l) => l.id).join(", ")} ${how}`,
    );
  }
  m.dataLosses++;
  const cause = m.unclean.has(tp)
    ? "unclean leader election"
    : all.length > 0
      ? "unexplained"
      : "acks=1 record not yet replicated";
  emit(w, { t: w.now, type: "data.loss", topic, partition, offsets, cause });
}

export function splitTp(tp: string): [string, number] {
  const i = tp.lastIndexOf("-");
  return [tp.slice(0, i), Number(tp.slice(i + 1))];
}

/** Delivered ids are remembered in generations of this many, at least DELIVERY_GENERATIONS of them. */
const DELIVERY_GENERATION = 15_000;
const DELIVERY_GENERATIONS = 2;

export function wasDelivered(ids: DeliveredIds, id: string): boolean {
  if (ids.current.has(id)) return true;
  for (const older of ids.older) if (older.has(id)) return true;
  return false;
}

/**
 * Records handed to a consumer application of `group`; returns how many the
 * group had already been given (a re-delivery: processed, not committed, and
 * read again after a crash or rebalance, or written twice by a producer retry).
 */
export function onDelivered(w: World, group: string, ids: readonly string[]): number {
  let seen = w.monitor.deliveries.get(group);
  if (seen === undefined) w.monitor.deliveries.set(group, (seen = { current: new Set(), older: [] }));
  let duplicates = 0;
  for (const id of ids) {
    if (wasDelivered(seen, id)) duplicates++;
    else seen.current.add(id);
  }
  if (seen.current.size >= DELIVERY_GENERATION) {
    seen.older = [...seen.older.slice(1 - DELIVERY_GENERATIONS), seen.current];
    seen.current = new Set();
  }
  return duplicates;
}
