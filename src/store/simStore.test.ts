import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "./scenario";
import { useSim } from "./simStore";

describe("sim store", () => {
  beforeEach(() => useSim.getState().reset(42));

  it("opens on the default scenario at t = 0", () => {
    const { snapshot, config, seed } = useSim.getState();
    expect(snapshot.now).toBe(0);
    expect(seed).toBe(42);
    expect(config.brokers).toBe(3);
    expect(config.broker["zookeeper.session.timeout.ms"]).toBe(6000);
  });

  it("steps exactly one engine event", () => {
    useSim.getState().advance(100);
    const before = useSim.getState().snapshot.eventCount;
    useSim.getState().step();
    expect(useSim.getState().snapshot.eventCount).toBe(before + 1);
  });

  it("does not step while playing", () => {
    useSim.getState().advance(100);
    const before = useSim.getState().snapshot.eventCount;
    useSim.getState().play();
    useSim.getState().step();
    useSim.getState().pause();
    expect(useSim.getState().snapshot.eventCount).toBe(before);
  });

  it("applies a user action and publishes its effect", () => {
    useSim.getState().advance(5000);
    useSim.getState().applyAction({ type: "crashBroker", broker: 2 });
    const broker2 = useSim.getState().snapshot.brokers.find((b) => b.id === 2);
    expect(broker2?.status).toBe("crashed");
  });

  it("keeps the identity of snapshot parts that did not change, so narrow selectors skip renders", () => {
    useSim.getState().advance(5000);
    const partitions = useSim.getState().snapshot.partitions;
    const version = useSim.getState().version;
    useSim.getState().step();
    expect(useSim.getState().version).toBe(version + 1);
    expect(useSim.getState().snapshot.partitions).toBe(partitions);
  });

  it("keeps the event log's window when only messages were exchanged (messages are not trace events)", () => {
    // Without clients, a settled cluster only exchanges messages (fetches, heartbeats).
    useSim.getState().reset(42, { ...DEFAULT_SCENARIO, producers: [], consumers: [] });
    useSim.getState().advance(5000);
    const trace = useSim.getState().trace;
    const traceCount = useSim.getState().snapshot.traceCount;
    const now = useSim.getState().snapshot.now;
    useSim.getState().advance(500);
    expect(useSim.getState().snapshot.now).toBeGreaterThan(now);
    expect(useSim.getState().snapshot.traceCount).toBe(traceCount);
    expect(useSim.getState().trace).toBe(trace);
    useSim.getState().reset(42, DEFAULT_SCENARIO);
  });

  it("reset returns to t = 0 and forgets the selection", () => {
    useSim.getState().advance(3000);
    useSim.getState().select({ kind: "broker", id: 1 });
    useSim.getState().reset();
    expect(useSim.getState().snapshot.now).toBe(0);
    expect(useSim.getState().selected).toBeNull();
  });

  it("remembers the chosen speed", () => {
    useSim.getState().setSpeed(100);
    expect(useSim.getState().speed).toBe(100);
    useSim.getState().setSpeed(1);
  });
});
