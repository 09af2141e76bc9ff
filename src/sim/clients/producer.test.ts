import { describe, expect, it } from "vitest";
import type { LogRecord } from "../broker/types";
import type { ProducerSpec } from "../config";
import { Simulation } from "../simulation";
import {
  awaitDeregistered,
  partitionView,
  Recorder,
  replicaView,
  runUntilTrue,
  testCluster,
  topic,
} from "../testing/helpers";
import { brokerNode, brokerNodeId, tpKey } from "../world";
import { murmur2, partitionForKey, utf8 } from "./partitioner";
import type { ProducerVolatile } from "./producer";

function leaderLog(sim: Simulation, topicName: string, partition: number): LogRecord[] {
  const leader = partitionView(sim, topicName, partition).leader;
  return brokerNode(sim.world, leader)!.durable.logs.get(tpKey(topicName, partition))!.records;
}

function producer(sim: Simulation, id = "producer-1") {
  const p = sim.snapshot().producers.find((x) => x.id === id);
  if (p === undefined) throw new Error(`no producer ${id}`);
  return p;
}

const recordNumber = (r: LogRecord) => Number(r.id.slice(r.id.lastIndexOf(":") + 1));

function ids(records: LogRecord[]): string[] {
  return records.map((r) => r.id);
}

describe("producer partitioning", () => {
  it("sends a keyed record to partitionForKey(key, all partitions)", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 6, 3)],
        producers: [{ id: "producer-1", topic: "orders", rate: 200, keyPattern: "user-{n % 20}", count: 120 }],
      }),
      7,
    );
    runUntilTrue(sim, () => producer(sim).acked === 120, 20_000);
    let total = 0;
    for (let p = 0; p < 6; p++) {
      for (const r of leaderLog(sim, "orders", p)) {
        expect(partitionForKey(r.key!, 6)).toBe(p);
        total++;
      }
    }
    expect(total).toBe(120);
    const last = producer(sim).lastKey!;
    expect(last.key).toBe("user-19");
    expect(last.hash).toBe(murmur2(utf8("user-19")));
    expect(last.partition).toBe(partitionForKey("user-19", 6));
  });

  it("sends every record to an explicit partition, whatever its key", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 3, 3)],
        producers: [{ id: "producer-1", topic: "orders", rate: 100, keyPattern: "user-{n}", partition: 2, count: 30 }],
      }),
      7,
    );
    sim.runUntil(3000);
    expect(leaderLog(sim, "orders", 2)).toHaveLength(30);
    expect(producer(sim).lastKey).toMatchObject({ key: "user-29", partition: 2, how: "explicit" });
  });

  it("keeps a keyed record on its partition while that partition has no leader, instead of moving it", () => {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 3, 1)] }), 3);
    sim.runUntil(1000);
    // The key whose partition we take offline, and the broker leading it.
    const key = ["a", "b", "c", "d", "e", "f"].find((k) => partitionForKey(k, 3) === 0)!;
    const leader = partitionView(sim, "orders", 0).leader;
    sim.apply({ type: "crashBroker", broker: leader });
    sim.apply({
      type: "addProducer",
      producer: {
        id: "producer-1",
        topic: "orders",
        rate: 20,
        keys: [key],
        count: 5,
        config: { "delivery.timeout.ms": 3000, "request.timeout.ms": 1000, "linger.ms": 0 },
      },
    });
    sim.runUntil(8000);
    const p = producer(sim);
    expect(p.acked).toBe(0);
    expect(p.failed).toBe(5);
    for (let q = 1; q < 3; q++) {
      if (partitionView(sim, "orders", q).leader >= 0) expect(leaderLog(sim, "orders", q)).toHaveLength(0);
    }
  });

  it("fills one partition per batch with null keys and the sticky partitioner", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 3, 3)],
        producers: [
          {
            id: "producer-1",
            topic: "orders",
            rate: 1000,
            count: 200,
            // 10 records of ~100 bytes fill a batch; a long linger means only full batches are sent.
            config: { "batch.size": 1000, "linger.ms": 2000 },
          },
        ],
      }),
      11,
    );
    const rec = new Recorder(sim);
    rec.runUntil(5000);
    expect(producer(sim).acked).toBe(200);
    const sent = rec.of("produce.sent");
    expect(sent).toHaveLength(20);
    for (const s of sent) expect(s.count).toBe(10);
    const used = new Set<number>();
    for (let p = 0; p < 3; p++) {
      const records = leaderLog(sim, "orders", p);
      if (records.length > 0) used.add(p);
      // Runs of 10 consecutive records: each run is one batch, made while this partition was sticky.
      expect(records.length % 10).toBe(0);
      for (let i = 0; i < records.length; i += 10) {
        const first = recordNumber(records[i]);
        expect(first % 10).toBe(0);
        for (let j = 0; j < 10; j++) expect(recordNumber(records[i + j])).toBe(first + j);
      }
    }
    expect(used.size).toBeGreaterThan(1);
  });

  it("deals null-key records to the available partitions in turn with the round-robin partitioner", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 3, 3)],
        producers: [
          { id: "producer-1", topic: "orders", rate: 100, count: 30, config: { partitioner: "round-robin" } },
        ],
      }),
      5,
    );
    sim.runUntil(3000);
    for (let p = 0; p < 3; p++) {
      const numbers = leaderLog(sim, "orders", p).map(recordNumber);
      expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => 3 * i + p));
    }
  });

  it("switches partitioner live through setProducerConfig", () => {
    const sim = Simulation.create(
      testCluster({
        topics: [topic("orders", 3, 3)],
        producers: [{ id: "producer-1", topic: "orders", rate: 100, config: { partitioner: "sticky" } }],
      }),
      5,
    );
    sim.runUntil(1000);
    sim.apply({ type: "setProducerConfig", producer: "producer-1", config: { partitioner: "round-robin", acks: "1" } });
    sim.runUntil(1500);
    const p = producer(sim);
    expect(p.config.partitioner).toBe("round-robin");
    expect(p.lastKey?.how).toBe("round-robin");
    expect(p.idempotent).toBe(false);
    sim.apply({ type: "setProducerConfig", producer: "nobody", config: { acks: "0" } });
    expect(sim.trace().at(-1)?.type).toBe("action.rejected");
  });
});

