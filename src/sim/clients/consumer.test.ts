import { describe, expect, it } from "vitest";
import type { ClusterConfigInput } from "../config";
import { Simulation } from "../simulation";
import { partitionView, Recorder, testCluster, topic } from "../testing/helpers";
import { brokerNode, tpKey } from "../world";

function consumer(sim: Simulation, id = "consumer-1") {
  const c = sim.snapshot().consumers.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no consumer ${id}`);
  return c;
}

function leaderLogIds(sim: Simulation, partition: number): string[] {
  const leader = partitionView(sim, "orders", partition).leader;
  return brokerNode(sim.world, leader)!
    .durable.logs.get(tpKey("orders", partition))!
    .records.map((r) => r.id);
}

const withClients = (seed: number, extra: ClusterConfigInput = {}) =>
  Simulation.create(
    testCluster({
      topics: [topic("orders", 3, 3)],
      producers: [
        {
          id: "producer-1",
          topic: "orders",
          rate: 100,
          // user-0 … user-11 cover all three partitions (user-8 alone lands on partition 0).
          keyPattern: "user-{n % 12}",
          count: 400,
          config: { "request.timeout.ms": 3000 },
        },
      ],
      consumers: [
        {
          id: "consumer-1",
          topic: "orders",
          config: { "auto.offset.reset": "earliest", "request.timeout.ms": 3000 },
        },
      ],
      ...extra,
    }),
    seed,
  );

describe("standalone consumer", () => {
  it("reads every acknowledged record, in offset order per partition, across a leader failover", () => {
    const sim = withClients(31);
    const rec = new Recorder(sim);
    rec.runUntil(2000);
    const crashed = partitionView(sim, "orders", 0).leader;
    rec.apply({ type: "crashBroker", broker: crashed });
    rec.runUntil(30_000);
    // Partition 0 moved to a new leader and the consumer went on reading it there.
    expect(partitionView(sim, "orders", 0).leader).not.toBe(crashed);
    expect(rec.of("record.consumed").some((e) => e.partition === 0 && e.t > 5000)).toBe(true);

    const acked = rec.of("produce.acked");
    expect(acked.reduce((n, e) => n + e.count, 0)).toBe(400);
    const c = consumer(sim);
    expect(c.duplicates).toBe(0);
    expect(c.consumed).toBe(400);
    for (let p = 0; p < 3; p++) {
      const log = leaderLogIds(sim, p);
      const reads = rec.of("record.consumed").filter((e) => e.partition === p);
      // Contiguous reads from offset 0: each fetch picks up exactly where the last one ended.
      let next = 0;
      for (const r of reads) {
        expect(r.offset).toBe(next);
        expect(r.firstId).toBe(log[r.offset]);
        expect(r.lastId).toBe(log[r.offset + r.count - 1]);
        next += r.count;
      }
      expect(next).toBe(log.length);
      const position = c.positions.find((x) => x.partition === p)!;
      expect(position.offset).toBe(log.length);
      // Every acknowledged batch lies below the position: the consumer has read it.
      for (const a of acked.filter((e) => e.partition === p)) expect(a.baseOffset + a.count).toBeLessThanOrEqual(next);
    }
  });

  it("never reads past the high watermark, so an unreplicated record is not seen", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 1, 3)],
        consumers: [{ id: "consumer-1", topic: "orders", config: { "auto.offset.reset": "earliest" } }],
      }),
      6,
    );
    sim.runUntil(1000);
    const { leader, replicas } = partitionView(sim, "orders", 0);
    // Followers stop fetching: appended records stay above the high watermark.
    for (const b of replicas)
      if (b !== leader) sim.apply({ type: "partitionNetwork", a: [`broker-${b}`], b: [`broker-${leader}`] });
    sim.apply({
      type: "addProducer",
      producer: { id: "producer-1", topic: "orders", rate: 20, count: 4, config: { acks: "1" } },
    });
    sim.runUntil(2000);
    const leaderState = sim.snapshot().brokers.find((b) => b.id === leader)!.replicas[0];
    expect(leaderState.logEndOffset).toBe(4);
    expect(leaderState.highWatermark).toBe(0);
    expect(consumer(sim).consumed).toBe(0);
    sim.apply({ type: "heal" });
    sim.runUntil(4000);
    expect(consumer(sim).consumed).toBe(4);
  });

  it("starts at the log end with auto.offset.reset=latest and at the log start with earliest", () => {
    const sim = withClients(12, { consumers: [] });
    sim.runUntil(6000);
    sim.apply({ type: "addConsumer", consumer: { id: "consumer-2", topic: "orders" } });
    sim.apply({
      type: "addConsumer",
      consumer: {
        id: "consumer-3",
        topic: "orders",
        partitions: [1],
        config: { "auto.offset.reset": "earliest" },
      },
    });
    sim.runUntil(8000);
    const latest = consumer(sim, "consumer-2");
    const earliest = consumer(sim, "consumer-3");
    expect(latest.consumed).toBe(0);
    for (const pos of latest.positions) expect(pos.offset).toBe(leaderLogIds(sim, pos.partition).length);
    expect(earliest.positions.map((p) => p.partition)).toEqual([1]);
    expect(earliest.consumed).toBe(leaderLogIds(sim, 1).length);
  });

  it("rejects a client for a topic that does not exist, or with an id unlike consumer-<n>", () => {
    const sim = withClients(1);
    sim.apply({ type: "addConsumer", consumer: { id: "consumer-2", topic: "payments" } });
    expect(sim.trace().at(-1)?.type).toBe("action.rejected");
    sim.apply({ type: "addConsumer", consumer: { id: "reader", topic: "orders" } });
    expect(sim.trace().at(-1)?.type).toBe("action.rejected");
    expect(sim.snapshot().consumers.map((c) => c.id)).toEqual(["consumer-1"]);
  });
});

describe("determinism with clients", () => {
  it("gives the same trace hash for the same seed, and a different one for another seed", () => {
    const run = (seed: number) => {
      const sim = withClients(seed, {
        producers: [{ id: "producer-1", topic: "orders", rate: 300 }],
      });
      sim.runUntil(3000);
      sim.apply({ type: "crashBroker", broker: 1 });
      sim.runUntil(9000);
      return sim.snapshot();
    };
    const a = run(99);
    const b = run(99);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.producers).toEqual(b.producers);
    expect(a.consumers).toEqual(b.consumers);
    expect(a.producers[0].acked).toBeGreaterThan(500);
    expect(run(100).traceHash).not.toBe(a.traceHash);
  });

  it("resumes exactly from a rewind (seek) with clients running", () => {
    const sim = withClients(5);
    sim.runUntil(25_000);
    const hash = sim.traceHash();
    sim.seek(12_000);
    sim.runUntil(25_000);
    expect(sim.traceHash()).toBe(hash);
  });
});
