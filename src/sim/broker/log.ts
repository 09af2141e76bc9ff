import type { EpochEntry, LogRecord, PartitionLog } from "./types";

/**
 * The append-only log of one replica: offsets, segments, the leader-epoch cache.
 * `records` only ever grows in place; removing records (truncation, retention)
 * puts a new array in its place, so a checkpoint can share the old one. Records
 * retention deleted stay at the front of the array until they outnumber the
 * live ones, so the array is replaced rarely.
 */
export function createLog(topic: string, partition: number, now: number): PartitionLog {
  return {
    topic,
    partition,
    records: [],
    recordsBase: 0,
    logStartOffset: 0,
    segments: [{ baseOffset: 0, createdAt: now }],
    epochCache: [],
    highWatermarkCheckpoint: 0,
    producerState: new Map(),
  };
}

export function logEndOffset(log: PartitionLog): number {
  return log.recordsBase + log.records.length;
}

export function recordAt(log: PartitionLog, offset: number): LogRecord | undefined {
  return offset < log.logStartOffset ? undefined : log.records[offset - log.recordsBase];
}

/** The records at offsets [from, to), clamped to the log. A new array. */
export function readRecords(log: PartitionLog, from: number, to = logEndOffset(log)): LogRecord[] {
  const start = Math.max(from, log.logStartOffset) - log.recordsBase;
  return log.records.slice(start, Math.max(start, to - log.recordsBase));
}

export function latestEpoch(log: PartitionLog): number {
  return log.epochCache.length === 0 ? -1 : log.epochCache[log.epochCache.length - 1].epoch;
}

/** Record that `epoch` starts at `startOffset`, dropping entries it supersedes. */
export function assignEpoch(log: PartitionLog, epoch: number, startOffset: number): void {
  const cache = log.epochCache;
  if (cache.length > 0 && cache[cache.length - 1].epoch >= epoch) return;
  while (cache.length > 0 && cache[cache.length - 1].startOffset >= startOffset) cache.pop();
  cache.push({ epoch, startOffset });
}

/**
 * The end offset of `epoch` as this log knows it (LeaderEpochFileCache.endOffsetFor):
 * the start of the next higher epoch, or the log end offset for the latest one.
 * Returns the largest epoch ≤ the requested one, as KIP-279 requires.
 */
export function endOffsetForEpoch(log: PartitionLog, epoch: number): EpochEntry {
  const cache = log.epochCache;
  if (cache.length === 0 || epoch < 0) return { epoch: -1, startOffset: -1 };
  // Older than every known epoch: the start of the first one (LeaderEpochFileCache.endOffsetFor, floorEntry == null).
  if (epoch < cache[0].epoch) return { epoch, startOffset: cache[0].startOffset };
  if (epoch >= cache[cache.length - 1].epoch)
    return { epoch: cache[cache.length - 1].epoch, startOffset: logEndOffset(log) };
  let i = cache.length - 1;
  while (cache[i].epoch > epoch) i--;
  return { epoch: cache[i].epoch, startOffset: cache[i + 1].startOffset };
}

export function append(log: PartitionLog, record: LogRecord, segmentRecords: number, now: number): void {
  assignEpoch(log, record.leaderEpoch, record.offset);
  log.records.push(record);
  if (record.producerId !== undefined && record.sequence !== undefined) {
    const state = log.producerState.get(record.producerId);
    if (state === undefined)
      log.producerState.set(record.producerId, { lastSequence: record.sequence, lastOffset: record.offset });
    else {
      state.lastSequence = record.sequence;
      state.lastOffset = record.offset;
    }
  }
  const active = log.segments[log.segments.length - 1];
  if (record.offset + 1 - active.baseOffset >= segmentRecords) {
    log.segments.push({ baseOffset: record.offset + 1, createdAt: now });
  }
}

/** Remove everything at or above `offset`; returns the removed records. */
export function truncateTo(log: PartitionLog, offset: number): LogRecord[] {
  const keep = Math.max(log.logStartOffset, offset) - log.recordsBase;
  if (keep >= log.records.length) return [];
  const removed = log.records.slice(keep);
  log.records = log.records.slice(0, keep);
  while (log.segments.length > 1 && log.segments[log.segments.length - 1].baseOffset > offset) log.segments.pop();
  while (log.epochCache.length > 0 && log.epochCache[log.epochCache.length - 1].startOffset >= offset)
    log.epochCache.pop();
  if (log.highWatermarkCheckpoint > offset) log.highWatermarkCheckpoint = offset;
  return removed;
}

/** Empty the log and restart it at `offset` (UnifiedLog.truncateFullyAndStartAt); returns the removed records. */
export function truncateFullyAndStartAt(log: PartitionLog, offset: number, now: number): LogRecord[] {
  const removed = readRecords(log, log.logStartOffset);
  log.records = [];
  log.recordsBase = offset;
  log.logStartOffset = offset;
  log.segments = [{ baseOffset: offset, createdAt: now }];
  log.epochCache = [];
  log.highWatermarkCheckpoint = offset;
  return removed;
}

/**
 * Retention (Log.deleteOldSegments): delete whole segments, oldest first, that
 * are entirely below the high watermark and older than retention.ms or beyond
 * retention.bytes (counted here in records). The active segment stays.
 */
export function applyRetention(
  log: PartitionLog,
  now: number,
  retentionMs: number,
  retentionRecords: number,
  highWatermark: number,
): boolean {
  const leo = logEndOffset(log);
  let first = log.logStartOffset;
  let drop = 0;
  while (log.segments.length > drop + 1) {
    const next = log.segments[drop + 1].baseOffset;
    const lastTimestamp = recordAt(log, next - 1)?.timestamp ?? now;
    const tooOld = retentionMs >= 0 && now - lastTimestamp > retentionMs;
    const tooBig = retentionRecords >= 0 && leo - next >= retentionRecords;
    if (next > highWatermark || !(tooOld || tooBig)) break;
    first = next;
    drop++;
  }
  if (drop === 0) return false;
  log.logStartOffset = first;
  const dead = first - log.recordsBase;
  if (dead > log.records.length - dead) {
    log.records = log.records.slice(dead);
    log.recordsBase = first;
  }
  log.segments = log.segments.slice(drop);
  return true;
}
