/**
 * StickyAssignor ("sticky") and CooperativeStickyAssignor ("cooperative-sticky"):
 * clients/.../consumer/internals/AbstractStickyAssignor.java, StickyAssignor.java,
 * CooperativeStickyAssignor.java, without rack awareness.
 *
 * Both produce an assignment that is balanced (member counts differ by at most
 * one where subscriptions allow) and keeps as many owned partitions in place as
 * possible. When every member subscribes to the same topics a fast "constrained"
 * algorithm runs; otherwise the general one (stickyGeneral.ts).
 *
 * The cooperative variant then withholds every partition that moves from one
 * live owner to another: its owner revokes it first, and a follow-up rebalance
 * hands it over (KIP-429), so no partition ever has two owners at once.
 */
import { javaStringHashCode } from "../../clients/partitioner";
import { generalAssign } from "./stickyGeneral";
import {
  type Assignment,
  compareStrings,
  DEFAULT_GENERATION,
  javaHashMapOrder,
  type PartitionsPerTopic,
  partitionsOf,
  type Subscription,
  type TopicPartition,
  tpKey,
} from "./types";

export interface StickyAssignmentResult {
  assignment: Assignment;
  /**
   * Partition ("topic-p") → the member it moves to from another current owner. Kafka fills
   * this only on the constrained path; it is null after the general path, and the cooperative
   * assignor then derives it from owned versus assigned partitions.
   */
  partitionsTransferringOwnership: Map<string, string> | null;
  /** `AbstractStickyAssignor.isSticky`: no topic's partitions moved both ways between two members. */
  isSticky: boolean;
}

/** The shared sticky algorithm (`AbstractStickyAssignor.assignPartitions`), with its bookkeeping. */
export function stickyAssignPartitions(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): StickyAssignmentResult {
  // AbstractPartitionAssignor hands the assignor only the subscribed topics that exist
  const subscribedTopics = new Set(subscriptions.flatMap((s) => s.topics));
  const topics = new Map<string, number>();
  for (const [topic, count] of Object.entries(partitionsPerTopic)) {
    if (subscribedTopics.has(topic)) topics.set(topic, count);
  }

  // The leader's assignor iterates a HashMap of members; which member keeps a contested quota depends on it.
  const members = javaHashMapOrder(subscriptions, (s) => javaStringHashCode(s.memberId));
  const ownership = collectOwnedPartitions(topics, members);

  if (ownership.allSubscriptionsEqual) {
    const constrained = constrainedAssign(
      topics,
      ownership.consumerToOwnedPartitions,
      ownership.partitionsWithMultiplePreviousOwners,
    );
    return {
      assignment: toAssignment(subscriptions, constrained.assignment),
      partitionsTransferringOwnership: constrained.partitionsTransferringOwnership,
      isSticky: true,
    };
  }

  const general = generalAssign(topics, members, ownership.consumerToOwnedPartitions, ownership.maxGeneration);
  return {
    assignment: toAssignment(subscriptions, general.assignment),
    partitionsTransferringOwnership: null,
    isSticky: general.isSticky,
  };
}

/** "sticky": the eager sticky assignor. */
export function stickyAssign(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): Assignment {
  return stickyAssignPartitions(partitionsPerTopic, subscriptions).assignment;
}

export interface CooperativeAssignmentResult {
  /** The assignment to send now, without the partitions their current owners must revoke first. */
  assignment: Assignment;
  /** Partition ("topic-p") → its eventual new owner, withheld until a follow-up rebalance. */
  partitionsTransferringOwnership: Map<string, string>;
}

/** "cooperative-sticky", with the partitions it withholds for the follow-up rebalance. */
export function cooperativeStickyAssignPartitions(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): CooperativeAssignmentResult {
  const result = stickyAssignPartitions(partitionsPerTopic, subscriptions);
  const transferring =
    result.partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(subscriptions, result.assignment);
  // CooperativeStickyAssignor.adjustAssignment: a partition changing owner is not given out in the same rebalance
  for (const [partition, consumer] of transferring) {
    const partitions = result.assignment[consumer];
    const index = partitions.findIndex((p) => tpKey(p) === partition);
    if (index >= 0) partitions.splice(index, 1);
  }
  return { assignment: result.assignment, partitionsTransferringOwnership: transferring };
}

/** "cooperative-sticky": the assignment after removing partitions that must be revoked first. */
export function cooperativeStickyAssign(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
): Assignment {
  return cooperativeStickyAssignPartitions(partitionsPerTopic, subscriptions).assignment;
}

