import { describe, expect, it } from "vitest";
import { Simulation } from "./simulation";
import { keepMessages } from "./testing/helpers";

const cluster = { brokers: 3, topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }] };

function delays(sim: Simulation, node: string, from: number): number[] {
  return (sim.world.net.archive ?? [])
    .filter((m) => m.deliverAt >= from && (m.from === node || m.to === node))
    .map((m) => m.deliverAt - m.sentAt);
}

describe("slowNode", () => {
  it("delays every message to and from the node by the extra latency, and heal restores the network", () => {
    const sim = keepMessages(Simulation.create(cluster, 3));
    sim.runUntil(3000);
    sim.apply({ type: "slowNode", node: "broker-2", extraMs: 3000 });
    const slowedAt = sim.now;
    sim.runUntil(12000);
    const slow = delays(sim, "broker-2", slowedAt);
    expect(slow.length).toBeGreaterThan(0);
    expect(Math.min(...slow)).toBeGreaterThanOrEqual(3000);
    sim.apply({ type: "heal" });
    const healedAt = sim.now;
    sim.runUntil(30000);
    // Messages sent after the heal are fast again (FIFO links may hold the first few behind slow ones).
    const after = (sim.world.net.archive ?? []).filter(
      (m) => m.sentAt >= healedAt + 3500 && (m.from === "broker-2" || m.to === "broker-2"),
    );
    expect(after.length).toBeGreaterThan(0);
    for (const m of after) expect(m.deliverAt - m.sentAt).toBeLessThan(100);
  });

  it("rejects an unknown node or an absurd latency with a message, changing nothing", () => {
    const sim = Simulation.create(cluster, 3);
    sim.runUntil(1000);
    const hash = sim.snapshot().partitions;
    sim.apply({ type: "slowNode", node: "broker-9", extraMs: 10 });
    sim.apply({ type: "slowNode", node: "broker-1", extraMs: -5 });
    const rejected = sim.trace().filter((e) => e.type === "action.rejected");
    expect(rejected.map((e) => (e.type === "action.rejected" ? e.reason : ""))).toEqual([
      "there is no node broker-9",
      "extra latency must be between 0 and 600000 ms",
    ]);
    expect(Object.keys(sim.world.net.slow)).toEqual([]);
    expect(sim.snapshot().partitions).toEqual(hash);
  });
});

describe("trace(last)", () => {
  it("returns exactly the newest events of the whole trace, without messages", () => {
    const sim = Simulation.create(cluster, 5);
    sim.runUntil(8000);
    const all = sim.trace();
    expect(all.length).toBeGreaterThan(10);
    expect(sim.trace(10)).toEqual(all.slice(-10));
    expect(sim.trace(all.length + 50)).toEqual(all);
    expect(sim.trace(0)).toEqual([]);
  });
});
