/**
 * Rebalances with history: generations, conflicting claims, members leaving and
 * subscriptions changing. Cases from AbstractStickyAssignorTest (both assignors)
 * and StickyAssignorTest (the eager assignor).
 */
import { describe, expect, it } from "vitest";
import {
  canonicalName,
  cooperativeHarness,
  GENERATION_ID,
  isFullyBalanced,
  keySet,
  put,
  type Subscriptions,
  stickyHarness,
  subscription,
  tp,
} from "./testSupport";
import type { TopicPartition } from "./types";

const topic = "topic";
const topic2 = "topic2";
const topic3 = "topic3";
const [consumer1, consumer2, consumer3, consumer4] = ["consumer1", "consumer2", "consumer3", "consumer4"];

/** A small deterministic generator standing in for java.util.Random in Kafka's randomized tests. */
function lcg(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

describe.each([stickyHarness, cooperativeHarness])("$name assignor across rebalances", (assignor) => {
  // Kafka: AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves
  it("stays sticky and valid when one of many differently subscribed members leaves", () => {
    const ppt: Record<string, number> = {};
    for (let i = 1; i < 20; i++) ppt[canonicalName("t", i, 20)] = i;
    const subs: Subscriptions = new Map();
    for (let i = 1; i < 20; i++) {
      const topics = Array.from({ length: i }, (_, j) => canonicalName("t", j + 1, 20));
      put(subs, subscription(canonicalName("c", i, 20), topics));
    }
    let assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);

    for (const [consumer, s] of subs) put(subs, subscription(consumer, s.topics, assignment[consumer], GENERATION_ID));
    subs.delete("c10"); // Kafka's test removes "consumer10", a name its members do not have
    assignment = assignor.assign(ppt, subs);
    expect(assignor.isSticky(ppt, subs)).toBe(true);
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testReassignmentAfterOneConsumerAdded
  it("rebalances a topic of 20 partitions when a tenth member joins", () => {
    const ppt = { topic: 20 };
    const subs: Subscriptions = new Map();
    for (let i = 1; i < 10; i++) put(subs, subscription(canonicalName("c", i, 10), ["topic"]));
    let assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);

    put(subs, subscription("c10", ["topic"]));
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testSameSubscriptions
  it("rebalances 14 topics over 8 identically subscribed members when one leaves", () => {
    const ppt: Record<string, number> = {};
    for (let i = 1; i < 15; i++) ppt[canonicalName("t", i, 15)] = i;
    const topics = Object.keys(ppt);
    const subs: Subscriptions = new Map();
    for (let i = 1; i < 9; i++) put(subs, subscription(canonicalName("c", i, 9), topics));
    let assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);

    for (const [consumer, s] of subs) put(subs, subscription(consumer, s.topics, assignment[consumer], GENERATION_ID));
    subs.delete(canonicalName("c", 5, 9));
    assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testNewSubscription
  it("stays sticky when a member subscribes to another topic", () => {
    const ppt: Record<string, number> = {};
    for (let i = 1; i < 5; i++) ppt[canonicalName("t", i, 5)] = 1;
    const subs: Subscriptions = new Map();
    for (let i = 0; i < 3; i++) {
      const topics: string[] = [];
      for (let j = i; j <= 3 * i - 2; j++) topics.push(canonicalName("t", j, 5));
      put(subs, subscription(canonicalName("c", i, 3), topics));
    }
    let assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);

    subs.get("c0")?.topics.push("t1");
    assignment = assignor.assign(ppt, subs);
    assignor.verify(ppt, subs, assignment);
    expect(assignor.isSticky(ppt, subs)).toBe(true);
  });

  // Kafka: AbstractStickyAssignorTest.testMoveExistingAssignments
  it("moves owned partitions between differently subscribed members to balance them", () => {
    const ppt = { topic1: 1, topic2: 1, topic3: 1, topic4: 1, topic5: 1, topic6: 1 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, ["topic1", "topic2"], [tp("topic1", 0)], GENERATION_ID));
    put(
      subs,
      subscription(
        consumer2,
        ["topic1", "topic2", "topic3", "topic4"],
        [tp("topic2", 0), tp("topic3", 0)],
        GENERATION_ID,
      ),
    );
    put(
      subs,
      subscription(
        consumer3,
        ["topic2", "topic3", "topic4", "topic5", "topic6"],
        [tp("topic4", 0), tp("topic5", 0), tp("topic6", 0)],
        GENERATION_ID,
      ),
    );
    const assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toBeNull();
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testReassignmentWithRandomSubscriptionsAndChanges (seeded, fewer rounds)
  it("stays valid, balanced and sticky through random subscription changes", () => {
    const random = lcg(20240613);
    const randomSublist = (list: string[]) => {
      const selected = [...list];
      const howManyToRemove = random(list.length);
      for (let i = 0; i < howManyToRemove; i++) selected.splice(random(selected.length), 1);
      return selected.sort();
    };
    for (let round = 0; round < 8; round++) {
      const numTopics = 10 + random(10);
      const topics = Array.from({ length: numTopics }, (_, i) => canonicalName("t", i, 20));
      const ppt = Object.fromEntries(topics.map((t, i) => [t, i + 1]));
      const numConsumers = 20 + random(20);
      const subs: Subscriptions = new Map();
      for (let i = 0; i < numConsumers; i++) put(subs, subscription(canonicalName("c", i, 40), randomSublist(topics)));
      let assignment = assignor.assign(ppt, subs);
      assignor.verify(ppt, subs, assignment);

      const next: Subscriptions = new Map();
      for (let i = 0; i < numConsumers; i++) {
        const consumer = canonicalName("c", i, 40);
        put(next, subscription(consumer, randomSublist(topics), assignment[consumer], GENERATION_ID));
      }
      assignment = assignor.assign(ppt, next);
      expect(assignor.isSticky(ppt, next)).toBe(true);
      assignor.verify(ppt, next, assignment);
    }
  });

  // Kafka: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration
  it("ignores a member's claims that a newer generation also claims", () => {
    const ppt = { [topic]: 3, [topic2]: 3 };
    const owned = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic, topic2], owned, 10));
    put(subs, subscription(consumer2, [topic, topic2], owned, 9));
    const assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer1)).toEqual(new Set(["topic-0", "topic-2", "topic2-1"]));
    expect(keySet(assignment.consumer2)).toEqual(new Set(["topic-1", "topic2-0", "topic2-2"]));
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration
  it("ignores claims without a generation that a member with one also makes", () => {
    const ppt = { [topic]: 3, [topic2]: 3 };
    const owned = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic, topic2], owned, 10));
    put(subs, subscription(consumer2, [topic, topic2], owned));
    const assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer1)).toEqual(new Set(["topic-0", "topic-2", "topic2-1"]));
    expect(keySet(assignment.consumer2)).toEqual(new Set(["topic-1", "topic2-0", "topic2-2"]));
  });

  // Kafka: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration
  it("resolves overlapping claims from several generations in favour of the newest", () => {
    const ppt = { [topic]: 3, [topic2]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic, 1)], 10));
    put(subs, subscription(consumer2, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic2, 2)], 8));
    const assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer1)).toEqual(new Set(["topic-0", "topic2-1", "topic-1"]));
    expect(keySet(assignment.consumer2)).toEqual(new Set(["topic-2", "topic2-2", "topic2-0"]));
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration
  it("counts a partition claimed twice in one generation as changing owner", () => {
    const ppt = { [topic]: 3 };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic], [], GENERATION_ID));
    const assignment = assignor.assign(ppt, subs);
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map([["topic-0", consumer3]]));
    assignor.verify(ppt, subs, assignment);
    expect(assignment).toEqual({ consumer1: [tp(topic, 1)], consumer2: [tp(topic, 2)], consumer3: [tp(topic, 0)] });
  });

  // Kafka: AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration
  it("always leaves a contested partition with the highest generation", () => {
    const ppt = { [topic]: 3, [topic2]: 3, [topic3]: 3 };
    const all = [topic, topic2, topic3];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, all, [tp(topic, 0), tp(topic2, 0), tp(topic3, 0)], 10));
    put(subs, subscription(consumer2, all, [tp(topic, 1), tp(topic2, 1), tp(topic3, 1)], 9));
    put(subs, subscription(consumer3, all, [tp(topic2, 1), tp(topic3, 0), tp(topic3, 2)], 8));
    const assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer1)).toEqual(new Set(["topic-0", "topic2-0", "topic3-0"]));
    expect(keySet(assignment.consumer2)).toEqual(new Set(["topic-1", "topic2-1", "topic3-1"]));
    expect(keySet(assignment.consumer3)).toEqual(new Set(["topic-2", "topic2-2", "topic3-2"]));
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
  });

  // Kafka: AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers
  it("gives a new member only unowned partitions when owners of older generations are within quota", () => {
    const ppt = { [topic]: 3, topic1: 3, [topic2]: 3, [topic3]: 3 };
    const all = [topic, topic2, topic3, "topic1"];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, all, []));
    put(subs, subscription(consumer2, all, [tp(topic, 0), tp(topic2, 0), tp("topic1", 0)], 9));
    put(subs, subscription(consumer3, all, [tp(topic3, 2), tp(topic2, 2), tp("topic1", 1)], 8));
    put(subs, subscription(consumer4, all, [tp(topic3, 1), tp(topic, 1), tp(topic, 2)], 7));
    const assignment = assignor.assign(ppt, subs);
    expect(keySet(assignment.consumer1)).toEqual(new Set(["topic1-2", "topic2-1", "topic3-0"]));
    expect(assignor.partitionsTransferringOwnership(ppt, subs)).toEqual(new Map());
    expect(isFullyBalanced(assignment)).toBe(true);
  });

  // Kafka: AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation
  it("never assigns a partition twice when three generations claim it", () => {
    const ppt = { [topic]: 6, topic1: 1 };
    const orders = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ];
    for (const [g1, g2, g3] of orders) {
      const subs: Subscriptions = new Map();
      put(subs, subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 2)], g1));
      put(subs, subscription(consumer2, [topic], [tp(topic, 1), tp(topic, 2), tp(topic, 3)], g2));
      put(subs, subscription(consumer3, [topic], [tp(topic, 2), tp(topic, 4), tp(topic, 5)], g3));
      put(subs, subscription(consumer4, ["topic1"], [tp("topic1", 0)], 2));
      const assignment = assignor.assign(ppt, subs);
      const all = Object.values(assignment).flat();
      expect(keySet(all).size).toBe(all.length);
      for (const partitions of Object.values(assignment)) {
        expect(partitions.length).toBeGreaterThanOrEqual(1);
        expect(partitions.length).toBeLessThanOrEqual(2);
      }
    }
  });
});