/** Partitions newly assigned to one member while another member that owned them is losing them. */
function computePartitionsTransferringOwnership(
  subscriptions: readonly Subscription[],
  assignment: Assignment,
): Map<string, string> {
  const allAddedPartitions = new Map<string, string>();
  const allRevokedPartitions = new Set<string>();
  for (const subscription of subscriptions) {
    const owned = new Set(subscription.ownedPartitions.map(tpKey));
    const assigned = new Set(assignment[subscription.memberId].map(tpKey));
    for (const partition of assigned)
      if (!owned.has(partition)) allAddedPartitions.set(partition, subscription.memberId);
    for (const partition of owned) if (!assigned.has(partition)) allRevokedPartitions.add(partition);
  }
  for (const partition of allAddedPartitions.keys()) {
    if (!allRevokedPartitions.has(partition)) allAddedPartitions.delete(partition);
  }
  return allAddedPartitions;
}

interface Ownership {
  allSubscriptionsEqual: boolean;
  /** Each member's owned partitions that still exist, with conflicting claims resolved. */
  consumerToOwnedPartitions: Map<string, TopicPartition[]>;
  /** Partitions claimed by several members of the same generation: nobody keeps them. */
  partitionsWithMultiplePreviousOwners: Set<string>;
  maxGeneration: number;
}

/**
 * `AbstractStickyAssignor.allSubscriptionsEqual`: checks whether all members subscribe
 * to the same topics, and sorts out who owns what. A partition claimed by two members
 * goes to the one with the higher generation; claimed twice in the same generation,
 * it is taken from both.
 */
function collectOwnedPartitions(topics: ReadonlyMap<string, number>, members: readonly Subscription[]): Ownership {
  const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
  const partitionsWithMultiplePreviousOwners = new Set<string>();
  const allPreviousPartitionsToOwner = new Map<string, Subscription>();
  let maxGeneration = DEFAULT_GENERATION;

  // Kafka compares against the first non-empty subscription it meets; we compare against the
  // first member's, so a member with no topics never lands on the constrained path.
  const firstTopics = new Set(members[0]?.topics ?? []);
  const allSubscriptionsEqual = members.every((m) => sameTopics(new Set(m.topics), firstTopics));

  for (const member of members) {
    const memberGeneration = member.generation ?? DEFAULT_GENERATION;
    maxGeneration = Math.max(maxGeneration, memberGeneration);
    const ownedPartitions: TopicPartition[] = [];
    consumerToOwnedPartitions.set(member.memberId, ownedPartitions);

    for (const partition of member.ownedPartitions) {
      // Kafka drops claims on topics that are gone; we also drop partition numbers the topic lacks
      const count = topics.get(partition.topic);
      if (count === undefined || partition.partition < 0 || partition.partition >= count) continue;
      const key = tpKey(partition);
      const other = allPreviousPartitionsToOwner.get(key);
      if (!other) {
        ownedPartitions.push(partition);
        allPreviousPartitionsToOwner.set(key, member);
        continue;
      }
      const otherGeneration = other.generation ?? DEFAULT_GENERATION;
      if (memberGeneration === otherGeneration) {
        partitionsWithMultiplePreviousOwners.add(key);
        removePartition(consumerToOwnedPartitions.get(other.memberId), key);
        allPreviousPartitionsToOwner.set(key, member);
      } else if (memberGeneration > otherGeneration) {
        ownedPartitions.push(partition);
        removePartition(consumerToOwnedPartitions.get(other.memberId), key);
        allPreviousPartitionsToOwner.set(key, member);
      }
      // else: the other member's claim is newer and stands
    }
  }
  return { allSubscriptionsEqual, consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners, maxGeneration };
}

/**
 * The constrained path (`ConstrainedAssignmentBuilder`), for identical subscriptions:
 * 1. each member keeps its owned partitions up to its quota (maxQuota for the first
 *    `total % members` members that own that many, minQuota for the others);
 * 2. the unassigned partitions, sorted, go round-robin to the members below minQuota,
 *    then one each to members at minQuota until enough members have maxQuota.
 */
function constrainedAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  currentAssignment: ReadonlyMap<string, readonly TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: ReadonlySet<string>,
): { assignment: Map<string, TopicPartition[]>; partitionsTransferringOwnership: Map<string, string> } {
  const partitionsTransferringOwnership = new Map<string, string>();
  const assignment = new Map<string, TopicPartition[]>();
  for (const consumer of currentAssignment.keys()) assignment.set(consumer, []);
  const numberOfConsumers = currentAssignment.size;
  if (numberOfConsumers === 0) return { assignment, partitionsTransferringOwnership };

  let totalPartitionsCount = 0;
  for (const count of partitionsPerTopic.values()) totalPartitionsCount += count;
  const minQuota = Math.floor(totalPartitionsCount / numberOfConsumers);
  const maxQuota = Math.ceil(totalPartitionsCount / numberOfConsumers);
  // how many members get maxQuota (0 when minQuota === maxQuota)
  const expectedNumMembersWithOverMinQuotaPartitions = totalPartitionsCount % numberOfConsumers;
  let currentNumMembersWithOverMinQuotaPartitions = 0;

  const allRevokedPartitions = new Set<string>();
  const assignedPartitions = new Set<string>();
  const unfilledMembersWithUnderMinQuotaPartitions: string[] = [];
  const unfilledMembersWithExactlyMinQuotaPartitions: string[] = [];

  // 1. reassign previously owned partitions, lowest partition numbers first so topics stay balanced
  for (const [consumer, owned] of currentAssignment) {
    const ownedPartitions = owned
      .filter((p) => !partitionsWithMultiplePreviousOwners.has(tpKey(p)))
      .sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic));
    const consumerAssignment = assignment.get(consumer) ?? [];
    const keep = (partitions: TopicPartition[]) => {
      consumerAssignment.push(...partitions);
      for (const p of partitions) assignedPartitions.add(tpKey(p));
    };
    const revoke = (partitions: TopicPartition[]) => {
      for (const p of partitions) allRevokedPartitions.add(tpKey(p));
    };

    if (ownedPartitions.length < minQuota) {
      keep(ownedPartitions);
      unfilledMembersWithUnderMinQuotaPartitions.push(consumer);
    } else if (
      ownedPartitions.length >= maxQuota &&
      currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions
    ) {
      currentNumMembersWithOverMinQuotaPartitions++;
      if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.length = 0;
      }
      keep(ownedPartitions.slice(0, maxQuota));
      revoke(ownedPartitions.slice(maxQuota));
    } else {
      keep(ownedPartitions.slice(0, minQuota));
      revoke(ownedPartitions.slice(minQuota));
      // still a candidate for maxQuota while too few members have it
      if (currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
      }
    }
  }

  const unassignedPartitions = [...partitionsPerTopic.keys()]
    .sort(compareStrings)
    .flatMap((topic) => partitionsOf(topic, partitionsPerTopic.get(topic) ?? 0))
    .filter((p) => !assignedPartitions.has(tpKey(p)));
  unfilledMembersWithUnderMinQuotaPartitions.sort(compareStrings);
  unfilledMembersWithExactlyMinQuotaPartitions.sort(compareStrings);

  const assignNewPartition = (partition: TopicPartition, consumer: string): number => {
    const consumerAssignment = assignment.get(consumer) ?? [];
    consumerAssignment.push(partition);
    // owned partitions were all placed in step 1, so a revoked one assigned here changes owner
    const key = tpKey(partition);
    if (allRevokedPartitions.has(key) || partitionsWithMultiplePreviousOwners.has(key)) {
      partitionsTransferringOwnership.set(key, consumer);
    }
    return consumerAssignment.length;
  };

  // 2. round-robin over the members under minQuota, then top up members at minQuota to maxQuota
  let cursor = 0;
  for (const partition of unassignedPartitions) {
    const underMin = unfilledMembersWithUnderMinQuotaPartitions.length > 0;
    if (underMin && cursor >= unfilledMembersWithUnderMinQuotaPartitions.length) cursor = 0;
    const consumer = underMin
      ? unfilledMembersWithUnderMinQuotaPartitions[cursor++]
      : unfilledMembersWithExactlyMinQuotaPartitions.shift();
    if (consumer === undefined) throw new Error("No more unfilled consumers to be assigned.");

    const currentAssignedCount = assignNewPartition(partition, consumer);
    if (underMin && currentAssignedCount === minQuota) {
      unfilledMembersWithUnderMinQuotaPartitions.splice(--cursor, 1);
      unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
    } else if (currentAssignedCount === maxQuota) {
      currentNumMembersWithOverMinQuotaPartitions++;
    }
  }

  verifyUnfilledMembers(
    unfilledMembersWithUnderMinQuotaPartitions,
    assignment,
    minQuota,
    currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions,
  );
  return { assignment, partitionsTransferringOwnership };
}

/** `verifyUnfilledMembers`: members left unfilled must sit at exactly minQuota, once enough reached maxQuota. */
function verifyUnfilledMembers(
  unfilled: readonly string[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
  minQuota: number,
  reachedExpectedMaxQuotaMembers: boolean,
): void {
  if (unfilled.length === 0) return;
  if (!reachedExpectedMaxQuotaMembers) {
    throw new Error("We haven't reached the expected number of members with more than the minQuota partitions");
  }
  for (const member of unfilled) {
    if ((assignment.get(member)?.length ?? 0) !== minQuota) {
      throw new Error(`Consumer: [${member}] doesn't reach minQuota partitions`);
    }
  }
}

function sameTopics(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((topic) => b.has(topic));
}

function removePartition(partitions: TopicPartition[] | undefined, key: string): void {
  if (!partitions) return;
  const index = partitions.findIndex((p) => tpKey(p) === key);
  if (index >= 0) partitions.splice(index, 1);
}

/** The result as a plain record, members in the order they were given. */
function toAssignment(
  subscriptions: readonly Subscription[],
  assignment: ReadonlyMap<string, TopicPartition[]>,
): Assignment {
  const result: Assignment = {};
  for (const { memberId } of subscriptions) result[memberId] = assignment.get(memberId) ?? [];
  return result;
}
