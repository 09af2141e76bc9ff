import fc from "fast-check";
import type { Action } from "../actions";
import type { LogRecord } from "../broker/types";
import type { ClusterConfigInput, ConsumerSpec } from "../config";
import type { SimEvent } from "../events";
import { type DeliveredRecords, wasDelivered } from "../monitor";
import { eventsSince } from "../scenario/tour";
import { Simulation } from "../simulation";

/**
 * Delivery properties of producers, consumers and groups over seeded random
 * runs with faults (broker and consumer crashes, stalls, isolation): each
 * group reads a partition in offset order, gets every acks=all record at
 * least once, and never has one partition owned by two members at once.
 * Used by the unit suite and by `npm run soak`.
 */
export type Strategy = "range" | "cooperative-sticky";

function cluster(strategy: Strategy, groupA: number): ClusterConfigInput {
  const consumer = (n: number, groupId: string): ConsumerSpec => ({
    id: `consumer-${n}`,
    topic: "orders",
    groupId,
    config: {
      "auto.offset.reset": "earliest",
      "session.timeout.ms": 6000,
      "auto.commit.interval.ms": 2000,
      "max.poll.interval.ms": 20000,
      "partition.assignment.strategy": [strategy],
    },
  });
  return {
    brokers: 3,
    broker: {
      "zookeeper.session.timeout.ms": 6000,
      "replica.lag.time.max.ms": 10000,
      "offsets.topic.num.partitions": 3,
      "group.initial.rebalance.delay.ms": 500,
    },
    topics: [{ name: "orders", partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 2 } }],
    producers: [
      {
        id: "producer-1",
        topic: "orders",
        rate: 10,
        count: 150,
        keyPattern: "user-{n % 12}",
        config: { acks: "all", "request.timeout.ms": 3000 },
      },
    ],
    consumers: [...Array.from({ length: groupA }, (_, i) => consumer(i + 1, "A")), consumer(groupA + 1, "B")],
  };
}

/** A fault and its undo, one at a time, so the cluster stays able to make progress. */
const faultArb = (consumers: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant("broker" as const), broker: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant("consumer" as const), consumer: fc.integer({ min: 1, max: consumers }) }),
    fc.record({ kind: fc.constant("stall" as const), consumer: fc.integer({ min: 1, max: consumers }) }),
    fc.record({ kind: fc.constant("isolate" as const), consumer: fc.integer({ min: 1, max: consumers }) }),
  );

type Fault = { kind: "broker"; broker: number } | { kind: "consumer" | "stall" | "isolate"; consumer: number };

function faultActions(f: Fault): [Action, Action | null] {
  switch (f.kind) {
    case "broker":
      return [
        { type: "crashBroker", broker: f.broker },
        { type: "startBroker", broker: f.broker },
      ];
    case "consumer":
      return [
        { type: "crashClient", node: `consumer-${f.consumer}` },
        { type: "restartClient", node: `consumer-${f.consumer}` },
      ];
    case "stall":
      return [{ type: "stallConsumer", consumer: `consumer-${f.consumer}`, ms: 25000 }, null];
    case "isolate":
      return [{ type: "isolate", node: `consumer-${f.consumer}`, from: "everyone" }, { type: "heal" }];
  }
}

interface Observed {
  orderViolations: string[];
  doubleOwnership: string[];
}

