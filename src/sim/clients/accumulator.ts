import type { ProduceRecord } from "../broker/produce";
import { nextUint32, type RngState } from "../core/rng";
import { murmur2, toPositive, utf8 } from "./partitioner";

/** murmur2 of a key, memoized: applications reuse a small set of keys, and hashing is pure. */
const keyHashes = new Map<string, number>();
function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) {
    h = murmur2(utf8(key));
    if (keyHashes.size < 50_000) keyHashes.set(key, h);
  }
  return h;
}

/**
 * The producer's RecordAccumulator and partitioner choice, as plain data and
 * pure functions: which partition a record goes to, which batch it joins, and
 * which batches are ready to send.
 *
 * Kafka sizes batches in bytes; the simulator counts every record as
 * RECORD_BYTES, so batch.size 16384 holds 163 records.
 */
export const RECORD_BYTES = 100;

export interface ProducerBatch {
  id: number;
  partition: number;
  records: ProduceRecord[];
  createdAt: number;
  /** When the last attempt was sent (createdAt before the first). */
  lastAttemptAt: number;
  attempts: number;
  /** Idempotence: assigned when first sent, kept on every retry. */
  producerId: number | null;
  baseSequence: number | null;
  /** Drained at least once: no more appends (MemoryRecordsBuilder closed). */
  closed: boolean;
  inFlight: { correlationId: number; broker: number; sentAt: number } | null;
}

/** KIP-794's per-topic sticky state (BuiltInPartitioner.StickyPartitionInfo). */
export interface StickyPartitionInfo {
  partition: number;
  producedBytes: number;
}

export interface AccumulatorState {
  /** partition → its batch deque, oldest first. The head may be in flight. */
  batches: Map<number, ProducerBatch[]>;
  nextBatchId: number;
  sticky: StickyPartitionInfo | null;
  /** RoundRobinPartitioner's counter. */
  roundRobin: number;
}

export function createAccumulator(): AccumulatorState {
  return { batches: new Map(), nextBatchId: 1, sticky: null, roundRobin: 0 };
}

export function recordsPerBatch(batchSize: number): number {
  // A batch always takes at least one record, however large (ProducerBatch.tryAppend on an empty batch).
  return Math.max(1, Math.floor(batchSize / RECORD_BYTES));
}

/** ProducerBatch.isFull: the builder has reached batch.size bytes, or the batch is closed. */
export function isFull(batch: ProducerBatch, batchSize: number): boolean {
  return batch.closed || batch.records.length * RECORD_BYTES >= batchSize;
}

/** RecordAccumulator.allBatchesFull: only the last batch may be incomplete, so check it. */
function allBatchesFull(deque: ProducerBatch[] | undefined, batchSize: number): boolean {
  const last = deque?.[deque.length - 1];
  return last === undefined || isFull(last, batchSize);
}

export type PartitionChoice = "explicit" | "key" | "sticky" | "round-robin";

export interface Placement {
  partition: number;
  how: PartitionChoice;
  /** murmur2 of the key's UTF-8 bytes (signed, as Java returns it), for keyed records. */
  hash: number | null;
}

/**
 * KafkaProducer.partition: an explicit partition wins; a key maps through
 * murmur2 over all partitions; a null key goes to the round-robin partitioner
 * if configured, or returns -1 so the accumulator uses the built-in sticky
 * partitioner (KIP-794).
 */
export function choosePartition(
  acc: AccumulatorState,
  rng: RngState,
  key: string | null,
  explicit: number | undefined,
  partitioner: "sticky" | "round-robin",
  all: number,
  available: number[],
): Placement {
  if (explicit !== undefined) return { partition: explicit, how: "explicit", hash: null };
  if (key !== null) {
    const hash = keyHash(key);
    // partitionForKey(key, all), from the memoized hash.
    return { partition: toPositive(hash) % all, how: "key", hash };
  }
  if (partitioner === "round-robin") {
    // RoundRobinPartitioner.partition: the counter modulo the available partitions, else all.
    const next = acc.roundRobin;
    acc.roundRobin = (acc.roundRobin + 1) | 0;
    const partition = available.length > 0 ? available[toPositive(next) % available.length] : toPositive(next) % all;
    return { partition, how: "round-robin", hash: null };
  }
  if (acc.sticky === null) acc.sticky = { partition: nextStickyPartition(acc, rng, all, available), producedBytes: 0 };
  return { partition: acc.sticky.partition, how: "sticky", hash: null };
}

/**
 * BuiltInPartitioner.nextPartition: a uniformly random available partition,
 * or, with adaptive partitioning (partitioner.adaptive.partitioning.enable,
 * on by default), one weighted towards shorter queues.
 */
function nextStickyPartition(acc: AccumulatorState, rng: RngState, all: number, available: number[]): number {
  const random = toPositive(nextUint32(rng) | 0);
  const cft = loadStats(acc, available, all);
  if (cft === null) {
    return available.length > 0 ? available[random % available.length] : random % all;
  }
  const weighted = random % cft.table[cft.table.length - 1];
  // The first entry strictly greater than the weighted random number.
  let i = 0;
  while (cft.table[i] <= weighted) i++;
  return cft.ids[i];
}

/**
 * BuiltInPartitioner.updatePartitionLoadStats: a cumulative frequency table
 * from the inverted queue sizes of partitions with a leader; null (uniform)
 * when there are fewer than two partitions or all queues are equal.
 */