describe("producer acknowledgements", () => {
  it("acknowledges an acks=all record only once every ISR replica has it and the high watermark passed it", () => {
    const cluster = testCluster({ topics: [topic("orders", 1, 3)] });
    const sim = Simulation.create(cluster, 21);
    sim.runUntil(1000);
    const { leader, isr } = partitionView(sim, "orders", 0);
    const follower = isr.find((b) => b !== leader)!;
    // The follower's fetches reach the leader 150 ms late, so replication visibly lags the append.
    sim.apply({ type: "slowLink", from: brokerNodeId(follower), to: brokerNodeId(leader), extraMs: 150 });
    sim.apply({ type: "addProducer", producer: { id: "producer-1", topic: "orders", rate: 20, count: 20 } });
    let checked = 0;
    let acked = 0;
    const ackedSoFar = () => (sim.world.nodes.get("producer-1")?.volatile as ProducerVolatile | null)?.acked ?? 0;
    while (acked < 20) {
      if (sim.now > 20_000 || !sim.step()) throw new Error(`not all acked by t=${sim.now}`);
      if (ackedSoFar() === acked) continue;
      acked = ackedSoFar();
      // At the moment the producer hears the ack, the records are below the HW and on every ISR replica.
      const e = sim.trace().findLast((x) => x.type === "produce.acked")!;
      if (e.type !== "produce.acked") throw new Error("unreachable");
      const end = e.baseOffset + e.count;
      expect(replicaView(sim, leader, "orders", 0).highWatermark).toBeGreaterThanOrEqual(end);
      for (const b of partitionView(sim, "orders", 0).isr)
        expect(replicaView(sim, b, "orders", 0).logEndOffset).toBeGreaterThanOrEqual(end);
      checked += e.count;
    }
    expect(checked).toBe(20);
  });

  it("loses an acks=1 record when the leader crashes before a follower copied it", () => {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 1, 3)] }), 4);
    const rec = new Recorder(sim);
    rec.runUntil(1000);
    const { leader, replicas } = partitionView(sim, "orders", 0);
    // Replication from the leader stalls: its FetchResponses to the followers are held up for a minute.
    for (const b of replicas)
      if (b !== leader)
        rec.apply({ type: "slowLink", from: brokerNodeId(leader), to: brokerNodeId(b), extraMs: 60_000 });
    rec.apply({
      type: "addProducer",
      producer: { id: "producer-1", topic: "orders", rate: 20, count: 3, config: { acks: "1" } },
    });
    rec.runUntil(1500);
    expect(producer(sim).acked).toBe(3);
    rec.apply({ type: "crashBroker", broker: leader });
    rec.runUntil(12_000);
    const newLeader = partitionView(sim, "orders", 0).leader;
    expect(newLeader).toBeGreaterThan(0);
    expect(newLeader).not.toBe(leader);
    const losses = rec.of("data.loss");
    expect(losses).toHaveLength(1);
    expect(losses[0].cause).toBe("acks=1 record not yet replicated");
    expect(losses[0].offsets).toEqual([0, 1, 2]);
    expect(sim.snapshot().monitor.violations).toBe(0);
  });

  it("fails with NOT_ENOUGH_REPLICAS while min.insync.replicas=2 cannot be met, then recovers", () => {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 1, 3, { "min.insync.replicas": 2 })] }), 8);
    const rec = new Recorder(sim);
    rec.runUntil(1000);
    const { leader, replicas } = partitionView(sim, "orders", 0);
    const followers = replicas.filter((b) => b !== leader);
    rec.apply({
      type: "addProducer",
      producer: { id: "producer-1", topic: "orders", rate: 10, count: 150, config: { "request.timeout.ms": 3000 } },
    });
    rec.runUntil(2000);
    for (const b of followers) rec.apply({ type: "crashBroker", broker: b });
    rec.runUntil(12_000);
    // With the ISR down to the leader, the leader refuses acks=all writes.
    expect(partitionView(sim, "orders", 0).isr).toEqual([leader]);
    const refused = rec.of("produce.failed").filter((e) => e.error === "NOT_ENOUGH_REPLICAS");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.retriable)).toBe(true);
    const ackedWhileDown = producer(sim).acked;
    for (const b of followers) {
      awaitDeregistered(sim, b);
      rec.harvest();
      rec.apply({ type: "startBroker", broker: b });
    }
    rec.runUntil(40_000);
    const p = producer(sim);
    expect(p.acked).toBe(150);
    expect(p.acked).toBeGreaterThan(ackedWhileDown);
    expect(p.failed).toBe(0);
    const log = ids(leaderLog(sim, "orders", 0));
    expect(new Set(log).size).toBe(log.length);
    expect(log).toHaveLength(150);
  });
});

