import { describe, expect, it } from "vitest";
import type { BrokerView } from "../sim";
import { brokerLanes, createViewCycle, sameBrokers, withBrokerLane } from "./viewCycle";

const broker = (id: number, logEndOffset = 0): BrokerView => ({
  id,
  node: `broker-${id}`,
  status: "running",
  isController: false,
  cutOff: "none",
  zkSession: 1,
  controllerEpochSeen: 1,
  replicas: [
    {
      topic: "t",
      partition: 0,
      role: "leader",
      leader: id,
      leaderEpoch: 0,
      logStartOffset: 0,
      logEndOffset,
      highWatermark: logEndOffset,
      inIsr: true,
    },
  ],
});

describe("view cycle", () => {
  it("publishes a snapshot, then the broker cards lane by lane and the panels on the frames after it, then waits for the interval", () => {
    const cycle = createViewCycle(125);
    const phases = [0, 16, 33, 50, 66, 83, 100, 116, 133].map((wall) => cycle.next(wall, 12));
    expect(phases).toEqual([
      { kind: "snapshot", lanes: 3 },
      { kind: "brokers", lane: 0, lanes: 3 },
      { kind: "brokers", lane: 1, lanes: 3 },
      { kind: "brokers", lane: 2, lanes: 3 },
      { kind: "panels" },
      null,
      null,
      null,
      { kind: "snapshot", lanes: 3 },
    ]);
  });

  it("needs no broker lanes for a small cluster", () => {
    const cycle = createViewCycle(125);
    expect(cycle.next(0, 3)).toEqual({ kind: "snapshot", lanes: 1 });
    expect(cycle.next(16, 3)).toEqual({ kind: "panels" });
    expect(cycle.next(33, 3)).toBeNull();
    expect(brokerLanes(0)).toBe(1);
  });

  it("starts a new cycle on the next frame after a reset (everything was published at once)", () => {
    const cycle = createViewCycle(125);
    cycle.next(0, 12);
    cycle.reset();
    expect(cycle.next(16, 12)).toEqual({ kind: "snapshot", lanes: 3 });
  });
});

describe("broker lanes", () => {
  const shown = [1, 2, 3, 4, 5, 6].map((id) => broker(id, 10));
  const fresh = [1, 2, 3, 4, 5, 6].map((id) => broker(id, 20));

  it("takes only one lane's brokers from the fresh list, keeping the others as shown", () => {
    const lane1 = withBrokerLane(shown, fresh, 1, 3);
    expect(lane1.map((b) => b.replicas[0].logEndOffset)).toEqual([10, 10, 20, 20, 10, 10]);
    expect(lane1[0]).toBe(shown[0]);
    expect(lane1[2]).toBe(fresh[2]);
    const all = [0, 1, 2].reduce((list, lane) => withBrokerLane(list, fresh, lane, 3), shown as readonly BrokerView[]);
    expect(all).toEqual(fresh);
  });

  it("returns the shown list itself when the lane did not change", () => {
    expect(withBrokerLane(fresh, fresh, 0, 3)).toBe(fresh);
  });

  it("only staggers the same brokers in the same order", () => {
    expect(sameBrokers(shown, fresh)).toBe(true);
    expect(sameBrokers(shown, fresh.slice(1))).toBe(false);
    expect(sameBrokers(shown, [...fresh].reverse())).toBe(false);
  });
});