function loadStats(acc: AccumulatorState, available: number[], all: number): { table: number[]; ids: number[] } | null {
  if (available.length < 1 || all < 2) return null;
  const sizes = available.map((p) => acc.batches.get(p)?.length ?? 0);
  let max = sizes[0];
  let allEqual = true;
  for (const s of sizes) {
    if (s !== sizes[0]) allEqual = false;
    if (s > max) max = s;
  }
  if (allEqual && available.length === all) return null;
  const table: number[] = [];
  let sum = 0;
  for (const s of sizes) {
    sum += max + 1 - s;
    table.push(sum);
  }
  return { table, ids: [...available] };
}

/**
 * RecordAccumulator.append: join the partition's last open batch if it has
 * room, else start a new one. Returns the batch and whether it is new (the
 * caller arms the linger timer). For sticky records, BuiltInPartitioner
 * .updatePartitionInfo then counts the bytes and may switch partition.
 */
export function append(
  acc: AccumulatorState,
  rng: RngState,
  record: ProduceRecord,
  placement: Placement,
  now: number,
  batchSize: number,
  all: number,
  available: number[],
): { batch: ProducerBatch; created: boolean } {
  let deque = acc.batches.get(placement.partition);
  if (deque === undefined) acc.batches.set(placement.partition, (deque = []));
  let batch = deque[deque.length - 1];
  let created = false;
  // ProducerBatch.tryAppend / hasRoomFor: the record must fit in batch.size (the first always fits).
  if (batch === undefined || batch.closed || (batch.records.length + 1) * RECORD_BYTES > batchSize) {
    batch = {
      id: acc.nextBatchId++,
      partition: placement.partition,
      records: [],
      createdAt: now,
      lastAttemptAt: now,
      attempts: 0,
      producerId: null,
      baseSequence: null,
      closed: false,
      inFlight: null,
    };
    deque.push(batch);
    created = true;
  }
  batch.records.push(record);
  if (placement.how === "sticky" && acc.sticky !== null) {
    const produced = (acc.sticky.producedBytes += RECORD_BYTES);
    // Switch after batch.size bytes if every batch is full, and after 2 × batch.size regardless.
    const enableSwitch = allBatchesFull(deque, batchSize);
    if ((produced >= batchSize && enableSwitch) || produced >= batchSize * 2) {
      acc.sticky = { partition: nextStickyPartition(acc, rng, all, available), producedBytes: 0 };
    }
  }
  return { batch, created };
}

/**
 * RecordAccumulator.ready for one partition's head batch: sendable when a
 * later batch exists or it is full, when it has lingered linger.ms, or (a
 * retry) when retry.backoff.ms has passed since its last attempt. Returns the
 * time it becomes sendable (≤ now means now), or null if it is in flight.
 */
export function readyAt(
  deque: ProducerBatch[],
  lingerMs: number,
  retryBackoffMs: number,
  batchSize: number,
): number | null {
  const head = deque[0];
  if (head === undefined || head.inFlight !== null) return null;
  if (head.attempts > 0) return head.lastAttemptAt + retryBackoffMs;
  if (deque.length > 1 || isFull(head, batchSize)) return head.createdAt;
  return head.createdAt + lingerMs;
}

/** Records waiting in the accumulator (not yet acknowledged or failed). */
export function queuedRecords(acc: AccumulatorState): number {
  let n = 0;
  for (const deque of acc.batches.values()) for (const b of deque) n += b.records.length;
  return n;
}

/** A key pattern split once: literal text between "{n}" / "{n % m}" placeholders (mod -1: none). */
interface KeyPattern {
  parts: string[];
  mods: number[];
  /** Keys already built, when every placeholder has a modulus: a key repeats, so each is built once. */
  cache: string[] | null;
  cycle: number;
}

const keyPatterns = new Map<string, KeyPattern>();

function parsePattern(pattern: string): KeyPattern {
  const parts: string[] = [];
  const mods: number[] = [];
  const re = /\{\s*n\s*(?:%\s*(\d+)\s*)?\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    parts.push(pattern.slice(last, m.index));
    mods.push(m[1] === undefined ? -1 : Number(m[1]));
    last = m.index + m[0].length;
  }
  parts.push(pattern.slice(last));
  // Keys repeat with the least common multiple of the moduli; cache them when that is small.
  let cycle = 1;
  for (const mod of mods) cycle = mod <= 0 || cycle > 100_000 ? Number.POSITIVE_INFINITY : lcm(cycle, mod);
  return { parts, mods, cache: cycle <= 100_000 ? [] : null, cycle };
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** Expand a key pattern such as "user-{n % 10}" or "order-{n}" for the n-th record. Memoized per pattern. */
export function keyFor(keys: string[] | undefined, pattern: string | undefined, n: number): string | null {
  if (keys !== undefined && keys.length > 0) return keys[n % keys.length];
  if (pattern === undefined) return null;
  let p = keyPatterns.get(pattern);
  if (p === undefined) keyPatterns.set(pattern, (p = parsePattern(pattern)));
  const slot = p.cache === null ? -1 : n % p.cycle;
  if (slot >= 0 && p.cache![slot] !== undefined) return p.cache![slot];
  let key = p.parts[0];
  for (let i = 0; i < p.mods.length; i++) key += String(p.mods[i] < 0 ? n : n % p.mods[i]) + p.parts[i + 1];
  if (slot >= 0) p.cache![slot] = key;
  return key;
}
