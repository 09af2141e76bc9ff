import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim";
import { describeEvent, eventSeverity, formatSimTime } from "./describeEvent";

describe("describeEvent", () => {
  it("says who elected which leader, with epoch, ISR and why", () => {
    const e: SimEvent = {
      t: 12050,
      type: "leader.elected",
      topic: "orders",
      partition: 0,
      leader: 3,
      leaderEpoch: 1,
      isr: [3, 1],
      reason: "offline",
      controller: 3,
    };
    expect(describeEvent(e)).toBe(
      "Controller broker 3 elected broker 3 leader of orders-0, epoch 1, ISR [3, 1] (previous leader offline)",
    );
  });

  it("lists the ephemeral znodes an expired session took with it", () => {
    const e: SimEvent = {
      t: 12000,
      type: "zk.session.expired",
      session: 2,
      owner: "broker-2",
      ephemerals: ["/brokers/ids/2", "/controller"],
    };
    expect(describeEvent(e)).toBe("ZooKeeper session 2 of broker-2 expired; deleted /brokers/ids/2, /controller");
  });

  it("describes ISR shrinks and expansions", () => {
    const shrink: SimEvent = {
      t: 1,
      type: "isr.changed",
      topic: "orders",
      partition: 1,
      isr: [3, 1],
      previous: [3, 1, 2],
      leaderEpoch: 1,
    };
    expect(describeEvent(shrink)).toBe("orders-1 ISR shrank [3, 1, 2] → [3, 1] (epoch 1)");
    expect(describeEvent({ ...shrink, isr: [3, 1, 2], previous: [3, 1] })).toBe(
      "orders-1 ISR expanded [3, 1] → [3, 1, 2] (epoch 1)",
    );
  });

  it("describes the user's actions and rejections", () => {
    expect(describeEvent({ t: 0, type: "action", action: { type: "crashBroker", broker: 2 } })).toBe(
      "You: crash broker 2",
    );
    expect(
      describeEvent({
        t: 0,
        type: "action.rejected",
        action: { type: "startBroker", broker: 1 },
        reason: "broker 1 is already running",
      }),
    ).toBe("Rejected: start broker 1 (broker 1 is already running)");
    expect(
      describeEvent({ t: 0, type: "action", action: { type: "isolate", node: "broker-2", from: "zookeeper" } }),
    ).toBe("You: cut broker-2 off from ZooKeeper");
  });

  it("describes controller elections and quorum loss", () => {
    expect(describeEvent({ t: 30, type: "controller.elected", broker: 2, epoch: 1 })).toBe(
      "Broker 2 became controller (epoch 1)",
    );
    expect(describeEvent({ t: 0, type: "zk.quorum", available: false, up: 1, of: 3 })).toBe(
      "ZooKeeper quorum LOST (1 of 3 servers up)",
    );
  });

  it("falls back to the type and fields for an event type it does not know yet", () => {
    const future = { t: 5, type: "future.thing", group: "g1", generation: 3 } as unknown as SimEvent;
    expect(describeEvent(future)).toBe("future.thing (group=g1, generation=3)");
  });

  it("describes producer sends, retries and consumer group rebalances", () => {
    expect(
      describeEvent({
        t: 1,
        type: "produce.sent",
        producer: "producer-1",
        topic: "orders",
        partition: 2,
        broker: 1,
        count: 5,
        attempt: 2,
        firstId: "p1-0",
        baseSequence: -1,
      }),
    ).toBe("producer-1 sent 5 records to broker 1 for orders-2 (retry 1)");
    expect(
      describeEvent({
        t: 1,
        type: "group.rebalanced",
        groupId: "billing",
        generation: 3,
        protocol: "range",
        leader: "consumer-1",
        assignment: { "consumer-1": ["orders-0", "orders-1"], "consumer-2": ["orders-2"] },
      }),
    ).toBe(
      "Group billing rebalanced to generation 3, leader consumer-1: consumer-1 ← orders-0, orders-1; consumer-2 ← orders-2",
    );
  });

  it("marks offline partitions and unclean elections as errors, crashes as warnings", () => {
    expect(eventSeverity({ t: 0, type: "partition.offline", topic: "o", partition: 0, leaderEpoch: 1, isr: [2] })).toBe(
      "error",
    );
    expect(eventSeverity({ t: 0, type: "node.crashed", node: "broker-1" })).toBe("warn");
  });

  it("formats simulated time in seconds with millisecond precision", () => {
    expect(formatSimTime(12345)).toBe("12.345 s");
    expect(formatSimTime(0)).toBe("0.000 s");
  });
});
