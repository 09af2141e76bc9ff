/**
 * Types shared by the consumer-group partition assignors, and the small
 * helpers that reproduce the Java collections' orderings the assignors'
 * results depend on.
 */
import { javaStringHashCode } from "../../clients/partitioner";

/** Kafka's `AbstractStickyAssignor.DEFAULT_GENERATION`: the generation of a member that owns nothing yet. */
export const DEFAULT_GENERATION = -1;

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** What a member sends in JoinGroup, as the group leader's assignor sees it. */
export interface Subscription {
  memberId: string;
  topics: string[];
  /**
   * Partitions the member owned in its last generation. For "cooperative-sticky" these are the
   * subscription's ownedPartitions; for "sticky" (eager) they stand for the previous assignment
   * the member encodes in its userData, since it revokes everything before rejoining.
   */
  ownedPartitions: TopicPartition[];
  /** Generation of `ownedPartitions`; absent for a member that has none (Kafka's DEFAULT_GENERATION). */
  generation?: number;
  /** `group.instance.id` of a static member (KIP-345); range and round-robin order static members first. */
  groupInstanceId?: string;
}

/** Member id → assigned partitions. Every subscribed member has an entry, possibly empty. */
export type Assignment = Record<string, TopicPartition[]>;

/** Topic → partition count, for the topics that exist. */
export type PartitionsPerTopic = Readonly<Record<string, number>>;

export type AssignFunction = (
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
) => Assignment;

export function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition };
}

/** `TopicPartition.toString()`: "topic-3". Unique, as the partition is everything after the last dash. */
export function tpKey(partition: TopicPartition): string {
  return `${partition.topic}-${partition.partition}`;
}

/** Java `String.compareTo`: lexicographic over UTF-16 code units, like JS `<`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By topic, then partition (`Utils.TopicPartitionComparator`). */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

export function partitionsOf(topic: string, count: number): TopicPartition[] {
  return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
}

/**
 * Members in `AbstractPartitionAssignor.MemberInfo` order: static members first,
 * by group.instance.id, then dynamic members by member id.
 */
export function sortMemberInfos(subscriptions: readonly Subscription[]): Subscription[] {
  return [...subscriptions].sort((a, b) => {
    if (a.groupInstanceId !== undefined && b.groupInstanceId !== undefined) {
      return compareStrings(a.groupInstanceId, b.groupInstanceId);
    }
    if (a.groupInstanceId !== undefined) return -1;
    if (b.groupInstanceId !== undefined) return 1;
    return compareStrings(a.memberId, b.memberId);
  });
}

/** An empty entry for every member, in subscription order. */
export function emptyAssignment(subscriptions: readonly Subscription[]): Assignment {
  const assignment: Assignment = {};
  for (const subscription of subscriptions) assignment[subscription.memberId] = [];
  return assignment;
}

/** `TopicPartition.hashCode()`: 31 * (31 + partition) + topic.hashCode(). */
export function topicPartitionHashCode(partition: TopicPartition): number {
  return (Math.imul(31, 31 + partition.partition) + javaStringHashCode(partition.topic)) | 0;
}

/** Table size of a `new HashMap<>()` (or HashSet) that has held `size` entries: 16, doubled past 3/4 full. */
export function javaHashTableCapacity(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** Bucket of a key in a `java.util.HashMap` table (`HashMap.hash` spreads the high bits down). */
export function javaHashBucket(hashCode: number, capacity: number): number {
  return (hashCode ^ (hashCode >>> 16)) & (capacity - 1);
}

/**
 * The order in which a freshly built `java.util.HashMap` iterates its keys, when
 * `items` are put into it in array order: by bucket, then by insertion.
 *
 * The sticky assignor walks its member maps in this order, and which member keeps
 * its partitions when quotas are tight depends on it; reproducing it makes the
 * results match Kafka's exactly.
 */
export function javaHashMapOrder<T>(items: readonly T[], hashCodeOf: (item: T) => number): T[] {
  const capacity = javaHashTableCapacity(items.length);
  return items
    .map((item, index) => ({ item, index, bucket: javaHashBucket(hashCodeOf(item), capacity) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map(({ item }) => item);
}
