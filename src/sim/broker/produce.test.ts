import { describe, expect, it } from "vitest";
import type { Simulation } from "../simulation";
import { brokerState, injectProduce, leaderAndController, replicaView, responseTo } from "../testing/helpers";
import { brokerNodeId } from "../world";

const produce = (sim: Simulation, broker: number, ids: string[], acks: number, timeoutMs = 30_000) =>
  injectProduce(sim.world, broker, { acks, topic: "orders", partition: 0, ids, timeoutMs });

describe("produce acks", () => {
  it("answers acks=1 as soon as the leader has appended, before any follower has the record", () => {
    const { rec, sim, a, b } = leaderAndController(1);
    rec.apply({ type: "isolate", node: brokerNodeId(b), from: "brokers" });
    rec.apply({ type: "isolate", node: brokerNodeId(a), from: "brokers" });
    const req = produce(sim, a, ["one"], 1);
    rec.runUntil(sim.now + 50);
    expect(responseTo(sim, req)).toMatchObject({ error: null, baseOffset: 0 });
    expect(replicaView(sim, a, "orders", 0)).toMatchObject({ logEndOffset: 1, highWatermark: 0 });
  });

  it("answers acks=all only once the high watermark passes the batch", () => {
    const { rec, sim, a, c } = leaderAndController(2);
    // c stays in the ISR but cannot fetch: the HW cannot pass the new record until c is dropped.
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    const req = produce(sim, a, ["all0", "all1"], -1);
    rec.runUntil(sim.now + 2000);
    expect(responseTo(sim, req)).toBeUndefined();
    expect(replicaView(sim, a, "orders", 0)).toMatchObject({ logEndOffset: 2, highWatermark: 0 });
    rec.until(() => responseTo(sim, req) !== undefined, 10_000);
    const shrink = rec.of("isr.changed").find((e) => !e.isr.includes(c))!;
    expect(shrink).toBeDefined();
    expect(responseTo(sim, req)).toMatchObject({ error: null, baseOffset: 0 });
    expect(responseTo(sim, req)!.t).toBeGreaterThanOrEqual(shrink.t);
    expect(replicaView(sim, a, "orders", 0).highWatermark).toBe(2);
  });

  it("sends no response at all for acks=0", () => {
    const { rec, sim, a } = leaderAndController(3);
    const req = produce(sim, a, ["zero"], 0);
    rec.runUntil(sim.now + 1000);
    expect(responseTo(sim, req)).toBeUndefined();
    expect(replicaView(sim, a, "orders", 0).logEndOffset).toBe(1);
  });

  it("times out an acks=all request whose records never reach the ISR", () => {
    const { rec, sim, a, c } = leaderAndController(4);
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    const req = produce(sim, a, ["late"], -1, 1000);
    rec.runUntil(sim.now + 1500);
    expect(responseTo(sim, req)).toMatchObject({ error: "REQUEST_TIMED_OUT" });
  });
});

describe("min.insync.replicas", () => {
  it("rejects acks=all with NOT_ENOUGH_REPLICAS and writes nothing when the ISR is smaller than min.insync.replicas", () => {
    const { rec, sim, a, b, c } = leaderAndController(5, { "min.insync.replicas": 2 });
    rec.apply({ type: "crashBroker", broker: b });
    rec.apply({ type: "crashBroker", broker: c });
    // Wait until the leader itself knows its ISR is just itself.
    rec.until(() => brokerState(sim, a)?.partitions.get("orders-0")?.isr.length === 1, 20_000);
    expect(sim.snapshot().partitions[0].leader).toBe(a);
    const req = produce(sim, a, ["nope"], -1);
    rec.runUntil(sim.now + 100);
    expect(responseTo(sim, req)).toMatchObject({ error: "NOT_ENOUGH_REPLICAS", baseOffset: -1 });
    expect(replicaView(sim, a, "orders", 0).logEndOffset).toBe(0);
    // acks=1 does not care about min.insync.replicas.
    const one = produce(sim, a, ["yes"], 1);
    rec.runUntil(sim.now + 100);
    expect(responseTo(sim, one)).toMatchObject({ error: null, baseOffset: 0 });
  });

  it("answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrinks below min.insync.replicas after the append", () => {
    const { rec, sim, a, c } = leaderAndController(6, { "min.insync.replicas": 3 });
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    const req = produce(sim, a, ["after"], -1);
    rec.until(() => responseTo(sim, req) !== undefined, 15_000);
    expect(sim.snapshot().partitions[0].isr).not.toContain(c);
    expect(responseTo(sim, req)).toMatchObject({ error: "NOT_ENOUGH_REPLICAS_AFTER_APPEND" });
    // The record stays in the log: the producer does not know whether it was written.
    expect(replicaView(sim, a, "orders", 0).logEndOffset).toBe(1);
  });
});

describe("produce routing", () => {
  it("rejects a produce to a follower with NOT_LEADER_OR_FOLLOWER and writes nothing", () => {
    const { rec, sim, b } = leaderAndController(7);
    const req = produce(sim, b, ["wrong"], -1);
    rec.runUntil(sim.now + 100);
    expect(responseTo(sim, req)).toMatchObject({ error: "NOT_LEADER_OR_FOLLOWER" });
    expect(replicaView(sim, b, "orders", 0).logEndOffset).toBe(0);
  });

  it("fails a waiting acks=all request with NOT_LEADER_OR_FOLLOWER when its leader becomes a follower", () => {
    const { rec, sim, a, b, c } = leaderAndController(8);
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    const req = produce(sim, a, ["moving"], -1);
    rec.runUntil(sim.now + 100);
    rec.apply({ type: "controlledShutdown", broker: a });
    rec.until(() => responseTo(sim, req) !== undefined, 10_000);
    expect(responseTo(sim, req)).toMatchObject({ error: "NOT_LEADER_OR_FOLLOWER" });
    expect(rec.of("leader.elected").at(-1)).toMatchObject({ leader: b, reason: "controlled-shutdown" });
  });
});
