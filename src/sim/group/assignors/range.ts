/**
 * RangeAssignor ("range"), clients/.../consumer/RangeAssignor.java, without
 * rack awareness (no member here carries a client.rack).
 *
 * Per topic: the members subscribed to it in MemberInfo order, the partitions
 * in numeric order; each member gets a contiguous range of n / c partitions and
 * the first n % c members one more.
 */
import {
  type Assignment,
  compareTopicPartitions,
  emptyAssignment,
  type PartitionsPerTopic,
  type Subscription,
  sortMemberInfos,
} from "./types";

export function rangeAssign(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): Assignment {
  const assignment = emptyAssignment(subscriptions);

  const consumersPerTopic = new Map<string, Subscription[]>();
  for (const subscription of sortMemberInfos(subscriptions)) {
    for (const topic of new Set(subscription.topics)) {
      const consumers = consumersPerTopic.get(topic);
      if (consumers) consumers.push(subscription);
      else consumersPerTopic.set(topic, [subscription]);
    }
  }

  for (const [topic, consumersForTopic] of consumersPerTopic) {
    const numPartitionsForTopic = partitionsPerTopic[topic];
    if (numPartitionsForTopic === undefined) continue;

    const numPartitionsPerConsumer = Math.floor(numPartitionsForTopic / consumersForTopic.length);
    const consumersWithExtraPartition = numPartitionsForTopic % consumersForTopic.length;

    consumersForTopic.forEach((consumer, i) => {
      const start = numPartitionsPerConsumer * i + Math.min(i, consumersWithExtraPartition);
      const length = numPartitionsPerConsumer + (i + 1 > consumersWithExtraPartition ? 0 : 1);
      for (let partition = start; partition < start + length; partition++) {
        assignment[consumer.memberId].push({ topic, partition });
      }
    });
  }

  // Kafka's per-member order follows a HashMap of topics; its tests compare sets, so sort for display.
  for (const partitions of Object.values(assignment)) partitions.sort(compareTopicPartitions);
  return assignment;
}
