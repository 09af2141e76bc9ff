import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConsumerSpec } from "../config";
import { Simulation } from "../simulation";
import { checkDelivery, scheduleArb, undelivered } from "../testing/delivery";
import { rangeAssign } from "./assignors";

describe("delivery properties over random runs with faults", () => {
  it("each group reads a partition in offset order, and gets every acks=all record at least once (range, eager)", () => {
    fc.assert(
      fc.property(scheduleArb, (schedule) => {
        const { failures, acked } = checkDelivery("range", schedule);
        expect(failures).toEqual([]);
        expect(acked).toBeGreaterThan(0);
      }),
      { numRuns: 8, seed: 4242 },
    );
  });

  it("never has one partition owned by two members of a group at once (cooperative-sticky)", () => {
    fc.assert(
      fc.property(scheduleArb, (schedule) => {
        expect(checkDelivery("cooperative-sticky", schedule).failures).toEqual([]);
      }),
      { numRuns: 8, seed: 777 },
    );
  });
});

describe("schedules the soak found (regressions)", () => {
  it("a member waiting on a coordinator that loses its offsets partition is told NOT_COORDINATOR and rejoins", () => {
    const schedule = {
      seed: 0,
      groupA: 1,
      faults: [
        { at: 3000, fault: { kind: "consumer" as const, consumer: 1 } },
        { at: 6000, fault: { kind: "broker" as const, broker: 2 } },
      ],
    };
    expect(checkDelivery("cooperative-sticky", schedule).failures).toEqual([]);
  });

  it("truncating a stale, never-acknowledged copy of a retried record is not a loss", () => {
    const schedule = {
      seed: 237835,
      groupA: 1,
      faults: [
        { at: 10120, fault: { kind: "broker" as const, broker: 2 } },
        { at: 3000, fault: { kind: "broker" as const, broker: 3 } },
      ],
    };
    expect(checkDelivery("cooperative-sticky", schedule).failures).toEqual([]);
  });
});

describe("the issue's whole story in one run", () => {
  it("keys, two groups, a third consumer (range), a consumer crash, the coordinator's broker killed: nothing lost", () => {
    const consumer = (n: number, groupId: string): ConsumerSpec => ({
      id: `consumer-${n}`,
      topic: "orders",
      groupId,
      config: { "auto.offset.reset": "earliest", "session.timeout.ms": 6000 },
    });
    const sim = Simulation.create(
      {
        brokers: 3,
        broker: {
          "zookeeper.session.timeout.ms": 6000,
          "offsets.topic.num.partitions": 3,
          "group.initial.rebalance.delay.ms": 500,
        },
        topics: [{ name: "orders", partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 2 } }],
        producers: [
          { id: "producer-1", topic: "orders", rate: 10, count: 300, keys: ["alice", "bob", "carol", "dave", "erin"] },
        ],
        consumers: [consumer(1, "A"), consumer(2, "A"), consumer(3, "B")],
      },
      2024,
    );
    sim.runUntil(8000);
    sim.apply({ type: "addConsumer", consumer: consumer(4, "A") });
    sim.runUntil(14000);
    const groupA = () => sim.snapshot().groups.find((g) => g.groupId === "A")!;
    const a = groupA();
    expect(a.members).toHaveLength(3);
    const expected = rangeAssign(
      { orders: 3 },
      a.members.map((m) => ({ memberId: m.memberId, topics: ["orders"], ownedPartitions: [] })),
    );
    for (const m of a.members)
      expect(m.assignment).toEqual(expected[m.memberId].map((p) => `${p.topic}-${p.partition}`));

    const generation = a.generation;
    sim.apply({ type: "crashClient", node: "consumer-2" });
    sim.runUntil(24000);
    expect(groupA().generation).toBeGreaterThan(generation);
    expect(groupA().members.map((m) => m.client)).not.toContain("consumer-2");

    const coordinator = groupA().coordinator;
    sim.apply({ type: "crashBroker", broker: coordinator });
    sim.runUntil(60000);
    expect(groupA().coordinator).not.toBe(coordinator);
    expect(sim.snapshot().producers[0].acked).toBe(300);
    expect(undelivered(sim, ["A", "B"])).toEqual([]);
    expect(sim.snapshot().monitor).toEqual({ violations: 0, dataLosses: 0 });
  });
});