/** Run with the faults, watching every trace event as it happens (the trace window would drop old ones). */
export function run(
  strategy: Strategy,
  groupA: number,
  seed: number,
  faults: { at: number; fault: Fault }[],
): { sim: Simulation; seen: Observed } {
  const sim = Simulation.create(cluster(strategy, groupA), seed);
  const seen: Observed = { orderViolations: [], doubleOwnership: [] };
  const next = new Map<string, number>(); // consumer/partition → expected next offset
  const owner = new Map<string, string>(); // group/partition → consumer
  const groupOf = (consumer: string) => (Number(consumer.split("-")[1]) <= groupA ? "A" : "B");
  const observe = (e: SimEvent) => {
    if (e.type === "record.consumed") {
      const key = `${e.consumer}/${e.partition}`;
      const expected = next.get(key);
      if (expected !== undefined && e.offset !== expected)
        seen.orderViolations.push(`${key}: expected ${expected}, got ${e.offset} at ${e.t}`);
      next.set(key, e.offset + e.count);
    } else if (e.type === "consumer.assigned" || e.type === "consumer.revoked") {
      for (const p of e.partitions) {
        next.delete(`${e.consumer}/${Number(p.slice(p.lastIndexOf("-") + 1))}`);
        const key = `${groupOf(e.consumer)}/${p}`;
        if (e.type === "consumer.revoked") {
          if (owner.get(key) === e.consumer) owner.delete(key);
        } else {
          const current = owner.get(key);
          if (current !== undefined && current !== e.consumer)
            seen.doubleOwnership.push(`${key}: ${current} and ${e.consumer} at ${e.t}`);
          owner.set(key, e.consumer);
        }
      }
    } else if (e.type === "consumer.offset.reset") {
      next.delete(`${e.consumer}/${e.partition}`);
    } else if (e.type === "group.member.removed") {
      // Out of the group, a member owns nothing, even if, cut off, it does not know yet (a zombie that
      // can neither fetch nor commit): the guarantee is about the group's members.
      const consumer = e.memberId.slice(0, e.memberId.lastIndexOf("-"));
      for (const [key, c] of [...owner]) if (c === consumer) owner.delete(key);
    } else if ((e.type === "node.crashed" || e.type === "node.started") && e.node.startsWith("consumer-")) {
      // A crashed member owns nothing any more; its positions start again.
      for (const [key, c] of [...owner]) if (c === e.node) owner.delete(key);
      for (const key of [...next.keys()]) if (key.startsWith(`${e.node}/`)) next.delete(key);
    }
  };
  const timeline = faults.flatMap(({ at, fault }) => {
    const [doIt, undo] = faultActions(fault);
    return undo === null
      ? [{ at, action: doIt }]
      : [
          { at, action: doIt },
          { at: at + 9000, action: undo },
        ];
  });
  timeline.sort((a, b) => a.at - b.at);
  let count = sim.traceCount();
  const advanceTo = (t: number) => {
    while (sim.now < t) {
      sim.runUntil(Math.min(t, sim.now + 100));
      for (const e of eventsSince(sim, count)) observe(e);
      count = sim.traceCount();
    }
  };
  for (const { at, action } of timeline) {
    advanceTo(at);
    sim.apply(action);
  }
  advanceTo(90_000);
  return { sim, seen };
}

function delivered(d: DeliveredRecords | undefined, r: LogRecord): boolean {
  return d !== undefined && wasDelivered(d, r);
}

/** Every record acknowledged with acks=all (and not named lost) was delivered to every group. */
export function undelivered(sim: Simulation, groups: string[]): string[] {
  const m = sim.world.monitor;
  const missing: string[] = [];
  for (const win of m.acked.values()) {
    for (let i = 0; i < win.records.length; i++) {
      const id = win.records[i].id;
      if (win.acks[i] !== "all" || m.lost.has(id) || !id.startsWith("producer-")) continue;
      for (const g of groups)
        if (!delivered(m.deliveries.get(g), win.records[i])) missing.push(`${id} not delivered to ${g}`);
    }
  }
  return missing;
}

export const scheduleArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  groupA: fc.integer({ min: 1, max: 3 }),
  faults: fc.array(fc.record({ at: fc.integer({ min: 3000, max: 30000 }), fault: faultArb(4) }), { maxLength: 3 }),
});

export interface DeliverySchedule {
  seed: number;
  groupA: number;
  faults: { at: number; fault: Fault }[];
}

/** Run one schedule and list what broke: order, ownership, delivery, invariants. */
export function checkDelivery(strategy: Strategy, schedule: DeliverySchedule): { failures: string[]; acked: number } {
  const valid = schedule.faults.filter((f) => f.fault.kind === "broker" || f.fault.consumer <= schedule.groupA + 1);
  const { sim, seen } = run(strategy, schedule.groupA, schedule.seed, valid);
  const failures = [
    ...seen.orderViolations.map((v) => `out of order: ${v}`),
    ...(strategy === "cooperative-sticky" ? seen.doubleOwnership.map((v) => `two owners: ${v}`) : []),
    ...undelivered(sim, ["A", "B"]),
  ];
  if (sim.snapshot().monitor.violations > 0) failures.push(`${sim.snapshot().monitor.violations} invariant violations`);
  return { failures, acked: sim.snapshot().producers[0]?.acked ?? 0 };
}
