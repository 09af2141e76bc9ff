import { describe, expect, it } from "vitest";
import type { Simulation } from "../simulation";
import { awaitDeregistered, brokerState, injectProduce, leaderAndController, replicaView } from "../testing/helpers";
import { brokerNodeId } from "../world";

const produce = (sim: Simulation, leader: number, ids: string[], acks = 1) =>
  injectProduce(sim.world, leader, { acks, topic: "orders", partition: 0, ids });

describe("ISR shrink and expand", () => {
  it("shrinks the ISR when a follower stops fetching for replica.lag.time.max.ms, and expands it when the follower catches up", () => {
    const { rec, sim, a, c } = leaderAndController(1);
    const t0 = sim.now;
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    produce(sim, a, ["x0", "x1"]);
    rec.runUntil(t0 + 12_000);
    const shrink = rec.of("isr.changed").find((e) => !e.isr.includes(c))!;
    expect(shrink).toBeDefined();
    expect(shrink.previous).toContain(c);
    // Not before the lag limit; checked every lag/2, so within 1.5 × lag (plus a round trip).
    expect(shrink.t - t0).toBeGreaterThan(4000);
    expect(shrink.t - t0).toBeLessThanOrEqual(6000 + 50);
    expect(sim.snapshot().partitions[0].isr).not.toContain(c);
    // c is not dead: its ZooKeeper session is fine and no leader election happened.
    expect(rec.of("zk.session.expired")).toEqual([]);
    expect(rec.of("leader.elected").filter((e) => e.t > t0)).toEqual([]);

    rec.apply({ type: "heal" });
    rec.runUntil(sim.now + 3000);
    const expand = rec.of("isr.changed").at(-1)!;
    expect(expand.isr).toContain(c);
    expect(sim.snapshot().partitions[0].isr).toHaveLength(3);
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ logEndOffset: 2, inIsr: true });
  });

  it("shrinks the ISR when a slow link keeps a follower's fetches from arriving in time", () => {
    const { rec, sim, a, c } = leaderAndController(2);
    rec.apply({ type: "slowLink", from: brokerNodeId(c), to: brokerNodeId(a), extraMs: 20_000 });
    for (let i = 0; i < 20; i++) {
      produce(sim, a, [`s${i}`]);
      rec.runUntil(sim.now + 500);
    }
    expect(sim.snapshot().partitions[0].isr).not.toContain(c);
    expect(sim.snapshot().partitions[0].isr).toContain(a);
  });

  it("keeps a follower that is slow but keeps up within replica.lag.time.max.ms in the ISR", () => {
    const { rec, sim, a, b } = leaderAndController(3);
    rec.apply({ type: "slowLink", from: brokerNodeId(b), to: brokerNodeId(a), extraMs: 300 });
    for (let i = 0; i < 20; i++) {
      produce(sim, a, [`k${i}`]);
      rec.runUntil(sim.now + 500);
    }
    expect(rec.of("isr.changed")).toEqual([]);
    expect(sim.snapshot().partitions[0].isr).toHaveLength(3);
  });
});

describe("high watermark", () => {
  it("sets the leader's HW to the smallest LEO in the ISR; followers learn it from fetch responses", () => {
    const { rec, sim, a, b, c } = leaderAndController(4);
    produce(sim, a, ["h0", "h1", "h2"]);
    rec.runUntil(sim.now + 1500);
    for (const r of [a, b, c])
      expect(replicaView(sim, r, "orders", 0)).toMatchObject({ logEndOffset: 3, highWatermark: 3 });

    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    produce(sim, a, ["h3", "h4"]);
    rec.runUntil(sim.now + 1500);
    // c is still in the ISR with LEO 3: the HW stays at 3 although a and b have 5.
    expect(sim.snapshot().partitions[0].isr).toContain(c);
    expect(replicaView(sim, a, "orders", 0)).toMatchObject({ logEndOffset: 5, highWatermark: 3 });
    expect(replicaView(sim, b, "orders", 0)).toMatchObject({ logEndOffset: 5, highWatermark: 3 });
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ logEndOffset: 3, highWatermark: 3 });

    rec.until(() => !brokerState(sim, a)!.partitions.get("orders-0")!.isr.includes(c), 10_000);
    const shrunkAt = sim.now;
    // Without c the HW moves to 5 on the leader at once...
    expect(replicaView(sim, a, "orders", 0).highWatermark).toBe(5);
    // ...and b learns it only from its next fetch response.
    expect(replicaView(sim, b, "orders", 0).highWatermark).toBe(3);
    rec.until(() => replicaView(sim, b, "orders", 0).highWatermark === 5, 2000);
    expect(sim.now).toBeGreaterThan(shrunkAt);
    expect(sim.snapshot().monitor.violations).toBe(0);
  });
});

