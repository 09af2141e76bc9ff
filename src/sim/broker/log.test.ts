import { describe, expect, it } from "vitest";
import { awaitDeregistered, injectProduce, leaderAndController, replicaView } from "../testing/helpers";
import {
  append,
  applyRetention,
  assignEpoch,
  createLog,
  endOffsetForEpoch,
  logEndOffset,
  readRecords,
  recordAt,
  truncateTo,
} from "./log";
import type { LogRecord } from "./types";

const record = (offset: number, leaderEpoch: number, timestamp = 0): LogRecord => ({
  offset,
  leaderEpoch,
  n: -1,
  id: `r${offset}`,
  key: null,
  value: "",
  producer: "p",
  timestamp,
});

describe("the log", () => {
  it("gives records consecutive offsets and rolls a new segment every segment.records", () => {
    const log = createLog("t", 0, 0);
    for (let i = 0; i < 25; i++) append(log, record(i, 0), 10, 0);
    expect(logEndOffset(log)).toBe(25);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 10, 20]);
  });

  it("keeps a leader-epoch cache of the first offset of each epoch, and answers the end offset of an epoch", () => {
    const log = createLog("t", 0, 0);
    for (let i = 0; i < 3; i++) append(log, record(i, 0), 100, 0);
    for (let i = 3; i < 5; i++) append(log, record(i, 2), 100, 0);
    expect(log.epochCache).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ]);
    // LeaderEpochFileCache.endOffsetFor: the start of the next higher epoch, or the LEO for the latest.
    expect(endOffsetForEpoch(log, 0)).toEqual({ epoch: 0, startOffset: 3 });
    expect(endOffsetForEpoch(log, 1)).toEqual({ epoch: 0, startOffset: 3 });
    expect(endOffsetForEpoch(log, 2)).toEqual({ epoch: 2, startOffset: 5 });
  });

  it("answers an epoch older than every cached one with the start of the first cached epoch", () => {
    // A leader elected uncleanly knows only its own epoch: a follower asking about an older one
    // must truncate to where that epoch starts, not keep its divergent log.
    const log = createLog("t", 0, 0);
    assignEpoch(log, 3, 0);
    expect(endOffsetForEpoch(log, 1)).toEqual({ epoch: 1, startOffset: 0 });
  });

  it("truncation drops records, segments and epoch entries at or above the offset", () => {
    const log = createLog("t", 0, 0);
    for (let i = 0; i < 12; i++) append(log, record(i, i < 8 ? 0 : 1), 10, 0);
    const removed = truncateTo(log, 7);
    expect(removed.map((r) => r.offset)).toEqual([7, 8, 9, 10, 11]);
    expect(logEndOffset(log)).toBe(7);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0]);
    expect(log.epochCache).toEqual([{ epoch: 0, startOffset: 0 }]);
  });

  it("retention deletes whole old segments below the high watermark and advances the log start offset", () => {
    const log = createLog("t", 0, 0);
    for (let i = 0; i < 25; i++) append(log, record(i, 0, 1000), 10, 1000);
    // Too young: nothing goes.
    expect(applyRetention(log, 5000, 10_000, -1, 25)).toBe(false);
    // Old enough, but the HW is inside the second segment: only the first goes.
    expect(applyRetention(log, 20_000, 10_000, -1, 15)).toBe(true);
    expect(log.logStartOffset).toBe(10);
    // The active segment is never deleted.
    expect(applyRetention(log, 20_000, 10_000, -1, 25)).toBe(true);
    expect(log.logStartOffset).toBe(20);
    expect(readRecords(log, 0).map((r) => r.offset)).toEqual([20, 21, 22, 23, 24]);
    expect(recordAt(log, 19)).toBeUndefined();
    expect(log.segments.map((s) => s.baseOffset)).toEqual([20]);
  });

  it("retention by size deletes the oldest segments while the rest still exceeds the limit", () => {
    const log = createLog("t", 0, 0);
    for (let i = 0; i < 25; i++) append(log, record(i, 0), 10, 0);
    expect(applyRetention(log, 0, -1, 10, 25)).toBe(true);
    expect(log.logStartOffset).toBe(10);
    expect(logEndOffset(log) - log.logStartOffset).toBe(15);
  });
});

describe("retention in the cluster", () => {
  const retention = { "segment.records": 10, "retention.ms": 5000 };
  const checkEverySecond = { "log.retention.check.interval.ms": 1000 };

  it("deletes old segments on every replica and reports the new log start offset", () => {
    const { rec, sim, a, b, c } = leaderAndController(1, retention, checkEverySecond);
    const ids = Array.from({ length: 25 }, (_, i) => `ret${i}`);
    injectProduce(sim.world, a, { acks: -1, topic: "orders", partition: 0, ids });
    rec.runUntil(sim.now + 4000);
    for (const r of [a, b, c]) expect(replicaView(sim, r, "orders", 0).logStartOffset).toBe(0);
    rec.runUntil(sim.now + 4000);
    for (const r of [a, b, c])
      expect(replicaView(sim, r, "orders", 0)).toMatchObject({ logStartOffset: 20, logEndOffset: 25 });
    const deleted = rec.of("retention.deleted");
    expect(new Set(deleted.map((e) => e.broker))).toEqual(new Set([a, b, c]));
    expect(deleted.every((e) => e.logStartOffset === 20)).toBe(true);
    expect(sim.snapshot().monitor).toEqual({ violations: 0, dataLosses: 0 });
  });

  it("lets a follower that fell behind the leader's log start offset start over from it", () => {
    const { rec, sim, a, c } = leaderAndController(2, retention, checkEverySecond);
    rec.apply({ type: "crashBroker", broker: c });
    const ids = Array.from({ length: 25 }, (_, i) => `gone${i}`);
    injectProduce(sim.world, a, { acks: 1, topic: "orders", partition: 0, ids });
    rec.runUntil(sim.now + 9000);
    expect(replicaView(sim, a, "orders", 0).logStartOffset).toBe(20);
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 5000);
    // AbstractFetcherThread: OFFSET_OUT_OF_RANGE below the leader's log start → truncateFullyAndStartAt.
    expect(rec.of("log.truncated").filter((e) => e.broker === c)).toEqual([expect.objectContaining({ toOffset: 20 })]);
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ logStartOffset: 20, logEndOffset: 25, inIsr: true });
    expect(rec.of("data.loss")).toEqual([]);
  });
});
