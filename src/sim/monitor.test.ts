import { describe, expect, it } from "vitest";
import { append, createLog } from "./broker/log";
import type { LogRecord } from "./broker/types";
import {
  onAcked,
  onBecameLeader,
  onControllerEpoch,
  onDelivered,
  onTruncated,
  onUncleanElection,
  wasDelivered,
} from "./monitor";
import { Simulation } from "./simulation";
import { eventsOf, testCluster } from "./testing/helpers";

/** A fresh world to feed the monitor by hand; nothing runs. */
function world() {
  const sim = Simulation.create(testCluster(), 1);
  return { sim, w: sim.world };
}

const rec = (offset: number, id = `r${offset}`): LogRecord => ({
  offset,
  leaderEpoch: 0,
  n: -1,
  id,
  key: null,
  value: "",
  producer: "p",
  timestamp: 0,
});

function logWith(...offsets: number[]) {
  const log = createLog("orders", 0, 0);
  for (const o of offsets) append(log, rec(o), 1000, 0);
  return log;
}

describe("invariant monitor", () => {
  it("flags two leaders in one leader epoch", () => {
    const { sim, w } = world();
    onBecameLeader(w, 1, "orders-0", 3, [1, 2], logWith());
    onBecameLeader(w, 1, "orders-0", 3, [1, 2], logWith());
    expect(w.monitor.violations).toBe(0);
    onBecameLeader(w, 2, "orders-0", 3, [1, 2], logWith());
    expect(w.monitor.violations).toBe(1);
    expect(eventsOf(sim, "invariant.violated")[0].rule).toBe("one leader per leader epoch");
  });

  it("flags a leader that is not in its ISR", () => {
    const { sim, w } = world();
    onBecameLeader(w, 3, "orders-0", 1, [1, 2], logWith());
    expect(eventsOf(sim, "invariant.violated").map((e) => e.rule)).toEqual(["leader is in the ISR"]);
  });

  it("flags a controller epoch that goes backwards", () => {
    const { w } = world();
    onControllerEpoch(w, 1);
    onControllerEpoch(w, 2);
    expect(w.monitor.violations).toBe(0);
    onControllerEpoch(w, 1);
    expect(w.monitor.violations).toBe(1);
  });

  it("flags an acks=all record missing from a new leader's log when no unclean election happened", () => {
    const { sim, w } = world();
    onAcked(w, "orders-0", [rec(0), rec(1), rec(2)], "all");
    onBecameLeader(w, 2, "orders-0", 1, [2], logWith(0, 1));
    expect(w.monitor.violations).toBe(1);
    expect(eventsOf(sim, "data.loss")).toEqual([
      expect.objectContaining({ topic: "orders", partition: 0, offsets: [2], cause: "unexplained" }),
    ]);
  });

  it("reports loss after an unclean election as data.loss naming the offsets, not as a violation", () => {
    const { sim, w } = world();
    onAcked(w, "orders-0", [rec(0), rec(1), rec(2)], "all");
    onUncleanElection(w, "orders-0");
    onBecameLeader(w, 2, "orders-0", 1, [2], logWith(0));
    expect(w.monitor.violations).toBe(0);
    expect(eventsOf(sim, "data.loss")).toEqual([
      expect.objectContaining({ offsets: [1, 2], cause: "unclean leader election" }),
    ]);
    // Reported once: the truncation that follows does not report it again.
    onTruncated(w, "orders-0", [rec(1), rec(2)]);
    expect(eventsOf(sim, "data.loss")).toHaveLength(1);
  });

  it("reports a truncated acks=1 record as data loss without a violation", () => {
    const { sim, w } = world();
    onAcked(w, "orders-0", [rec(5)], "1");
    onTruncated(w, "orders-0", [rec(5), rec(6)]);
    expect(w.monitor.violations).toBe(0);
    expect(eventsOf(sim, "data.loss")).toEqual([
      expect.objectContaining({ offsets: [5], cause: "acks=1 record not yet replicated" }),
    ]);
  });

  it("does not count records deleted by retention as lost", () => {
    const { sim, w } = world();
    onAcked(w, "orders-0", [rec(0), rec(1)], "all");
    const log = logWith(0, 1, 2);
    log.records = log.records.slice(2);
    log.recordsBase = 2;
    log.logStartOffset = 2;
    onBecameLeader(w, 1, "orders-0", 1, [1], log);
    expect(w.monitor.violations).toBe(0);
    expect(eventsOf(sim, "data.loss")).toEqual([]);
  });
});

describe("deliveries", () => {
  const numbered = (producer: string, n: number) => ({ id: `${producer}:${n}`, n, producer });

  it("counts a record given to a group twice, per group, by producer and number or by id", () => {
    const { w } = world();
    expect(onDelivered(w, "g", [numbered("p1", 0), numbered("p1", 1), numbered("p2", 0)])).toBe(0);
    // Re-delivered after a rewind, and a producer-retry copy of p2:0 at another offset: same records.
    expect(onDelivered(w, "g", [numbered("p1", 1), numbered("p1", 2), numbered("p2", 0)])).toBe(2);
    expect(onDelivered(w, "other", [numbered("p1", 1)])).toBe(0);
    expect(onDelivered(w, "g", [{ id: "test-1", n: -1, producer: "t" }])).toBe(0);
    expect(onDelivered(w, "g", [{ id: "test-1", n: -1, producer: "t" }])).toBe(1);
    const g = w.monitor.deliveries.get("g")!;
    expect(wasDelivered(g, numbered("p1", 2))).toBe(true);
    expect(wasDelivered(g, numbered("p1", 3))).toBe(false);
  });

  it("slides its window forward and forgets records far behind the newest", () => {
    const { w } = world();
    onDelivered(w, "g", [numbered("p", 5)]);
    onDelivered(w, "g", [numbered("p", 100_000)]);
    const g = w.monitor.deliveries.get("g")!;
    expect(wasDelivered(g, numbered("p", 5))).toBe(true);
    onDelivered(w, "g", [numbered("p", 1_000_000)]);
    expect(wasDelivered(g, numbered("p", 1_000_000))).toBe(true);
    expect(wasDelivered(g, numbered("p", 5))).toBe(false);
    // Still inside the window after the slide: kept.
    onDelivered(w, "g", [numbered("p", 999_000)]);
    onDelivered(w, "g", [numbered("p", 1_050_000)]);
    expect(wasDelivered(g, numbered("p", 999_000))).toBe(true);
    expect(onDelivered(w, "g", [numbered("p", 999_000)])).toBe(1);
  });
});
