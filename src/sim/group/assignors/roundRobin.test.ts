import { describe, expect, it } from "vitest";
import { roundRobinAssign } from "./roundRobin";
import { subscription, tp } from "./testSupport";
import type { Subscription } from "./types";

const topic = "topic";
const topic1 = "topic1";
const topic2 = "topic2";

function staticMember(memberId: string, topics: string[], groupInstanceId: string): Subscription {
  return { ...subscription(memberId, topics), groupInstanceId };
}

describe("roundRobinAssign", () => {
  // Kafka: RoundRobinAssignorTest.testOneConsumerNoTopic
  it("gives a member without topics an empty assignment", () => {
    expect(roundRobinAssign({}, [subscription("consumer", [])])).toEqual({ consumer: [] });
  });

  // Kafka: RoundRobinAssignorTest.testOneConsumerNonexistentTopic
  it("ignores a subscribed topic that does not exist", () => {
    expect(roundRobinAssign({}, [subscription("consumer", [topic])])).toEqual({ consumer: [] });
  });

  // Kafka: RoundRobinAssignorTest.testOneConsumerOneTopic and testOnlyAssignsPartitionsFromSubscribedTopics
  it("gives a single member all partitions of its topic and none of others", () => {
    expect(roundRobinAssign({ [topic]: 3, other: 3 }, [subscription("consumer", [topic])])).toEqual({
      consumer: [tp(topic, 0), tp(topic, 1), tp(topic, 2)],
    });
  });

  // Kafka: RoundRobinAssignorTest.testOneConsumerMultipleTopics
  it("gives a single member every partition of several topics in order", () => {
    expect(roundRobinAssign({ [topic1]: 1, [topic2]: 2 }, [subscription("consumer", [topic1, topic2])])).toEqual({
      consumer: [tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)],
    });
  });

  // Kafka: RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition
  it("leaves the second member empty when there is one partition", () => {
    const assignment = roundRobinAssign({ [topic]: 1 }, [
      subscription("consumer1", [topic]),
      subscription("consumer2", [topic]),
    ]);
    expect(assignment).toEqual({ consumer1: [tp(topic, 0)], consumer2: [] });
  });

  // Kafka: RoundRobinAssignorTest.testTwoConsumersOneTopicTwoPartitions
  it("deals two partitions to two members", () => {
    const assignment = roundRobinAssign({ [topic]: 2 }, [
      subscription("consumer1", [topic]),
      subscription("consumer2", [topic]),
    ]);
    expect(assignment).toEqual({ consumer1: [tp(topic, 0)], consumer2: [tp(topic, 1)] });
  });

  // Kafka: RoundRobinAssignorTest.testMultipleConsumersMixedTopics
  it("skips members not subscribed to a partition's topic", () => {
    const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 2 }, [
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

  // Kafka: RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions
  it("deals all partitions across topics alternately to two members", () => {
    const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
      subscription("consumer1", [topic1, topic2]),
      subscription("consumer2", [topic1, topic2]),
    ]);
    expect(assignment).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
    });
  });

  // Kafka: RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
  it("orders static members by group.instance.id rather than member id", () => {
    const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
      staticMember("consumer-b", [topic1, topic2], "instance1"),
      staticMember("consumer-a", [topic1, topic2], "instance2"),
    ]);
    expect(assignment["consumer-b"]).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(assignment["consumer-a"]).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  // Kafka: RoundRobinAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
  it("puts static members before dynamic ones", () => {
    const assignment = roundRobinAssign({ [topic1]: 3, [topic2]: 3 }, [
      staticMember("consumer-b", [topic1, topic2], "instance1"),
      subscription("consumer-a", [topic1, topic2]),
    ]);
    expect(assignment["consumer-b"]).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(assignment["consumer-a"]).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  // Kafka: RoundRobinAssignorTest.testStaticMemberAssignmentPersistent
  it("keeps static members' partitions when a dynamic member is replaced (uneven counts)", () => {
    const statics = ["1", "2", "3"].map((i) => staticMember(`consumer${i}`, [topic1, topic2], `instance${i}`));
    const expected = {
      consumer1: [tp(topic1, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 2)],
      consumer3: [tp(topic1, 2)],
    };
    const ppt = { [topic1]: 3, [topic2]: 3 };
    expect(roundRobinAssign(ppt, [...statics, subscription("consumer4", [topic1, topic2])])).toEqual({
      ...expected,
      consumer4: [tp(topic2, 0)],
    });
    expect(roundRobinAssign(ppt, [...statics, subscription("consumer5", [topic1, topic2])])).toEqual({
      ...expected,
      consumer5: [tp(topic2, 0)],
    });
  });

  // Kafka: RoundRobinAssignorTest.testStaticMemberAssignmentPersistentAfterMemberIdChanges
  it("keeps static members' partitions when their member ids change", () => {
    const ppt = { [topic1]: 3, [topic2]: 3 };
    const byInstance = (members: Subscription[]) => {
      const assignment = roundRobinAssign(ppt, members);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId, assignment[m.memberId]]));
    };
    const before = byInstance([
      staticMember("consumer1", [topic1, topic2], "instance1"),
      staticMember("consumer2", [topic1, topic2], "instance2"),
      staticMember("consumer3", [topic1, topic2], "instance3"),
    ]);
    expect(before).toEqual({
      instance1: [tp(topic1, 0), tp(topic2, 0)],
      instance2: [tp(topic1, 1), tp(topic2, 1)],
      instance3: [tp(topic1, 2), tp(topic2, 2)],
    });
    const after = byInstance([
      staticMember("consumer4", [topic1, topic2], "instance1"),
      staticMember("consumer5", [topic1, topic2], "instance2"),
      staticMember("consumer1", [topic1, topic2], "instance3"),
    ]);
    expect(after).toEqual(before);
  });

  // Kafka: RoundRobinAssignor javadoc example (C0: t0; C1: t0, t1; C2: t0, t1, t2)
  it("can leave members with different subscriptions unbalanced", () => {
    const assignment = roundRobinAssign({ t0: 1, t1: 2, t2: 3 }, [
      subscription("C0", ["t0"]),
      subscription("C1", ["t0", "t1"]),
      subscription("C2", ["t0", "t1", "t2"]),
    ]);
    expect(assignment).toEqual({
      C0: [tp("t0", 0)],
      C1: [tp("t1", 0)],
      C2: [tp("t1", 1), tp("t2", 0), tp("t2", 1), tp("t2", 2)],
    });
  });
});
