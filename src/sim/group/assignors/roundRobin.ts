/**
 * RoundRobinAssignor ("roundrobin"), clients/.../consumer/RoundRobinAssignor.java.
 *
 * All partitions of all subscribed topics, sorted by topic then partition, are
 * dealt to the members in MemberInfo order, skipping a member that is not
 * subscribed to the partition's topic.
 */
import {
  type Assignment,
  compareStrings,
  emptyAssignment,
  type PartitionsPerTopic,
  partitionsOf,
  type Subscription,
  sortMemberInfos,
} from "./types";

export function roundRobinAssign(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): Assignment {
  const assignment = emptyAssignment(subscriptions);
  const members = sortMemberInfos(subscriptions);
  if (members.length === 0) return assignment;

  const topics = [...new Set(subscriptions.flatMap((s) => s.topics))].sort(compareStrings);
  const subscribed = new Map(members.map((m) => [m.memberId, new Set(m.topics)]));

  // A CircularIterator over the sorted members; `next` is the member it peeks at.
  let next = 0;
  for (const topic of topics) {
    const numPartitions = partitionsPerTopic[topic];
    if (numPartitions === undefined) continue;
    for (const partition of partitionsOf(topic, numPartitions)) {
      while (!subscribed.get(members[next].memberId)?.has(topic)) next = (next + 1) % members.length;
      assignment[members[next].memberId].push(partition);
      next = (next + 1) % members.length;
    }
  }
  return assignment;
}
