import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TimedAction } from "../actions";
import { isCut } from "../core/network";
import { Simulation } from "../simulation";
import { type BrokerNode, brokerNodeId, zkNodeId } from "../world";
import { configFor, type FaultSchedule, resolve, scheduleArbitrary, shapeArbitrary } from "./faults";
import { injectProduce, Recorder } from "./helpers";

/**
 * Determinism and fault-injection properties over random clusters and
 * schedules: every behaviour is a function of (config, seed, actions).
 */

const HORIZON = 20_000;
const schedules = scheduleArbitrary({ unclean: false, horizonMs: HORIZON, maxSteps: 12 });

/** A schedule's actions as a run's timed actions (its produce steps are left out: they are not actions). */
function timedActions(s: FaultSchedule): TimedAction[] {
  return resolve(s).flatMap((step) => ("action" in step ? [{ at: step.at, action: step.action }] : []));
}

describe("determinism", () => {
  it("gives the same trace hash and snapshot for the same (config, seed, actions)", () => {
    fc.assert(
      fc.property(schedules, (s) => {
        const config = configFor(s.shape, false);
        const a = Simulation.create(config, s.seed, timedActions(s));
        const b = Simulation.create(config, s.seed, timedActions(s));
        a.runUntil(HORIZON);
        b.runUntil(HORIZON);
        expect(a.traceHash()).toBe(b.traceHash());
        expect(a.snapshot()).toEqual(b.snapshot());
      }),
      { seed: 101, numRuns: 200 },
    );
  }, 60_000);

  it("gives a different run for a different seed (the seed is really used)", () => {
    const config = configFor(
      {
        brokers: 3,
        zookeeperServers: 1,
        topics: [{ partitions: 3, replicationFactor: 3, minInsync: 1 }],
        sessionTimeoutMs: 3000,
        replicaLagMs: 2000,
        autoRebalance: false,
      },
      false,
    );
    const hashes = new Set(
      [1, 2, 3, 4, 5].map((seed) => {
        const sim = Simulation.create(config, seed);
        sim.runUntil(5000);
        return sim.traceHash();
      }),
    );
    expect(hashes.size).toBe(5);
  });

  it("gives the same run when advanced in fractions of a millisecond (as the UI's pacer does) as in one go", () => {
    fc.assert(
      fc.property(
        schedules,
        fc.array(fc.double({ min: 0.05, max: 40, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (s, slices) => {
          const config = configFor(s.shape, false);
          const sliced = Simulation.create(config, s.seed, timedActions(s));
          let i = 0;
          // Slices from the list, over and over, up to the horizon: the clock stays on whole milliseconds.
          while (sliced.now < HORIZON) {
            sliced.advance(Math.min(slices[i++ % slices.length], HORIZON - sliced.now));
            expect(Number.isInteger(sliced.now)).toBe(true);
          }
          const whole = Simulation.create(config, s.seed, timedActions(s));
          whole.runUntil(sliced.now);
          expect(sliced.traceHash()).toBe(whole.traceHash());
          expect(sliced.snapshot()).toEqual(whole.snapshot());
        },
      ),
      { seed: 303, numRuns: 40 },
    );
  }, 120_000);

  it("seek(t) lands on exactly the state of a fresh run stopped at t", () => {
    fc.assert(
      fc.property(
        schedules,
        fc.integer({ min: 0, max: HORIZON }),
        fc.integer({ min: 0, max: HORIZON }),
        (s, t1, t2) => {
          const config = configFor(s.shape, false);
          const sim = Simulation.create(config, s.seed, timedActions(s));
          sim.runUntil(HORIZON);
          for (const t of [t1, t2]) {
            sim.seek(t);
            const fresh = Simulation.create(config, s.seed, timedActions(s));
            fresh.runUntil(t);
            expect(sim.traceHash()).toBe(fresh.traceHash());
            expect(sim.snapshot()).toEqual(fresh.snapshot());
          }
        },
      ),
      { seed: 202, numRuns: 200 },
    );
  }, 60_000);
});

describe("fault injection", () => {
  it("drops exactly the messages that cross a network cut, and no others", () => {
    const cuts = fc.record({
      shape: shapeArbitrary(),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      at: fc.integer({ min: 0, max: 8000 }),
      side: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      everyone: fc.boolean(),
    });
    fc.assert(
      fc.property(cuts, ({ shape, seed, at, side, everyone }) => {
        const nodes = [
          ...Array.from({ length: shape.brokers }, (_, i) => brokerNodeId(i + 1)),
          ...Array.from({ length: shape.zookeeperServers }, (_, i) => zkNodeId(i + 1)),
        ];
        const a = nodes.filter((_, i) => side[i]);
        const b = nodes.filter((_, i) => !side[i]);
        if (a.length === 0 || (!everyone && b.length === 0)) return;
        const rec = new Recorder(Simulation.create(configFor(shape, false), seed)).runUntil(at);
        rec.apply(everyone ? { type: "isolate", node: a[0], from: "everyone" } : { type: "partitionNetwork", a, b });
        rec.runUntil(at + 10_000);
        const net = rec.sim.world.net;
        let crossed = 0;
        for (const m of rec.sim.world.net.archive ?? []) {
          if (m.deliverAt < at || (m.deliverAt === at && m.sentAt < at)) {
            expect(m.dropped).not.toBe("cut");
            continue;
          }
          if (isCut(net, m.from, m.to)) {
            crossed++;
            expect(m.dropped).toBe("cut");
          } else {
            expect(m.dropped).not.toBe("cut");
          }
        }
        // A broker cut off from its ZooKeeper server keeps pinging across the cut: something must have been dropped.
        const separated = Array.from({ length: shape.brokers }, (_, i) => i + 1).some((id) =>
          isCut(net, brokerNodeId(id), zkNodeId(((id - 1) % shape.zookeeperServers) + 1)),
        );
        if (separated) expect(crossed).toBeGreaterThan(0);
      }),
      { seed: 303, numRuns: 200 },
    );
  }, 60_000);

  it("a crash loses volatile state only: the broker starts again from exactly the log it had", () => {
    const crashes = fc.record({
      shape: shapeArbitrary(),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      broker: fc.integer({ min: 1, max: 5 }),
      at: fc.integer({ min: 2000, max: 10_000 }),
    });
    fc.assert(
      fc.property(crashes, ({ shape, seed, broker: pick, at }) => {
        const broker = ((pick - 1) % shape.brokers) + 1;
        const config = configFor(shape, false);
        const sim = Simulation.create(config, seed);
        // Some traffic so the logs have something in them.
        for (let t = 1000; t < at; t += 250) {
          sim.runUntil(t);
          for (const topic of config.topics!) {
            for (let p = 0; p < topic.partitions; p++) {
              const state = sim.world.zk.tree.get(`/brokers/topics/${topic.name}/partitions/${p}/state`);
              const leader = state ? (JSON.parse(state.data) as { leader: number }).leader : -1;
              if (leader > 0)
                injectProduce(sim.world, leader, {
                  acks: 1,
                  topic: topic.name,
                  partition: p,
                  ids: [`${topic.name}-${p}-${t}`],
                });
            }
          }
        }
        sim.runUntil(at);
        const node = sim.world.nodes.get(brokerNodeId(broker)) as BrokerNode;
        const before = structuredClone(node.durable.logs);
        sim.apply({ type: "crashBroker", broker });
        expect(node.up).toBe(false);
        expect(node.volatile).toBeNull();
        expect(node.durable.logs).toEqual(before);
        // Restart once the old session is gone: the new life starts from the same logs and a blank memory.
        const deadline = sim.now + 30_000;
        while (sim.world.zk.tree.has(`/brokers/ids/${broker}`) && sim.now < deadline) sim.step();
        expect(node.durable.logs).toEqual(before);
        sim.apply({ type: "startBroker", broker });
        expect(node.durable.logs).toEqual(before);
        expect(node.volatile!.partitions.size).toBe(0);
        expect(node.volatile!.controller).toBeNull();
        expect(node.volatile!.registered).toBe(false);
      }),
      { seed: 404, numRuns: 200 },
    );
  }, 60_000);
});