describe("sticky (eager) assignor", () => {
  const assignor = stickyHarness;

  // Kafka: StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer
  // and ...WithUnequalPartitionsPerConsumer
  it.each([
    [3, { consumer1: [tp(topic, 1)], consumer2: [tp(topic, 2)], consumer3: [tp(topic, 0)] }],
    [4, { consumer1: [tp(topic, 1), tp(topic, 3)], consumer2: [tp(topic, 2)], consumer3: [tp(topic, 0)] }],
  ])("hands a doubly claimed partition to a third member at once (%i partitions)", (count, expected) => {
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic], [], GENERATION_ID));
    expect(assignor.assign({ [topic]: count }, subs)).toEqual(expected);
  });

  // Kafka: StickyAssignorTest.testAssignmentWithMultipleGenerations1
  it.each([true, false])(
    "keeps the newest generation's partitions across leaves and rejoins (equal subscriptions: %s)",
    (equal) => {
      const all = [topic, topic2];
      const consumer2Topics = equal ? all : [topic];
      const ppt = { [topic]: 6, [topic2]: 6 };
      const subs: Subscriptions = new Map();
      put(subs, subscription(consumer1, all));
      put(subs, subscription(consumer2, consumer2Topics));
      put(subs, subscription(consumer3, all));
      let assignment = assignor.assign(ppt, subs);
      const r1 = { ...assignment };
      expect(Object.values(r1).map((p) => p.length)).toEqual([4, 4, 4]);

      put(subs, subscription(consumer1, all, r1.consumer1, GENERATION_ID));
      put(subs, subscription(consumer2, consumer2Topics, r1.consumer2, GENERATION_ID));
      subs.delete(consumer3);
      assignment = assignor.assign(ppt, subs);
      const r2 = { ...assignment };
      expect(r2.consumer1).toHaveLength(6);
      expect(r2.consumer2).toHaveLength(6);
      if (equal) expect(r2.consumer1).toEqual(expect.arrayContaining(r1.consumer1));
      expect(r2.consumer2).toEqual(expect.arrayContaining(r1.consumer2));
      expect(r2.consumer2.some((p) => keySet(r1.consumer3).has(`${p.topic}-${p.partition}`))).toBe(true);

      // consumer3 comes back with its stale generation-1 assignment
      subs.delete(consumer1);
      put(subs, subscription(consumer2, consumer2Topics, r2.consumer2, 2));
      put(subs, subscription(consumer3, all, r1.consumer3, 1));
      assignment = assignor.assign(ppt, subs);
      expect(assignment.consumer2).toHaveLength(6);
      expect(assignment.consumer3).toHaveLength(6);
      expect([...keySet(assignment.consumer2)].filter((p) => keySet(assignment.consumer3).has(p))).toEqual([]);
      assignor.verify(ppt, subs, assignment);
    },
  );

  // Kafka: StickyAssignorTest.testAssignmentWithMultipleGenerations2
  it.each([true, false])(
    "restores members' old partitions when they rejoin after one took everything (equal: %s)",
    (equal) => {
      const all = [topic, topic2, topic3];
      const c1Topics = equal ? all : [topic];
      const c3Topics = equal ? all : [topic, topic2];
      const ppt = { [topic]: 4, [topic2]: 4, [topic3]: 4 };
      const subs: Subscriptions = new Map();
      put(subs, subscription(consumer1, c1Topics));
      put(subs, subscription(consumer2, all));
      put(subs, subscription(consumer3, c3Topics));
      const r1 = { ...assignor.assign(ppt, subs) };
      expect(Object.values(r1).map((p) => p.length)).toEqual([4, 4, 4]);

      subs.delete(consumer1);
      put(subs, subscription(consumer2, all, r1.consumer2, 1));
      subs.delete(consumer3);
      const r2 = assignor.assign(ppt, subs);
      expect(r2.consumer2).toHaveLength(12);
      expect(r2.consumer2).toEqual(expect.arrayContaining(r1.consumer2));

      put(subs, subscription(consumer1, c1Topics, r1.consumer1, 1));
      put(subs, subscription(consumer2, all, r2.consumer2, 2));
      put(subs, subscription(consumer3, c3Topics, r1.consumer3, 1));
      const r3 = assignor.assign(ppt, subs);
      expect(Object.values(r3).map((p) => p.length)).toEqual([4, 4, 4]);
      assignor.verify(ppt, subs, r3);
    },
  );

  // Kafka: StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations
  it.each([true, false])("keeps the newer of two conflicting generations' claims (equal: %s)", (equal) => {
    const all = [topic, topic2, topic3];
    const c1Topics = equal ? all : [topic];
    const c2Topics = equal ? all : [topic, topic2];
    const ppt = { [topic]: 4, [topic2]: 4, [topic3]: 4 };
    const t = (name: string, p: number) => tp(name, p);
    const c1Partitions = equal
      ? [t(topic, 0), t(topic, 1), t(topic, 2), t(topic2, 2), t(topic2, 3), t(topic3, 0)]
      : [t(topic, 0), t(topic, 1), t(topic, 2), t(topic, 3)];
    const c2Partitions = [t(topic, 0), t(topic, 1), t(topic2, 0), t(topic2, 1), t(topic2, 2), t(topic2, 3)];
    const c3Partitions = [t(topic, 2), t(topic, 3), t(topic3, 0), t(topic3, 1), t(topic3, 2), t(topic3, 3)];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, c1Topics, c1Partitions, 1));
    put(subs, subscription(consumer2, c2Topics, c2Partitions, 2));
    put(subs, subscription(consumer3, all, c3Partitions, 2));
    const assignment = assignor.assign(ppt, subs);
    expect(Object.values(assignment).map((p) => p.length)).toEqual([4, 4, 4]);
    expect(c2Partitions).toEqual(expect.arrayContaining(assignment.consumer2));
    expect(c3Partitions).toEqual(expect.arrayContaining(assignment.consumer3));
    assignor.verify(ppt, subs, assignment);
  });

  // Kafka: StickyAssignorTest.testSchemaBackwardCompatibility (a member on the old userData schema has no generation)
  it("honours owned partitions reported without a generation", () => {
    const ppt = { [topic]: 3 };
    const c1Owned: TopicPartition[] = [tp(topic, 0), tp(topic, 2)];
    const c2Owned: TopicPartition[] = [tp(topic, 1)];
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic], c1Owned, 1));
    put(subs, subscription(consumer2, [topic], c2Owned));
    put(subs, subscription(consumer3, [topic]));
    const assignment = assignor.assign(ppt, subs);
    expect(Object.values(assignment).map((p) => p.length)).toEqual([1, 1, 1]);
    expect(c1Owned).toEqual(expect.arrayContaining(assignment.consumer1));
    expect(c2Owned).toEqual(expect.arrayContaining(assignment.consumer2));
  });
});