describe("log truncation with leader epochs (KIP-101, KIP-279)", () => {
  it("makes a returning leader truncate its divergent, uncommitted tail and follow the new leader", () => {
    const { rec, sim, a, b, c } = leaderAndController(5);
    produce(sim, a, ["ok0", "ok1"]);
    rec.runUntil(sim.now + 1000);
    // The followers are cut off from a; a takes two acks=1 writes that nobody replicates, then dies.
    rec.apply({ type: "partitionNetwork", a: [brokerNodeId(a)], b: [brokerNodeId(b), brokerNodeId(c)] });
    produce(sim, a, ["tail0", "tail1"]);
    rec.runUntil(sim.now + 200);
    expect(replicaView(sim, a, "orders", 0).logEndOffset).toBe(4);
    rec.apply({ type: "crashBroker", broker: a });
    rec.apply({ type: "heal" });
    rec.until(() => sim.snapshot().partitions[0].leader === b, 20_000);
    rec.runUntil(sim.now + 500);
    produce(sim, b, ["new0", "new1", "new2"]);
    rec.runUntil(sim.now + 1000);

    awaitDeregistered(sim, a);
    rec.apply({ type: "startBroker", broker: a });
    rec.runUntil(sim.now + 5000);
    const truncated = rec.of("log.truncated").filter((e) => e.broker === a);
    expect(truncated).toEqual([
      expect.objectContaining({
        toOffset: 2,
        removed: [
          { offset: 2, id: "tail0" },
          { offset: 3, id: "tail1" },
        ],
      }),
    ]);
    const ids = (broker: number) => sim.world.nodes.get(brokerNodeId(broker))!;
    const logOf = (broker: number) =>
      (ids(broker).durable as { logs: Map<string, { records: { id: string }[] }> }).logs
        .get("orders-0")!
        .records.map((r) => r.id);
    expect(logOf(a)).toEqual(["ok0", "ok1", "new0", "new1", "new2"]);
    expect(logOf(a)).toEqual(logOf(b));
    // The lost records were acks=1 and never replicated: reported, but no invariant broken.
    expect(rec.of("data.loss")).toEqual([
      expect.objectContaining({ offsets: [2, 3], cause: "acks=1 record not yet replicated" }),
    ]);
    expect(rec.of("invariant.violated")).toEqual([]);
    expect(sim.snapshot().partitions[0].isr).toContain(a);
  });

  it("keeps everything when the follower's epochs agree with the leader's", () => {
    const { rec, sim, a, c } = leaderAndController(6);
    produce(sim, a, ["p0", "p1", "p2"]);
    rec.runUntil(sim.now + 1000);
    rec.apply({ type: "crashBroker", broker: c });
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 3000);
    expect(rec.of("log.truncated")).toEqual([]);
    expect(rec.messages("OffsetsForLeaderEpoch").some((m) => m.msg.from === brokerNodeId(c))).toBe(true);
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ logEndOffset: 3, inIsr: true });
  });
});

describe("crash and restart", () => {
  it("keeps a crashed broker's log (durable) and loses its in-memory state (volatile)", () => {
    const { rec, sim, a, c } = leaderAndController(7);
    produce(sim, a, ["d0", "d1", "d2"]);
    rec.runUntil(sim.now + 1000);
    const before = replicaView(sim, c, "orders", 0);
    rec.apply({ type: "crashBroker", broker: c });
    expect(brokerState(sim, c)).toBeNull();
    const down = replicaView(sim, c, "orders", 0);
    expect(down).toMatchObject({ role: "none", logEndOffset: before.logEndOffset });
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    expect(brokerState(sim, c)!.partitions.size).toBe(0);
    expect(replicaView(sim, c, "orders", 0).logEndOffset).toBe(3);
  });
});
