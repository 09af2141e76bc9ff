import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../simulation";
import { partitionView, Recorder, registered, testCluster, topic } from "../testing/helpers";
import { brokerNode, tpKey } from "../world";

const RECORDS = 1500;

describe("producer and consumer under a broker crash (property)", () => {
  it("with idempotence, acks=all and a crashed-then-restarted broker: every record once, consumed once, nothing lost", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1000, max: 8000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (seed, crashAt, victim, keyed) => {
          const sim = Simulation.create(
            testCluster({
              topics: [topic("orders", 3, 3)],
              producers: [
                {
                  id: "producer-1",
                  topic: "orders",
                  rate: 200,
                  count: RECORDS,
                  keyPattern: keyed ? "k-{n % 50}" : undefined,
                  config: { "request.timeout.ms": 2000 },
                },
              ],
              consumers: [
                {
                  id: "consumer-1",
                  topic: "orders",
                  config: { "auto.offset.reset": "earliest", "request.timeout.ms": 2000 },
                },
              ],
            }),
            seed,
          );
          const rec = new Recorder(sim);
          rec.runUntil(crashAt);
          rec.apply({ type: "crashBroker", broker: victim });
          rec.runUntil(crashAt + 9000);
          if (!registered(sim, victim)) rec.apply({ type: "startBroker", broker: victim });
          rec.runUntil(50_000);
          const s = sim.snapshot();
          const p = s.producers[0];
          expect(p.acked).toBe(RECORDS);
          let total = 0;
          for (let q = 0; q < 3; q++) {
            const leader = partitionView(sim, "orders", q).leader;
            const log = brokerNode(sim.world, leader)!.durable.logs.get(tpKey("orders", q))!.records;
            expect(new Set(log.map((r) => r.id)).size).toBe(log.length);
            total += log.length;
          }
          expect(total).toBe(RECORDS);
          expect(s.consumers[0].consumed).toBe(RECORDS);
          expect(s.consumers[0].duplicates).toBe(0);
          expect(s.monitor).toEqual({ violations: 0, dataLosses: 0 });
        },
      ),
      // A fixed fast-check seed keeps CI reproducible; change it locally to explore more of the space.
      { numRuns: 8, seed: 20261128 },
    );
  });
});
