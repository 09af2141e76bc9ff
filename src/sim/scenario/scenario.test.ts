import { describe, expect, it } from "vitest";
import { Simulation } from "../simulation";
import { BUILTIN_SCENARIOS, checkScenario, parseScenario, simulationFor } from ".";

describe("built-in scenarios", () => {
  it.each(BUILTIN_SCENARIOS.map((s) => [s.id, s] as const))("%s: every tour checkpoint holds", (_id, scenario) => {
    const results = checkScenario(scenario);
    expect(results.length).toBeGreaterThan(0);
    for (const { title, result } of results) expect({ title, failed: result.failed }).toEqual({ title, failed: [] });
  });
});

describe("runs round-trip through their description", () => {
  it("replays a run with user actions to the same trace hash", () => {
    const sim = simulationFor(BUILTIN_SCENARIOS[1]);
    sim.runUntil(3000);
    sim.apply({ type: "crashBroker", broker: 3 });
    sim.runUntil(12000);
    sim.apply({ type: "startBroker", broker: 3 });
    sim.runUntil(20000);
    const replay = Simulation.fromRun(JSON.parse(JSON.stringify(sim.run())));
    replay.runUntil(20000);
    expect(replay.traceHash()).toBe(sim.traceHash());
    expect(replay.snapshot()).toEqual(sim.snapshot());
  });

  it("seek(t) then play equals playing straight through", () => {
    const straight = simulationFor(BUILTIN_SCENARIOS[2]);
    straight.runUntil(30000);
    const seeker = simulationFor(BUILTIN_SCENARIOS[2]);
    seeker.runUntil(25000);
    seeker.seek(7000);
    seeker.runUntil(30000);
    expect(seeker.traceHash()).toBe(straight.traceHash());
  });
});

describe("scenario files are validated", () => {
  const base = BUILTIN_SCENARIOS[0];

  it.each([
    [
      "a million partitions",
      { cluster: { ...base.cluster, topics: [{ name: "t", partitions: 1_000_000, replicationFactor: 1 }] } },
      "partitions",
    ],
    [
      "replication factor above the broker count",
      { cluster: { brokers: 2, topics: [{ name: "t", partitions: 1, replicationFactor: 3 }] } },
      "INVALID_REPLICATION_FACTOR",
    ],
    [
      "script in a topic name",
      { cluster: { topics: [{ name: "<script>alert(1)</script>", partitions: 1, replicationFactor: 1 }] } },
      "topics.0.name",
    ],
    [
      "a negative timeout",
      { cluster: { broker: { "zookeeper.session.timeout.ms": -5 } } },
      "zookeeper.session.timeout.ms",
    ],
    ["an unknown setting", { cluster: { broker: { "no.such.setting": 1 } } }, "cluster.broker"],
    ["an unknown action", { actions: [{ at: 0, action: { type: "format-disk" } }] }, "actions.0.action"],
    ["a wrong type for the seed", { seed: "42" }, "seed"],
  ])("rejects %s with a message naming it", (_what, change, expected) => {
    const parsed = parseScenario({ ...base, ...change });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(expected);
  });

  it("accepts every built-in scenario as data (after a JSON round trip)", () => {
    for (const s of BUILTIN_SCENARIOS) expect(parseScenario(JSON.parse(JSON.stringify(s))).ok).toBe(true);
  });
});
