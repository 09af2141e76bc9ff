import { describe, expect, it } from "vitest";
import { rangeAssign } from "./range";
import { parsePartitions, subscription, toSortedString, tp } from "./testSupport";
import type { Subscription } from "./types";

const topic1 = "topic1";
const topic2 = "topic2";

function staticMember(memberId: string, topics: string[], groupInstanceId: string): Subscription {
  return { ...subscription(memberId, topics), groupInstanceId };
}

describe("rangeAssign", () => {
  // Kafka: RangeAssignorTest.testOneConsumerNoTopic
  it("gives a member without topics an empty assignment", () => {
    expect(rangeAssign({}, [subscription("consumer1", [])])).toEqual({ consumer1: [] });
  });

  // Kafka: RangeAssignorTest.testOneConsumerNonexistentTopic
  it("ignores a subscribed topic that does not exist", () => {
    expect(rangeAssign({}, [subscription("consumer1", [topic1])])).toEqual({ consumer1: [] });
  });

  // Kafka: RangeAssignorTest.testOneConsumerOneTopic and testOnlyAssignsPartitionsFromSubscribedTopics
  it("gives a single member all partitions of its topic and none of others", () => {
    const assignment = rangeAssign({ [topic1]: 3, other: 3 }, [subscription("consumer1", [topic1])]);
    expect(assignment).toEqual({ consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)] });
  });

  // Kafka: RangeAssignorTest.testOneConsumerMultipleTopics
  it("gives a single member every partition of several topics", () => {
    const assignment = rangeAssign({ [topic1]: 1, [topic2]: 2 }, [subscription("consumer1", [topic1, topic2])]);
    expect(assignment.consumer1).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)]);
  });

  // Kafka: RangeAssignorTest.testTwoConsumersOneTopicOnePartition
  it("leaves the second member empty when there is one partition", () => {
    const assignment = rangeAssign({ [topic1]: 1 }, [
      subscription("consumer1", [topic1]),
      subscription("consumer2", [topic1]),
    ]);
    expect(assignment).toEqual({ consumer1: [tp(topic1, 0)], consumer2: [] });
  });

  // Kafka: RangeAssignorTest.testTwoConsumersOneTopicTwoPartitions
  it("splits two partitions between two members", () => {
    const assignment = rangeAssign({ [topic1]: 2 }, [
      subscription("consumer1", [topic1]),
      subscription("consumer2", [topic1]),
    ]);
    expect(assignment).toEqual({ consumer1: [tp(topic1, 0)], consumer2: [tp(topic1, 1)] });
  });

  // Kafka: RangeAssignorTest.testMultipleConsumersMixedTopics
  it("ranges each topic over only the members subscribed to it", () => {
    const assignment = rangeAssign({ [topic1]: 3, [topic2]: 2 }, [
      subscription("consumer1", [topic1]),
      subscription("consumer2", [topic1, topic2]),
      subscription("consumer3", [topic1]),
    ]);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      consumer3: [tp(topic1, 2)],
    });
  });

  // Kafka: RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions
  it("gives the extra partition of every topic to the first member (uneven counts)", () => {
    const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
      subscription("consumer1", [topic1, topic2]),
      subscription("consumer2", [topic1, topic2]),
    ]);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 2), tp(topic2, 2)],
    });
  });

  // Kafka: RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
  it("orders static members by group.instance.id rather than member id", () => {
    const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
      staticMember("consumer-b", [topic1, topic2], "instance1"),
      staticMember("consumer-a", [topic1, topic2], "instance2"),
    ]);
    expect(assignment["consumer-b"]).toEqual([tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
    expect(assignment["consumer-a"]).toEqual([tp(topic1, 2), tp(topic2, 2)]);
  });

  // Kafka: RangeAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
  it("puts static members before dynamic ones", () => {
    const assignment = rangeAssign({ [topic1]: 3, [topic2]: 3 }, [
      staticMember("consumer-b", [topic1, topic2], "instance1"),
      subscription("consumer-a", [topic1, topic2]),
    ]);
    expect(assignment["consumer-b"]).toEqual([tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
    expect(assignment["consumer-a"]).toEqual([tp(topic1, 2), tp(topic2, 2)]);
  });

  // Kafka: RangeAssignorTest.testStaticMemberRangeAssignmentPersistent
  it("keeps static members' ranges when a dynamic member is replaced", () => {
    const statics = [
      staticMember("consumer1", [topic1, topic2], "instance1"),
      staticMember("consumer2", [topic1, topic2], "instance2"),
      staticMember("consumer3", [topic1, topic2], "instance3"),
    ];
    const expected = {
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0)],
      consumer2: [tp(topic1, 2), tp(topic2, 1)],
      consumer3: [tp(topic1, 3), tp(topic2, 2)],
    };
    const ppt = { [topic1]: 5, [topic2]: 4 };
    expect(rangeAssign(ppt, [...statics, subscription("consumer4", [topic1, topic2])])).toEqual({
      ...expected,
      consumer4: [tp(topic1, 4), tp(topic2, 3)],
    });
    expect(rangeAssign(ppt, [...statics, subscription("consumer5", [topic1, topic2])])).toEqual({
      ...expected,
      consumer5: [tp(topic1, 4), tp(topic2, 3)],
    });
  });

  // Kafka: RangeAssignorTest.testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges
  it("keeps static members' ranges when their member ids change", () => {
    const ppt = { [topic1]: 5, [topic2]: 5 };
    const byInstance = (members: Subscription[]) => {
      const assignment = rangeAssign(ppt, members);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId, assignment[m.memberId]]));
    };
    const before = byInstance([
      staticMember("consumer1", [topic1, topic2], "instance1"),
      staticMember("consumer2", [topic1, topic2], "instance2"),
      staticMember("consumer3", [topic1, topic2], "instance3"),
    ]);
    expect(before).toEqual({
      instance1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      instance2: [tp(topic1, 2), tp(topic1, 3), tp(topic2, 2), tp(topic2, 3)],
      instance3: [tp(topic1, 4), tp(topic2, 4)],
    });
    const after = byInstance([
      staticMember("consumer1", [topic1, topic2], "instance1"),
      staticMember("consumer5", [topic1, topic2], "instance2"),
      staticMember("consumer4", [topic1, topic2], "instance3"),
    ]);
    expect(after).toEqual(before);
  });

  // Kafka: RangeAssignorTest.testRackAwareAssignmentWithUniformSubscription (non-rack-aware expectation)
  it("ranges three topics over three members with identical subscriptions", () => {
    const all = ["t1", "t2", "t3"];
    const assignment = rangeAssign({ t1: 6, t2: 7, t3: 2 }, [
      subscription("consumer0", all),
      subscription("consumer1", all),
      subscription("consumer2", all),
    ]);
    expect(["consumer0", "consumer1", "consumer2"].map((c) => toSortedString(assignment[c]))).toEqual([
      "t1-0, t1-1, t2-0, t2-1, t2-2, t3-0",
      "t1-2, t1-3, t2-3, t2-4, t3-1",
      "t1-4, t1-5, t2-5, t2-6",
    ]);
  });

  // Kafka: RangeAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (non-rack-aware expectation)
  it("ranges topics over different subscriptions independently", () => {
    const all = ["t1", "t2", "t3"];
    const assignment = rangeAssign({ t1: 6, t2: 7, t3: 2 }, [
      subscription("consumer0", all),
      subscription("consumer1", all),
      subscription("consumer2", ["t1", "t3"]),
    ]);
    expect(assignment.consumer0).toEqual(parsePartitions("t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0"));
    expect(assignment.consumer1).toEqual(parsePartitions("t1-2, t1-3, t2-4, t2-5, t2-6, t3-1"));
    expect(assignment.consumer2).toEqual(parsePartitions("t1-4, t1-5"));
  });

  // Kafka: RangeAssignorTest.testRackAwareAssignmentWithUniformPartitions (non-rack-aware expectation)
  it("gives the first members the extra partitions of every equally sized topic", () => {
    const all = ["t1", "t2", "t3"];
    const assignment = rangeAssign({ t1: 5, t2: 5, t3: 5 }, [
      subscription("consumer0", all),
      subscription("consumer1", all),
      subscription("consumer2", all),
    ]);
    expect(["consumer0", "consumer1", "consumer2"].map((c) => toSortedString(assignment[c]))).toEqual([
      "t1-0, t1-1, t2-0, t2-1, t3-0, t3-1",
      "t1-2, t1-3, t2-2, t2-3, t3-2, t3-3",
      "t1-4, t2-4, t3-4",
    ]);
  });
});
