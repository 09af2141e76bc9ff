/**
 * The cooperative protocol's two-phase hand-over (KIP-429) and the non-rack-aware
 * expectations of the sticky assignors' rack tests.
 */
import { describe, expect, it } from "vitest";
import { cooperativeStickyAssign, cooperativeStickyAssignPartitions, stickyAssign } from "./sticky";
import {
  cooperativeHarness,
  GENERATION_ID,
  isFullyBalanced,
  parsePartitions,
  put,
  type Subscriptions,
  stickyHarness,
  subscription,
  toSortedString,
  tp,
  verifyCooperativeValidity,
} from "./testSupport";

const topic = "topic";
const [consumer1, consumer2, consumer3] = ["consumer1", "consumer2", "consumer3"];

describe("cooperative-sticky assignor", () => {
  // Kafka: CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer
  // and ...WithUnequalPartitionsPerConsumer
  it.each([
    [3, { consumer1: [tp(topic, 1)], consumer2: [tp(topic, 2)], consumer3: [] }],
    [4, { consumer1: [tp(topic, 1), tp(topic, 3)], consumer2: [tp(topic, 2)], consumer3: [] }],
  ])("withholds a partition claimed by two owners until both revoked it (%i partitions)", (count, expected) => {
    const ppt = { [topic]: count };
    const subs: Subscriptions = new Map();
    put(subs, subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], GENERATION_ID));
    put(subs, subscription(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], GENERATION_ID));
    put(subs, subscription(consumer3, [topic], [], GENERATION_ID));
    const assignment = cooperativeStickyAssign(ppt, [...subs.values()]);
    expect(assignment).toEqual(expected);
    cooperativeHarness.verify(ppt, subs, assignment);
    expect(assignment.consumer3).toEqual([tp(topic, 0)]);
    expect(isFullyBalanced(assignment)).toBe(true);
  });

  // Kafka: CooperativeStickyAssignorTest.testAssignorWithOldVersionSubscriptions
  it("keeps owned partitions of members whose generation came in userData", () => {
    const subs = [
      subscription(consumer1, ["topic1"], [tp("topic1", 0)], GENERATION_ID),
      subscription(consumer2, ["topic1"], [tp("topic1", 1)], GENERATION_ID),
      subscription(consumer3, ["topic1"], [], GENERATION_ID),
    ];
    expect(cooperativeStickyAssign({ topic1: 3 }, subs)).toEqual({
      consumer1: [tp("topic1", 0)],
      consumer2: [tp("topic1", 1)],
      consumer3: [tp("topic1", 2)],
    });
  });

  // Kafka: AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic, cooperative run; KIP-429's two rebalances
  it("moves a partition to a joining member in two rebalances, never giving it two owners", () => {
    const ppt = { [topic]: 3 };
    const owner = subscription(consumer1, [topic], [tp(topic, 0), tp(topic, 1), tp(topic, 2)], GENERATION_ID);
    const joiner = subscription(consumer2, [topic], [], GENERATION_ID);

    // first rebalance: consumer1 keeps two partitions and must revoke topic-2; nobody gets it yet
    const first = cooperativeStickyAssignPartitions(ppt, [owner, joiner]);
    expect(first.assignment).toEqual({ consumer1: [tp(topic, 0), tp(topic, 1)], consumer2: [] });
    expect(first.partitionsTransferringOwnership).toEqual(new Map([["topic-2", consumer2]]));
    // the eager sticky assignor hands it over at once
    expect(stickyAssign(ppt, [owner, joiner]).consumer2).toEqual([tp(topic, 2)]);

    // second rebalance, after consumer1 revoked topic-2: consumer2 gets it
    const second = cooperativeStickyAssign(ppt, [
      subscription(consumer1, [topic], first.assignment.consumer1, GENERATION_ID + 1),
      subscription(consumer2, [topic], first.assignment.consumer2, GENERATION_ID + 1),
    ]);
    expect(second).toEqual({ consumer1: [tp(topic, 0), tp(topic, 1)], consumer2: [tp(topic, 2)] });
  });

  it("withholds partitions moving between members with different subscriptions (general path)", () => {
    const ppt = { t1: 2, t2: 2 };
    const subs: Subscriptions = new Map();
    put(subs, subscription("a", ["t1", "t2"], [tp("t1", 0), tp("t1", 1), tp("t2", 0), tp("t2", 1)], GENERATION_ID));
    put(subs, subscription("b", ["t1"], [], GENERATION_ID));
    const first = cooperativeStickyAssignPartitions(ppt, [...subs.values()]);
    // b can only take t1 partitions: two of them move, so the first rebalance gives b nothing
    expect(first.assignment).toEqual({ a: [tp("t2", 0), tp("t2", 1)], b: [] });
    expect(first.partitionsTransferringOwnership).toEqual(
      new Map([
        ["t1-0", "b"],
        ["t1-1", "b"],
      ]),
    );
    const assignment = first.assignment;
    cooperativeHarness.verify(ppt, subs, assignment);
    expect(assignment).toEqual({ a: [tp("t2", 0), tp("t2", 1)], b: [tp("t1", 0), tp("t1", 1)] });
  });
});

