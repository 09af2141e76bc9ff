// @vitest-environment jsdom
import { compressToEncodedURIComponent } from "lz-string";
import { beforeEach, describe, expect, it } from "vitest";
import { findBuiltin, Simulation, simulationFor } from "../sim";
import { STORAGE_KEY } from "./persistence";
import { decodeShare, encodeShare, parseRunFile, toRunFile } from "./share";
import { openFromLocation } from "./shareActions";
import { useSim } from "./simStore";

const killTheLeader = findBuiltin("kill-the-leader")!;

/** A run with user actions in it, stopped at 20 s. */
function sampleRun() {
  const sim = simulationFor(killTheLeader);
  sim.runUntil(3000);
  sim.apply({ type: "crashBroker", broker: 2 });
  sim.runUntil(12_000);
  sim.apply({ type: "startBroker", broker: 2 });
  sim.runUntil(20_000);
  return sim;
}

const query = (payload: unknown, t?: number) =>
  `?run=${compressToEncodedURIComponent(JSON.stringify(payload))}${t === undefined ? "" : `&t=${t}`}`;

describe("share links", () => {
  it("round-trips a run through the URL to the same trace hash at the same time", () => {
    const sent = sampleRun();
    const decoded = decodeShare(`?${encodeShare(sent.run(), sent.now)}`);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.shared.t).toBe(20_000);
    const received = Simulation.fromRun(decoded.shared.run);
    received.runUntil(decoded.shared.t);
    expect(received.traceHash()).toBe(sent.traceHash());
    expect(received.snapshot()).toEqual(sent.snapshot());
  });

  it("round-trips through an exported run file too", () => {
    const sent = sampleRun();
    const decoded = parseRunFile(JSON.stringify(toRunFile(sent.run(), sent.now)), "run.json");
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const received = Simulation.fromRun(decoded.shared.run);
    received.runUntil(decoded.shared.t);
    expect(received.traceHash()).toBe(sent.traceHash());
  });

  it("imports a scenario file as its cluster, seed and timeline", () => {
    const decoded = parseRunFile(JSON.stringify(killTheLeader), "kill.json");
    expect(decoded.ok && decoded.shared.run.seed).toBe(7);
  });
});

describe("bad links give a message naming the problem and change nothing", () => {
  const good = () => toRunFile(sampleRun().run(), 1000) as unknown as Record<string, unknown>;
  const cluster = () => good().config as Record<string, unknown>;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(STORAGE_KEY, '{"version":1,"scenarios":[]}');
    useSim.getState().reset(42);
    useSim.getState().advance(2500);
  });

  it.each([
    ["no run at all", "?run=", "no run"],
    ["bad base64 / not lz-string", "?run=%%%not-base64!!", "could not be decompressed"],
    ["compressed garbage that is not JSON", `?run=${compressToEncodedURIComponent("{not json")}`, "not valid JSON"],
    ["an unknown version", query({ ...good(), v: 2 }), "unknown run format version 2"],
    ["no version", query({ config: {}, seed: 1, actions: [] }), "unknown run format version"],
    ["an array instead of a run", query([1, 2, 3]), "does not hold a run"],
    ["a seed of the wrong type", query({ ...good(), seed: "42" }), "seed"],
    ["actions of the wrong type", query({ ...good(), actions: "crash everything" }), "actions"],
    [
      "a million partitions",
      query({
        ...good(),
        config: { ...cluster(), topics: [{ name: "t", partitions: 1_000_000, replicationFactor: 1 }] },
      }),
      "config.topics.0.partitions",
    ],
    [
      "script in a topic name",
      query({
        ...good(),
        config: { ...cluster(), topics: [{ name: "<script>alert(1)</script>", partitions: 1, replicationFactor: 1 }] },
      }),
      "config.topics.0.name",
    ],
    [
      "script in a producer id",
      query({
        ...good(),
        config: { ...cluster(), producers: [{ id: "<img src=x onerror=alert(1)>", topic: "orders", rate: 1 }] },
      }),
      "config.producers.0.id",
    ],
    ["an unknown action", query({ ...good(), actions: [{ at: 0, action: { type: "rm -rf" } }] }), "actions.0.action"],
    ["a negative time", query(good(), -5), "t=-5"],
    ["a time that is not a number", query(good()).concat("&t=soon"), "t=soon"],
    ["a time beyond a day", query({ ...good(), t: 10 ** 12 }), "t must be"],
    ["a link too long to be real", `?run=${"A".repeat(300_000)}`, "too long"],
  ])("%s", (_what, search, expected) => {
    const { snapshot: before, seed, config } = useSim.getState();
    const runBefore = JSON.stringify(useSim.getState().currentRun());
    const error = openFromLocation(search);
    expect(error).toContain(expected);
    expect(error).toContain("The default cluster was loaded instead");
    const after = useSim.getState();
    expect(after.snapshot.traceHash).toBe(before.traceHash);
    expect(after.snapshot.now).toBe(2500);
    expect(after.seed).toBe(seed);
    expect(after.config).toBe(config);
    expect(JSON.stringify(after.currentRun())).toBe(runBefore);
    expect(localStorage.getItem(STORAGE_KEY)).toBe('{"version":1,"scenarios":[]}');
    expect(localStorage.length).toBe(1);
  });

  it("a good link loads the run at its time", () => {
    const sent = sampleRun();
    expect(openFromLocation(`?${encodeShare(sent.run(), 15_000)}`)).toBeNull();
    const { snapshot } = useSim.getState();
    expect(snapshot.now).toBe(15_000);
    const check = Simulation.fromRun(sent.run());
    check.runUntil(15_000);
    expect(snapshot.traceHash).toBe(check.traceHash());
  });

  it("a page without ?run= loads nothing", () => {
    const before = useSim.getState().snapshot;
    expect(openFromLocation("?foo=1")).toBeNull();
    expect(useSim.getState().snapshot).toBe(before);
  });
});
