/**
 * AbstractStickyAssignorTest's cases, run against both sticky assignors as Kafka runs
 * them for StickyAssignorTest and CooperativeStickyAssignorTest.
 */
import { describe, expect, it } from "vitest";
import {
  cooperativeHarness,
  GENERATION_ID,
  isFullyBalanced,
  keySet,
  keys,
  put,
  type Subscriptions,
  stickyHarness,
  subscription,
  tp,
} from "./testSupport";

const topic = "topic";
const topic1 = "topic1";
const topic2 = "topic2";
const [consumer1, consumer2, consumer3, consumer4] = ["consumer1", "consumer2", "consumer3", "consumer4"];

describe.each([stickyHarness, cooperativeHarness])("$name assignor", (assignor) => {
  // Kafka: AbstractStickyAssignorTest.testOneConsumerNoTopic
  it("gives a member without topics an empty assignment", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [])]]);
    const assignment = assignor.assign({}, subs);
    expect(assignment).toEqual({ consumer: [] });
    expect(assignor.partitionsTransferringOwnership({}, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testOneConsumerNonexistentTopic
  it("gives nothing for a subscribed topic with no partitions", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic])]]);
    expect(assignor.assign({ [topic]: 0 }, subs)).toEqual({ consumer: [] });
  });

  // Kafka: AbstractStickyAssignorTest.testOneConsumerOneTopic
  it("gives a single member all partitions of its topic", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic])]]);
    expect(assignor.assign({ [topic]: 3 }, subs).consumer).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)]);
  });

  // Kafka: AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
  it("drops owned partitions of topics outside the subscription", () => {
    const owned = [tp(topic, 0), tp(topic, 1), tp("other", 0), tp("other", 1)];
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic], owned, GENERATION_ID)]]);
    expect(assignor.assign({ [topic]: 2 }, subs).consumer).toEqual([tp(topic, 0), tp(topic, 1)]);
    expect(assignor.partitionsTransferringOwnership({ [topic]: 2 }, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testOneConsumerMultipleTopics
  it("gives a single member every partition of several topics", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic1, topic2])]]);
    expect(assignor.assign({ [topic1]: 1, [topic2]: 2 }, subs).consumer).toEqual([
      tp(topic1, 0),
      tp(topic2, 0),
      tp(topic2, 1),
    ]);
  });

  // Kafka: AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition / testTwoConsumersOneTopicTwoPartitions
  it("spreads one topic over two members", () => {
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic]));
    put(subs, subscription(consumer2, [topic]));
    expect(isFullyBalanced(assignor.assign({ [topic]: 1 }, subs))).toBe(true);
    expect(assignor.assign({ [topic]: 2 }, subs)).toEqual({ consumer1: [tp(topic, 0)], consumer2: [tp(topic, 1)] });
  });

  // Kafka: AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions
  it("balances members with different subscriptions on the general path", () => {
    const ppt = { [topic1]: 3, [topic2]: 2 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic1]));
    put(subs, subscription(consumer2, [topic1, topic2]));
    put(subs, subscription(consumer3, [topic1]));
    const assignment = assignor.assign(ppt, subs);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2)],
      consumer2: [tp(topic2, 0), tp(topic2, 1)],
      consumer3: [tp(topic1, 1)],
    });
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toBeNull();
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions
  it("deals partitions round-robin to fresh members with the same subscription", () => {
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic1, topic2]));
    put(subs, subscription(consumer2, [topic1, topic2]));
    expect(assignor.assign({ [topic1]: 3, [topic2]: 3 }, subs)).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
    });
  });

  // Kafka: AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota
  it("tops up a member owning minQuota to maxQuota without moving anything", () => {
    const ppt = { [topic1]: 2, [topic2]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic1, topic2], [tp(topic1, 0), tp(topic2, 1)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic1, topic2], [tp(topic1, 1), tp(topic2, 2)], GENERATION_ID));
    const assignment = assignor.assign(ppt, subs);
    expect(assignment.consumer1).toEqual([tp(topic1, 0), tp(topic2, 1), tp(topic2, 0)]);
    expect(assignment.consumer2).toEqual([tp(topic1, 1), tp(topic2, 2)]);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers
  it("lets only as many members keep maxQuota as the partition count allows", () => {
    const ppt = { [topic1]: 2, [topic2]: 2 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic1, topic2], [tp(topic1, 0), tp(topic2, 0)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic1, topic2], [tp(topic1, 1), tp(topic2, 1)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic1, topic2], [], GENERATION_ID));
    const assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map([["topic2-0", consumer3]]));
    assignor.verify(ppt, subs, assignment);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 1)],
      consumer3: [tp(topic2, 0)],
    });
  });

  // Kafka: AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota
  it("fills members that all own less than minQuota", () => {
    const ppt = { [topic1]: 2, [topic2]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic1, topic2], [tp(topic1, 0)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic1, topic2], [tp(topic1, 1)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic1, topic2], [], GENERATION_ID));
    const assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 2)],
      consumer3: [tp(topic2, 0)],
    });
  });

  // Kafka: AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic
  it("moves one partition to a joining member and all back when the other leaves", () => {
    const ppt = { [topic]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic]));
    let assignment = assignor.assign(ppt, subs);
    expect(assignment.consumer1).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)]);

    put(subs, subscription(consumer1, [topic], assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, [topic], [], GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map([["topic-2", consumer2]]));
    assignor.verify(ppt, subs, assignment);
    expect(assignment).toEqual({ consumer1: [tp(topic, 0), tp(topic, 1)], consumer2: [tp(topic, 2)] });

    subs.delete(consumer1);
    put(subs, subscription(consumer2, [topic], assignment.consumer2, GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer2)).toEqual(new Set(["topic-0", "topic-1", "topic-2"]));
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testTopicBalanceAfterReassignment
  it("keeps every topic evenly split as members join and leave", () => {
    const ppt = { [topic1]: 12, [topic2]: 12 };
    const all = [topic1, topic2];
    const perTopic = (assignment: Record<string, { topic: string }[]>, expected: number) => {
      for (const partitions of Object.values(assignment)) {
        expect(partitions.filter((p) => p.topic === topic1)).toHaveLength(expected);
        expect(partitions.filter((p) => p.topic === topic2)).toHaveLength(expected);
      }
    };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, all));
    let assignment = assignor.assign(ppt, subs);
    perTopic(assignment, 12);

    put(subs, subscription(consumer1, all, assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, all, [], GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    perTopic(assignment, 6);

    put(subs, subscription(consumer1, all, assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, all, assignment.consumer2, GENERATION_ID));
    put(subs, subscription(consumer3, all, [], GENERATION_ID));
    put(subs, subscription(consumer4, all, [], GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    perTopic(assignment, 3);

    subs.delete(consumer1);
    subs.delete(consumer2);
    put(subs, subscription(consumer3, all, assignment.consumer3, GENERATION_ID));
    put(subs, subscription(consumer4, all, assignment.consumer4, GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    perTopic(assignment, 6);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics
  it("keeps owners' lowest partitions when two members join, and their own when two leave", () => {
    const ppt = { [topic1]: 3, [topic2]: 4 };
    const all = [topic1, topic2];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, all));
    put(subs, subscription(consumer2, all));
    let assignment = assignor.assign(ppt, subs);
    expect(keys(assignment.consumer1)).toEqual(["topic1-0", "topic1-2", "topic2-1", "topic2-3"]);
    expect(keys(assignment.consumer2)).toEqual(["topic1-1", "topic2-0", "topic2-2"]);

    // add 2 consumers
    put(subs, subscription(consumer1, all, assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, all, assignment.consumer2, GENERATION_ID));
    put(subs, subscription(consumer3, all, [], GENERATION_ID));
    put(subs, subscription(consumer4, all, [], GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(
      new Map([
        ["topic1-2", consumer3],
        ["topic2-2", consumer4],
        ["topic2-3", consumer3],
      ]),
    );
    assignor.verify(ppt, subs, assignment);
    expect(keys(assignment.consumer1)).toEqual(["topic1-0", "topic2-1"]);
    expect(keys(assignment.consumer2)).toEqual(["topic2-0", "topic1-1"]);
    expect(keys(assignment.consumer3)).toEqual(["topic1-2", "topic2-3"]);
    expect(keys(assignment.consumer4)).toEqual(["topic2-2"]);

    // remove 2 consumers
    subs.delete(consumer1);
    subs.delete(consumer2);
    put(subs, subscription(consumer3, all, assignment.consumer3, GENERATION_ID));
    put(subs, subscription(consumer4, all, assignment.consumer4, GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    expect(keys(assignment.consumer3)).toEqual(["topic1-2", "topic2-3", "topic1-0", "topic2-1"]);
    expect(keys(assignment.consumer4)).toEqual(["topic2-2", "topic1-1", "topic2-0"]);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario
  it("balances the subscriptions round-robin handles poorly", () => {
    const ppt = { topic1: 2, topic2: 1, topic3: 2, topic4: 1, topic5: 2 };
    const subs: Subscriptions = new Map();
    put(subs, subscription("consumer1", ["topic1", "topic2", "topic3", "topic4", "topic5"]));
    put(subs, subscription("consumer2", ["topic1", "topic3", "topic5"]));
    put(subs, subscription("consumer3", ["topic1", "topic3", "topic5"]));
    put(subs, subscription("consumer4", ["topic1", "topic2", "topic3", "topic4", "topic5"]));
    const assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    expect(Object.values(assignment).map((p) => p.length)).toEqual([2, 2, 2, 2]);
  });

  // Kafka: AbstractStickyAssignorTest.testAddRemoveTopicTwoConsumers
  it("keeps existing partitions when a topic is added and then the first one deleted", () => {
    const ppt: Record<string, number> = { [topic]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic]));
    put(subs, subscription(consumer2, [topic]));
    let assignment = assignor.assign(ppt, subs);
    const first = { ...assignment };
    expect(isFullyBalanced(assignment)).toBe(true);

    ppt[topic2] = 3;
    put(subs, subscription(consumer1, [topic, topic2], assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, [topic, topic2], assignment.consumer2, GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);
    expect(assignment.consumer1).toHaveLength(3);
    expect(assignment.consumer2).toHaveLength(3);
    expect(assignment.consumer1).toEqual(expect.arrayContaining(first.consumer1));
    expect(assignment.consumer2).toEqual(expect.arrayContaining(first.consumer2));
    const second = { ...assignment };

    delete ppt[topic];
    put(subs, subscription(consumer1, [topic2], assignment.consumer1, GENERATION_ID));
    put(subs, subscription(consumer2, [topic2], assignment.consumer2, GENERATION_ID));
    assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    expect(isFullyBalanced(assignment)).toBe(true);
    expect(second.consumer1).toEqual(expect.arrayContaining(assignment.consumer1));
    expect(second.consumer2).toEqual(expect.arrayContaining(assignment.consumer2));
  });

  // Kafka: AbstractStickyAssignorTest.testStickiness
  it("keeps each remaining member's partition when the group leader leaves", () => {
    const ppt = { [topic1]: 3 };
    const subs: Subscriptions = new Map();
    for (const c of [consumer1, consumer2, consumer3, consumer4]) put(subs, subscription(c, [topic1]));
    let assignment = assignor.assign(ppt, subs);
    const before = { ...assignment };
    for (const partitions of Object.values(assignment)) expect(partitions.length).toBeLessThanOrEqual(1);

    subs.delete(consumer1);
    for (const c of [consumer2, consumer3, consumer4]) {
      put(subs, subscription(c, [topic1], assignment[c], GENERATION_ID));
    }
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    for (const c of [consumer2, consumer3, consumer4]) {
      expect(assignment[c]).toHaveLength(1);
      expect(assignment[c]).toEqual(expect.arrayContaining(before[c]));
    }
  });

  // Kafka: AbstractStickyAssignorTest.testAssignmentUpdatedForDeletedTopic
  it("ignores a subscribed topic that was deleted", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic1, topic2, "topic3"])]]);
    const assignment = assignor.assign({ [topic1]: 1, topic3: 100 }, subs);
    expect(assignment.consumer).toHaveLength(101);
  });

  // Kafka: AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted
  it("returns an empty assignment when the only subscribed topic is deleted", () => {
    const subs: Subscriptions = new Map([["consumer", subscription("consumer", [topic])]]);
    const assignment = assignor.assign({ [topic]: 3 }, subs);
    put(subs, subscription("consumer", [topic], assignment.consumer, GENERATION_ID));
    expect(assignor.assign({}, subs)).toEqual({ consumer: [] });
    expect(assignor.partitionsTransferringOwnership({}, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled
  it("treats members that reached their quota as filled", () => {
    const ppt = { [topic]: 4 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic], [tp(topic, 2)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic], [], GENERATION_ID));
    expect(assignor.assign(ppt, subs)).toEqual({
      consumer1: [tp(topic, 0), tp(topic, 1)],
      consumer2: [tp(topic, 2)],
      consumer3: [tp(topic, 3)],
    });
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });
});