const allTopics = ["t1", "t2", "t3"];
const threeConsumers = (topics: string[][], owned: string[] = []) =>
  topics.map((t, i) => subscription(`consumer${i}`, t, parsePartitions(owned[i] ?? "")));
const sortedStrings = (assignment: Record<string, { topic: string; partition: number }[]>) =>
  [0, 1, 2].map((i) => toSortedString(assignment[`consumer${i}`]));

describe.each([stickyHarness, cooperativeHarness])("$name without racks", (assignor) => {
  const run = (topics: string[][], owned?: string[]) =>
    sortedStrings(
      assignor.assign({ t1: 6, t2: 7, t3: 2 }, new Map(threeConsumers(topics, owned).map((s) => [s.memberId, s]))),
    );

  // Kafka: AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription (non-rack-aware rows)
  it("deals identical subscriptions round-robin and keeps that assignment when it is owned", () => {
    const expected = ["t1-0, t1-3, t2-0, t2-3, t2-6", "t1-1, t1-4, t2-1, t2-4, t3-0", "t1-2, t1-5, t2-2, t2-5, t3-1"];
    const topics = [allTopics, allTopics, allTopics];
    expect(run(topics)).toEqual(expected);
    expect(run(topics, expected)).toEqual(expected);
  });

  // Kafka: AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (non-rack-aware rows)
  it("balances different subscriptions and keeps that assignment when it is owned", () => {
    const expected = ["t1-5, t2-0, t2-2, t2-4, t2-6", "t1-3, t2-1, t2-3, t2-5, t3-0", "t1-0, t1-1, t1-2, t1-4, t3-1"];
    const topics = [allTopics, allTopics, ["t1", "t3"]];
    expect(run(topics)).toEqual(expected);
    expect(run(topics, expected)).toEqual(expected);
  });
});

describe("cooperative-sticky from a misplaced owned assignment", () => {
  // Kafka: AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription, cooperative branch
  // with all racks matching: first the intermediate assignment, then the final one.
  it("first keeps what stays, then hands over the rest", () => {
    const ppt = { t1: 6, t2: 7, t3: 2 };
    const topics = [allTopics, allTopics, ["t1", "t3"]];
    const owned = ["t1-0, t1-1, t1-2, t1-3, t1-4", "t1-5, t2-0, t2-1, t2-2, t2-3", "t2-4, t2-5, t2-6, t3-0, t3-1"];
    const intermediate = ["t1-2, t1-3, t1-4", "t2-0, t2-1, t2-2, t2-3", "t3-0, t3-1"];
    const final = ["t1-2, t1-3, t1-4, t2-4, t2-5", "t2-0, t2-1, t2-2, t2-3, t2-6", "t1-0, t1-1, t1-5, t3-0, t3-1"];

    const firstSubs = new Map(threeConsumers(topics, owned).map((s) => [s.memberId, s]));
    const first = cooperativeStickyAssign(ppt, [...firstSubs.values()]);
    expect(sortedStrings(first)).toEqual(intermediate);
    expect(verifyCooperativeValidity(firstSubs, first)).toBe(true);

    const second = cooperativeStickyAssign(ppt, threeConsumers(topics, intermediate));
    expect(sortedStrings(second)).toEqual(final);
  });
});
