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
  deliveries: Map<string, DeliveredRecords>;
}

/**
 * Which records one group (or standalone consumer) was given. A producer's
 * records are numbered, so they are remembered as a sliding window of bits per
 * producer: fast to test, and a typed array a checkpoint copies in one go.
 * Records written by tests or tools (no number) are remembered by id.
 */
export interface DeliveredRecords {
  byProducer: Map<string, { base: number; bits: Uint8Array }>;
  others: Set<string>;
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
function ackedById(win: AckedWindow): Map<string, Acked> {
  const byId = new Map<string, Acked>();
  for (let i = 0; i < win.records.length; i++) {
    const r = win.records[i];
    byId.set(r.id, { offset: r.offset, leaderEpoch: r.leaderEpoch, acks: win.acks[i] });
  }
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
  const win = m.acked.get(tp);
  if (win === undefined) return;
  const acked = ackedById(win);
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
  let win = w.monitor.acked.get(tp);
  if (win === undefined) w.monitor.acked.set(tp, (win = { records: [], acks: [] }));
  for (const r of records) {
    win.records.push(r);
    win.acks.push(acks);
  }
  // Forget the oldest in bulk, into new arrays: a checkpoint may share the old ones.
  if (win.records.length > 2 * ACKED_WINDOW) {
    win.records = win.records.slice(-ACKED_WINDOW);
    win.acks = win.acks.slice(-ACKED_WINDOW);
  }
}

/** Truncated records that had been acknowledged are lost. */
export function onTruncated(w: World, tp: string, removed: LogRecord[]): void {
  const win = w.monitor.acked.get(tp);
  if (win === undefined) return;
  const acked = ackedById(win);
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

/** How many record numbers per producer a group's delivery window spans (131,072: minutes of a busy producer). */
const DELIVERY_WINDOW_BITS = 1 << 17;

type Numbered = Pick<LogRecord, "id" | "n" | "producer">;

/** Was `r` delivered to this group? Records older than the window are forgotten (reported as not delivered). */
export function wasDelivered(d: DeliveredRecords, r: Numbered): boolean {
  if (r.n < 0) return d.others.has(r.id);
  const win = d.byProducer.get(r.producer);
  const i = win === undefined ? -1 : r.n - win.base;
  return win !== undefined && i >= 0 && i < DELIVERY_WINDOW_BITS && (win.bits[i >> 3] & (1 << (i & 7))) !== 0;
}

/** Mark `r` delivered; returns whether it already was. */
function markDelivered(d: DeliveredRecords, r: Numbered): boolean {
  if (r.n < 0) {
    if (d.others.has(r.id)) return true;
    d.others.add(r.id);
    // Bounded like the windows: forget the oldest half in bulk.
    if (d.others.size > DELIVERY_WINDOW_BITS) d.others = new Set([...d.others].slice(DELIVERY_WINDOW_BITS / 2));
    return false;
  }
  let win = d.byProducer.get(r.producer);
  if (win === undefined) {
    win = { base: r.n & ~7, bits: new Uint8Array(DELIVERY_WINDOW_BITS >> 3) };
    d.byProducer.set(r.producer, win);
  }
  let i = r.n - win.base;
  if (i < 0) return false;
  if (i >= DELIVERY_WINDOW_BITS) {
    // Slide forward: keep the newest half of the bits.
    const base = (r.n - DELIVERY_WINDOW_BITS / 2) & ~7;
    const bits = new Uint8Array(DELIVERY_WINDOW_BITS >> 3);
    const shift = (base - win.base) >> 3;
    if (shift < bits.length) bits.set(win.bits.subarray(shift));
    win.base = base;
    win.bits = bits;
    i = r.n - base;
  }
  const mask = 1 << (i & 7);
  if ((win.bits[i >> 3] & mask) !== 0) return true;
  win.bits[i >> 3] |= mask;
  return false;
}

/**
 * Records handed to a consumer application of `group`; returns how many the
 * group had already been given (a re-delivery: processed, not committed, and
 * read again after a crash or rebalance, or written twice by a producer retry).
 */
export function onDelivered(w: World, group: string, records: readonly Numbered[]): number {
  let d = w.monitor.deliveries.get(group);
  if (d === undefined) w.monitor.deliveries.set(group, (d = { byProducer: new Map(), others: new Set() }));
  let duplicates = 0;
  for (const r of records) if (markDelivered(d, r)) duplicates++;
  return duplicates;
}
