import { describe, expect, it } from "vitest";
import { coordinatorPartition } from "../clients/partitioner";
import type { ClusterConfigInput, ConsumerSpec } from "../config";
import type { SimEvent } from "../events";
import { eventsSince } from "../scenario/tour";
import { Simulation } from "../simulation";
import { keepMessages, messagesOf } from "../testing/helpers";
import { rangeAssign } from "./assignors";

const base = {
  brokers: 3,
  zookeeperServers: 1,
  broker: {
    "zookeeper.session.timeout.ms": 6000,
    "replica.lag.time.max.ms": 10000,
    "offsets.topic.num.partitions": 5,
    "group.initial.rebalance.delay.ms": 1000,
  },
  topics: [{ name: "orders", partitions: 4, replicationFactor: 3 }],
} satisfies ClusterConfigInput;

function consumer(n: number, groupId: string, config: ConsumerSpec["config"] = {}): ConsumerSpec {
  return {
    id: `consumer-${n}`,
    topic: "orders",
    groupId,
    config: { "auto.offset.reset": "earliest", "session.timeout.ms": 6000, ...config },
  };
}

const producer = { id: "producer-1", topic: "orders", rate: 20, keyPattern: "user-{n % 16}" };

function events<T extends SimEvent["type"]>(sim: Simulation, type: T): Extract<SimEvent, { type: T }>[] {
  return sim.trace().filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

function owners(sim: Simulation, groupId: string): Map<string, string> {
  const byPartition = new Map<string, string>();
  const g = sim.snapshot().groups.find((x) => x.groupId === groupId);
  for (const m of g?.members ?? []) for (const p of m.assignment) byPartition.set(p, m.client);
  return byPartition;
}

describe("consumer groups (classic protocol)", () => {
  it("finds the coordinator: the leader of __consumer_offsets partition abs(hashCode(groupId)) % offsets.topic.num.partitions", () => {
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing")] }, 1);
    sim.runUntil(8000);
    const s = sim.snapshot();
    const partition = coordinatorPartition("billing", 5);
    const offsets = s.partitions.find((p) => p.topic === "__consumer_offsets" && p.partition === partition);
    expect(offsets).toBeDefined();
    const group = s.groups.find((g) => g.groupId === "billing")!;
    expect(group.offsetsPartition).toBe(partition);
    expect(group.coordinator).toBe(offsets!.leader);
    expect(s.consumers[0].group?.coordinator).toBe(offsets!.leader);
  });

  it("creates __consumer_offsets on the first FindCoordinator, replicated like any topic", () => {
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing")] }, 2);
    sim.runUntil(8000);
    const offsets = sim.snapshot().partitions.filter((p) => p.topic === "__consumer_offsets");
    expect(offsets).toHaveLength(5);
    for (const p of offsets) expect(p.replicas).toHaveLength(3);
  });

  it("assigns with the group leader's range assignor and moves Empty → PreparingRebalance → CompletingRebalance → Stable", () => {
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing"), consumer(2, "billing")] }, 3);
    sim.runUntil(10000);
    const states = events(sim, "group.state").map((e) => e.to);
    expect(states.slice(0, 3)).toEqual(["PreparingRebalance", "CompletingRebalance", "Stable"]);
    const g = sim.snapshot().groups[0];
    expect(g.protocol).toBe("range");
    expect(g.generation).toBe(1);
    const expected = rangeAssign(
      { orders: 4 },
      g.members.map((m) => ({ memberId: m.memberId, topics: ["orders"], ownedPartitions: [] })),
    );
    for (const m of g.members)
      expect(m.assignment).toEqual(expected[m.memberId].map((p) => `${p.topic}-${p.partition}`));
  });

  it("is a queue: one group shares the partitions and each record is processed once", () => {
    const sim = Simulation.create(
      {
        ...base,
        producers: [{ ...producer, count: 200 }],
        consumers: [consumer(1, "billing"), consumer(2, "billing")],
      },
      4,
    );
    sim.runUntil(30000);
    const s = sim.snapshot();
    expect(s.producers[0].acked).toBe(200);
    expect(s.consumers.reduce((n, c) => n + c.consumed, 0)).toBe(200);
    expect(s.consumers.every((c) => c.consumed > 0 && c.duplicates === 0)).toBe(true);
  });

  it("is pub-sub: every group gets every record", () => {
    const sim = Simulation.create(
      {
        ...base,
        producers: [{ ...producer, count: 100 }],
        consumers: [consumer(1, "billing"), consumer(2, "audit"), consumer(3, "search")],
      },
      5,
    );
    sim.runUntil(30000);
    for (const c of sim.snapshot().consumers) expect(c.consumed).toBe(100);
  });

  it("leaves members idle when there are more members than partitions", () => {
    const sim = Simulation.create({ ...base, consumers: [1, 2, 3, 4, 5].map((n) => consumer(n, "billing")) }, 6);
    sim.runUntil(15000);
    const g = sim.snapshot().groups[0];
    expect(g.members).toHaveLength(5);
    expect(g.members.filter((m) => m.assignment.length === 0)).toHaveLength(1);
    expect(owners(sim, "billing").size).toBe(4);
  });

  it("rebalances into a new generation when a consumer joins, each partition with one owner", () => {
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing")] }, 7);
    sim.runUntil(10000);
    expect(sim.snapshot().groups[0].generation).toBe(1);
    sim.apply({ type: "addConsumer", consumer: consumer(2, "billing") });
    sim.runUntil(20000);
    const g = sim.snapshot().groups[0];
    expect(g.state).toBe("Stable");
    expect(g.generation).toBe(2);
    expect(g.members.map((m) => m.assignment.length).sort()).toEqual([2, 2]);
    expect(events(sim, "group.rebalance.started").at(-1)?.reason).toMatch(/joined/);
  });

  it("eager rebalancing revokes every partition before rejoining", () => {
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing")] }, 8);
    sim.runUntil(10000);
    sim.apply({ type: "addConsumer", consumer: consumer(2, "billing") });
    sim.runUntil(20000);
    const revoked = events(sim, "consumer.revoked").filter((e) => e.consumer === "consumer-1");
    expect(revoked[0].partitions).toEqual(["orders-0", "orders-1", "orders-2", "orders-3"]);
  });

  it("cooperative-sticky moves only what must move, in two rebalances, never with two owners at once", () => {
    const coop = { "partition.assignment.strategy": ["cooperative-sticky" as const] };
    const sim = Simulation.create({ ...base, consumers: [consumer(1, "billing", coop)] }, 9);
    sim.runUntil(10000);
    sim.apply({ type: "addConsumer", consumer: consumer(2, "billing", coop) });
    const held = new Map<string, string>();
    let overlap = false;
    let seen = sim.traceCount();
    while (sim.now < 25000) {
      sim.advance(20);
      for (const e of eventsSince(sim, seen)) {
        if (e.type === "consumer.assigned")
          for (const p of e.partitions) {
            if (held.has(p) && held.get(p) !== e.consumer) overlap = true;
            held.set(p, e.consumer);
          }
        if (e.type === "consumer.revoked") for (const p of e.partitions) held.delete(p);
      }
      seen = sim.traceCount();
    }
    expect(overlap).toBe(false);
    const g = sim.snapshot().groups[0];
    expect(g.protocol).toBe("cooperative-sticky");
    expect(g.generation).toBe(3); // the join, then the follow-up rebalance after the revocation
    const revoked = events(sim, "consumer.revoked").filter((e) => e.consumer === "consumer-1");
    expect(revoked).toHaveLength(1);
    expect(revoked[0].partitions).toHaveLength(2);
    expect(g.members.map((m) => m.assignment.length).sort()).toEqual([2, 2]);
  });

  it("removes a member that stops heartbeating after session.timeout.ms, and at once on LeaveGroup", () => {
    const sim = Simulation.create(
      { ...base, consumers: [consumer(1, "billing"), consumer(2, "billing"), consumer(3, "billing")] },
      10,
    );
    sim.runUntil(10000);
    sim.apply({ type: "crashClient", node: "consumer-1" });
    sim.runUntil(22000);
    const expired = events(sim, "group.member.removed").find((e) => e.memberId.startsWith("consumer-1"));
    expect(expired?.reason).toMatch(/session.timeout.ms/);
    // The last heartbeat came up to heartbeat.interval.ms (3 s) before the crash.
    expect(expired!.t - 10000).toBeGreaterThanOrEqual(6000 - 3000);
    expect(expired!.t - 10000).toBeLessThanOrEqual(6000 + 100);
    sim.apply({ type: "removeConsumer", consumer: "consumer-2" });
    const leftAt = sim.now;
    sim.runUntil(leftAt + 500);
    const left = events(sim, "group.member.removed").find((e) => e.memberId.startsWith("consumer-2"));
    expect(left?.reason).toMatch(/LeaveGroup/);
    sim.runUntil(leftAt + 3000);
    expect(sim.snapshot().groups[0].members.map((m) => m.client)).toEqual(["consumer-3"]);
  });

  it("re-delivers records processed but not committed when a consumer crashes, and marks them duplicates", () => {
    const slowCommit = { "auto.commit.interval.ms": 20000 };
    const sim = Simulation.create(
      {
        ...base,
        producers: [producer],
        consumers: [consumer(1, "billing", slowCommit), consumer(2, "billing", slowCommit)],
      },
      11,
    );
    sim.runUntil(12000);
    sim.apply({ type: "crashClient", node: "consumer-1" });
    sim.runUntil(30000);
    const dup = events(sim, "record.consumed").filter((e) => e.consumer === "consumer-2" && e.duplicates > 0);
    expect(dup.length).toBeGreaterThan(0);
    expect(sim.snapshot().consumers.find((c) => c.id === "consumer-2")!.duplicates).toBeGreaterThan(0);
  });

  it("survives the coordinator's broker dying: offsets are reloaded by the new leader of the offsets partition", () => {
    const sim = Simulation.create(
      { ...base, producers: [producer], consumers: [consumer(1, "billing"), consumer(2, "billing")] },
      12,
    );
    sim.runUntil(15000);
    const before = sim.snapshot().groups[0];
    const committed = before.offsets.map((o) => o.committed);
    expect(committed.some((c) => c > 0)).toBe(true);
    sim.apply({ type: "crashBroker", broker: before.coordinator });
    sim.runUntil(40000);
    const after = sim.snapshot().groups.find((g) => g.groupId === "billing")!;
    expect(after.coordinator).not.toBe(before.coordinator);
    expect(
      events(sim, "groups.loaded").some((e) => e.groups.includes("billing") && e.broker === after.coordinator),
    ).toBe(true);
    for (const o of after.offsets) {
      const old = before.offsets.find((x) => x.partition === o.partition);
      if (old) expect(o.committed).toBeGreaterThanOrEqual(old.committed);
    }
    expect(sim.snapshot().consumers.every((c) => c.group?.coordinator === after.coordinator)).toBe(true);
    expect(sim.snapshot().monitor.violations).toBe(0);
  });

  it("reports lag as the high watermark minus the committed offset", () => {
    const sim = Simulation.create({ ...base, producers: [producer], consumers: [consumer(1, "billing")] }, 13);
    sim.runUntil(16000);
    const g = sim.snapshot().groups[0];
    expect(g.offsets.length).toBeGreaterThan(0);
    for (const o of g.offsets) expect(o.lag).toBe(o.highWatermark - o.committed);
  });

  it("answers a member fenced out of the group with UNKNOWN_MEMBER_ID, and it rejoins", () => {
    const sim = keepMessages(
      Simulation.create({ ...base, consumers: [consumer(1, "billing"), consumer(2, "billing")] }, 14),
    );
    sim.runUntil(10000);
    sim.apply({ type: "isolate", node: "consumer-1", from: "everyone" });
    sim.runUntil(20000);
    sim.apply({ type: "heal" });
    sim.runUntil(40000);
    const errors = messagesOf(sim, "HeartbeatResponse").map(({ msg }) => (msg.body as { error: string | null }).error);
    expect(errors).toContain("UNKNOWN_MEMBER_ID");
    const g = sim.snapshot().groups[0];
    expect(g.members.map((m) => m.client).sort()).toEqual(["consumer-1", "consumer-2"]);
  });

  it("a member whose application stops polling for max.poll.interval.ms leaves the group, and rejoins when it polls again", () => {
    const slow = { "max.poll.interval.ms": 8000 };
    const sim = Simulation.create(
      { ...base, consumers: [consumer(1, "billing", slow), consumer(2, "billing", slow)] },
      16,
    );
    sim.runUntil(10000);
    sim.apply({ type: "stallConsumer", consumer: "consumer-1", ms: 15000 });
    sim.runUntil(22000);
    const timeout = events(sim, "consumer.poll.timeout")[0];
    expect(timeout?.consumer).toBe("consumer-1");
    expect(timeout.t - 10000).toBeGreaterThan(8000);
    expect(sim.snapshot().groups[0].members.map((m) => m.client)).toEqual(["consumer-2"]);
    sim.runUntil(40000);
    expect(
      sim
        .snapshot()
        .groups[0].members.map((m) => m.client)
        .sort(),
    ).toEqual(["consumer-1", "consumer-2"]);
  });

  it("is deterministic with groups in play: same seed, same trace hash", () => {
    const run = () => {
      const sim = Simulation.create(
        { ...base, producers: [producer], consumers: [consumer(1, "billing"), consumer(2, "billing")] },
        15,
      );
      sim.runUntil(12000);
      sim.apply({ type: "crashBroker", broker: 1 });
      sim.runUntil(25000);
      return sim.traceHash();
    };
    expect(run()).toBe(run());
  });
});