describe("producer retries", () => {
  const retrying = (config: ProducerSpec["config"]): ProducerSpec => ({
    id: "producer-1",
    topic: "orders",
    rate: 50,
    count: 300,
    config: { "request.timeout.ms": 3000, ...config },
  });

  it("retries after the leader crashes and, with idempotence, writes every record exactly once", () => {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 1, 3)] }), 13);
    const rec = new Recorder(sim);
    rec.runUntil(500);
    const leader = partitionView(sim, "orders", 0).leader;
    rec.apply({ type: "addProducer", producer: retrying({}) });
    rec.runUntil(2500);
    rec.apply({ type: "crashBroker", broker: leader });
    rec.runUntil(40_000);
    const p = producer(sim);
    expect(p.acked).toBe(300);
    expect(p.failed).toBe(0);
    expect(p.retries).toBeGreaterThan(0);
    expect(rec.of("produce.failed").some((e) => e.retriable)).toBe(true);
    expect(partitionView(sim, "orders", 0).leader).not.toBe(leader);
    const log = ids(leaderLog(sim, "orders", 0));
    expect(log).toHaveLength(300);
    expect(new Set(log).size).toBe(300);
    expect(sim.snapshot().monitor).toEqual({ violations: 0, dataLosses: 0 });
  });

  function lostResponse(idempotence: boolean) {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 1, 3)] }), 17);
    sim.runUntil(1000);
    const leader = partitionView(sim, "orders", 0).leader;
    sim.apply({
      type: "addProducer",
      producer: {
        id: "producer-1",
        topic: "orders",
        rate: 10,
        count: 1,
        bootstrap: [leader === 1 ? 2 : 1],
        config: { "enable.idempotence": idempotence, "request.timeout.ms": 1000 },
      },
    });
    // The leader's answers reach the producer only after its request.timeout.ms: the client gives up and retries.
    sim.apply({ type: "slowLink", from: brokerNodeId(leader), to: "producer-1", extraMs: 2500 });
    sim.runUntil(2500);
    sim.apply({ type: "slowLink", from: brokerNodeId(leader), to: "producer-1", extraMs: 0 });
    sim.runUntil(15_000);
    return { sim, log: ids(leaderLog(sim, "orders", 0)) };
  }

  it("writes a record twice when a response is lost and idempotence is off", () => {
    const { sim, log } = lostResponse(false);
    expect(producer(sim).acked).toBe(1);
    expect(producer(sim).retries).toBeGreaterThan(0);
    expect(log.length).toBeGreaterThan(1);
    expect(new Set(log)).toEqual(new Set(["producer-1:0"]));
  });

  it("writes a record once when a response is lost and idempotence is on", () => {
    const { sim, log } = lostResponse(true);
    expect(producer(sim).acked).toBe(1);
    expect(producer(sim).retries).toBeGreaterThan(0);
    expect(log).toEqual(["producer-1:0"]);
  });

  it("fails a batch after delivery.timeout.ms when no leader can take it", () => {
    const sim = Simulation.create(testCluster({ topics: [topic("orders", 1, 1)] }), 2);
    const rec = new Recorder(sim);
    rec.runUntil(1000);
    rec.apply({ type: "crashBroker", broker: partitionView(sim, "orders", 0).leader });
    rec.apply({
      type: "addProducer",
      producer: {
        id: "producer-1",
        topic: "orders",
        rate: 10,
        count: 2,
        config: { "delivery.timeout.ms": 4000, "request.timeout.ms": 1000 },
      },
    });
    rec.runUntil(10_000);
    const p = producer(sim);
    expect(p.failed).toBe(2);
    expect(p.acked).toBe(0);
    const final = rec.of("produce.failed").filter((e) => !e.retriable);
    expect(final.map((e) => e.error)).toEqual(["DELIVERY_TIMEOUT", "DELIVERY_TIMEOUT"].slice(0, final.length));
    expect(final.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(2);
  });

  it("takes a new producer id after a crash and restart", () => {
    const sim = Simulation.create(
      testCluster({ topics: [topic("orders", 1, 3)], producers: [{ id: "producer-1", topic: "orders", rate: 10 }] }),
      9,
    );
    sim.runUntil(1000);
    const before = producer(sim).producerId;
    expect(before).toBeGreaterThanOrEqual(0);
    sim.apply({ type: "crashClient", node: "producer-1" });
    expect(producer(sim).up).toBe(false);
    sim.apply({ type: "restartClient", node: "producer-1" });
    sim.runUntil(2000);
    expect(producer(sim).producerId).not.toBe(before);
    const log = ids(leaderLog(sim, "orders", 0));
    expect(new Set(log).size).toBe(log.length);
  });
});
