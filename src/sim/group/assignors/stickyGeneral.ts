/**
 * The sticky assignors' general path, used when members subscribe to different
 * topics: `AbstractStickyAssignor.GeneralAssignmentBuilder` (without racks).
 *
 * 1. keep every still-valid owned partition where it is;
 * 2. give each unassigned partition to the least-loaded member subscribed to it;
 * 3. move partitions from members with 2+ more partitions than another eligible
 *    member until balanced, preferring to hand a partition back to its owner of
 *    an older generation, and avoiding moving a topic's partitions back and forth;
 * 4. keep the result only if it is more balanced than before step 3.
 */
import { PartitionMovements, SortedConsumers } from "./stickyBookkeeping";
import {
  compareStrings,
  DEFAULT_GENERATION,
  partitionsOf,
  type Subscription,
  type TopicPartition,
  tpKey,
} from "./types";

interface ConsumerGenerationPair {
  consumer: string;
  generation: number;
}

export interface GeneralAssignResult {
  assignment: Map<string, TopicPartition[]>;
  isSticky: boolean;
}

/**
 * @param partitionsPerTopic the subscribed topics that exist
 * @param subscriptions      members in the coordinator's (Java HashMap) order
 * @param currentAssignment  each member's valid owned partitions, from the ownership pass; mutated
 * @param maxGeneration      the highest generation any member reported
 */
export function generalAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: readonly Subscription[],
  currentAssignment: Map<string, TopicPartition[]>,
  maxGeneration: number,
): GeneralAssignResult {
  const builder = new GeneralAssignmentBuilder(partitionsPerTopic, subscriptions, currentAssignment, maxGeneration);
  const assignment = builder.build();
  return { assignment, isSticky: builder.isSticky() };
}

class GeneralAssignmentBuilder {
  private readonly subscriptions: Map<string, Subscription>;
  // all consumers that can be assigned each topic, and all topics each consumer can be assigned
  private readonly topic2AllPotentialConsumers = new Map<string, string[]>();
  private readonly consumer2AllPotentialTopics = new Map<string, string[]>();
  private readonly currentPartitionConsumer = new Map<string, string>();
  private sortedAllPartitions: TopicPartition[];
  private readonly sortedCurrentSubscriptions: SortedConsumers;
  private readonly partitionMovements = new PartitionMovements();
  private revocationRequired = false;

  constructor(
    private readonly partitionsPerTopic: ReadonlyMap<string, number>,
    subscriptions: readonly Subscription[],
    private readonly currentAssignment: Map<string, TopicPartition[]>,
    private readonly maxGeneration: number,
  ) {
    this.subscriptions = new Map(subscriptions.map((s) => [s.memberId, s]));
    for (const topic of partitionsPerTopic.keys()) this.topic2AllPotentialConsumers.set(topic, []);
    for (const subscription of subscriptions) {
      const topics = [...new Set(subscription.topics)].filter((topic) => partitionsPerTopic.has(topic));
      this.consumer2AllPotentialTopics.set(subscription.memberId, topics);
      for (const topic of topics) this.topic2AllPotentialConsumers.get(topic)?.push(subscription.memberId);
      if (!currentAssignment.has(subscription.memberId)) currentAssignment.set(subscription.memberId, []);
    }
    for (const [consumer, partitions] of currentAssignment) {
      for (const partition of partitions) this.currentPartitionConsumer.set(tpKey(partition), consumer);
    }

    // topics with the fewest potential consumers first (TopicComparator)
    const sortedAllTopics = [...this.topic2AllPotentialConsumers.keys()].sort(
      (a, b) => this.potentialConsumers(a).length - this.potentialConsumers(b).length || compareStrings(a, b),
    );
    this.sortedAllPartitions = sortedAllTopics.flatMap((topic) =>
      partitionsOf(topic, partitionsPerTopic.get(topic) ?? 0),
    );
    this.sortedCurrentSubscriptions = new SortedConsumers((consumer) => this.sizeOf(consumer));
  }

  build(): Map<string, TopicPartition[]> {
    const prevAssignment = this.prepopulateCurrentAssignments();
    const assignedPartitions = new Set(this.assignOwnedPartitions().map(tpKey));
    const unassignedPartitions = this.sortedAllPartitions.filter((p) => !assignedPartitions.has(tpKey(p)));
    for (const consumer of this.currentAssignment.keys()) this.sortedCurrentSubscriptions.add(consumer);
    this.balance(prevAssignment, unassignedPartitions);
    return this.currentAssignment;
  }

  isSticky(): boolean {
    return this.partitionMovements.isSticky();
  }

  private potentialConsumers(topic: string): string[] {
    return this.topic2AllPotentialConsumers.get(topic) ?? [];
  }

  private potentialTopics(consumer: string): string[] {
    return this.consumer2AllPotentialTopics.get(consumer) ?? [];
  }

  private sizeOf(consumer: string): number {
    return this.currentAssignment.get(consumer)?.length ?? 0;
  }

  /** Partitions members claimed in generations older than the newest, newest claim per partition. */
  private prepopulateCurrentAssignments(): Map<string, ConsumerGenerationPair> {
    const prevAssignment = new Map<string, ConsumerGenerationPair>();
    for (const subscription of this.subscriptions.values()) {
      const generation = subscription.generation ?? DEFAULT_GENERATION;
      if (generation >= this.maxGeneration) continue;
      for (const partition of subscription.ownedPartitions) {
        const previous = prevAssignment.get(tpKey(partition));
        if (!previous || generation > previous.generation) {
          prevAssignment.set(tpKey(partition), { consumer: subscription.memberId, generation });
        }
      }
    }
    return prevAssignment;
  }

  /** Keeps owned partitions of topics the owner still subscribes to; returns them. */
  private assignOwnedPartitions(): TopicPartition[] {
    const assigned: TopicPartition[] = [];
    for (const [consumer, partitions] of this.currentAssignment) {
      const subscription = this.subscriptions.get(consumer);
      if (!subscription) {
        for (const partition of partitions) this.currentPartitionConsumer.delete(tpKey(partition));
        this.currentAssignment.delete(consumer);
        continue;
      }
      const kept: TopicPartition[] = [];
      for (const partition of partitions) {
        if (!this.topic2AllPotentialConsumers.has(partition.topic)) {
          this.currentPartitionConsumer.delete(tpKey(partition));
        } else if (!subscription.topics.includes(partition.topic)) {
          // the owner unsubscribed from the topic: it must give the partition up
          this.currentPartitionConsumer.delete(tpKey(partition));
          this.revocationRequired = true;
        } else {
          kept.push(partition);
          assigned.push(partition);
        }
      }
      this.currentAssignment.set(consumer, kept);
    }
    return assigned;
  }

  private balance(prevAssignment: Map<string, ConsumerGenerationPair>, unassignedPartitions: TopicPartition[]): void {
    const largest = this.sortedCurrentSubscriptions.last();
    const initializing = largest === undefined || this.sizeOf(largest) === 0;

    for (const partition of unassignedPartitions) {
      if (this.potentialConsumers(partition.topic).length > 0) this.maybeAssignPartition(partition);
    }

    // narrow the reassignment down to topics with 2+ potential consumers, and to members that can change
    const canMove = (p: TopicPartition) => this.canTopicParticipateInReassignment(p.topic);
    this.sortedAllPartitions = this.sortedAllPartitions.filter(canMove);
    const reassignableUnassigned = unassignedPartitions.filter(canMove);
    const fixedAssignments = new Map<string, TopicPartition[]>();
    for (const consumer of this.consumer2AllPotentialTopics.keys()) {
      if (!this.canConsumerParticipateInReassignment(consumer)) {
        this.sortedCurrentSubscriptions.remove(consumer);
        fixedAssignments.set(consumer, this.currentAssignment.get(consumer) ?? []);
        this.currentAssignment.delete(consumer);
      }
    }

    const preBalanceAssignment = deepCopy(this.currentAssignment);
    const preBalancePartitionConsumers = new Map(this.currentPartitionConsumer);

    // without forced revocations, first try to balance by moving only the newly assigned partitions
    if (!this.revocationRequired) this.performReassignments(reassignableUnassigned, prevAssignment);
    const reassignmentPerformed = this.performReassignments(this.sortedAllPartitions, prevAssignment);

    // keep the moves only if they made the assignment more balanced
    if (
      !initializing &&
      reassignmentPerformed &&
      getBalanceScore(this.currentAssignment) >= getBalanceScore(preBalanceAssignment)
    ) {
      this.currentAssignment.clear();
      for (const [consumer, partitions] of preBalanceAssignment) this.currentAssignment.set(consumer, partitions);
      this.currentPartitionConsumer.clear();
      for (const [key, consumer] of preBalancePartitionConsumers) this.currentPartitionConsumer.set(key, consumer);
    }

    for (const [consumer, partitions] of fixedAssignments) {
      this.currentAssignment.set(consumer, partitions);
      this.sortedCurrentSubscriptions.add(consumer);
    }
  }

  /** Gives the partition to the least-loaded member subscribed to its topic. */
  private maybeAssignPartition(partition: TopicPartition): void {
    for (const consumer of this.sortedCurrentSubscriptions) {
      if (this.potentialTopics(consumer).includes(partition.topic)) {
        this.sortedCurrentSubscriptions.remove(consumer);
        this.currentAssignment.get(consumer)?.push(partition);
        this.currentPartitionConsumer.set(tpKey(partition), consumer);
        this.sortedCurrentSubscriptions.add(consumer);
        return;
      }
    }
  }

  private canTopicParticipateInReassignment(topic: string): boolean {
    return this.potentialConsumers(topic).length >= 2;
  }

  private canConsumerParticipateInReassignment(consumer: string): boolean {
    const currentPartitions = this.currentAssignment.get(consumer) ?? [];
    if (currentPartitions.length < this.maxAssignmentSize(consumer)) return true;
    return currentPartitions.some((p) => this.canTopicParticipateInReassignment(p.topic));
  }

  private maxAssignmentSize(consumer: string): number {
    return this.potentialTopics(consumer).reduce((sum, topic) => sum + (this.partitionsPerTopic.get(topic) ?? 0), 0);
  }

  private performReassignments(
    reassignablePartitions: readonly TopicPartition[],
    prevAssignment: Map<string, ConsumerGenerationPair>,
  ): boolean {
    let reassignmentPerformed = false;
    let modified: boolean;
    // repeat until no partition can be moved to improve the balance
    do {
      modified = false;
      for (const partition of reassignablePartitions) {
        if (this.isBalanced()) break;
        const consumer = this.currentPartitionConsumer.get(tpKey(partition));
        if (consumer === undefined) continue;

        // hand the partition back to its owner of an older generation if that one has 2+ fewer
        const previous = prevAssignment.get(tpKey(partition));
        if (
          previous &&
          this.canReceive(previous.consumer, partition) &&
          this.sizeOf(consumer) > this.sizeOf(previous.consumer) + 1
        ) {
          this.reassignPartition(partition, previous.consumer);
          reassignmentPerformed = modified = true;
          continue;
        }

        for (const otherConsumer of this.potentialConsumers(partition.topic)) {
          if (this.currentAssignment.has(otherConsumer) && this.sizeOf(consumer) > this.sizeOf(otherConsumer) + 1) {
            this.reassignPartition(partition, this.leastLoadedConsumerFor(partition));
            reassignmentPerformed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  }

  /**
   * Kafka moves a partition back to its older-generation owner without checking the owner
   * still subscribes to the topic or still takes part; we require both, so no member is
   * ever given a topic it does not subscribe to.
   */
  private canReceive(consumer: string, partition: TopicPartition): boolean {
    return this.currentAssignment.has(consumer) && this.potentialTopics(consumer).includes(partition.topic);
  }

  private leastLoadedConsumerFor(partition: TopicPartition): string {
    for (const consumer of this.sortedCurrentSubscriptions) {
      if (this.potentialTopics(consumer).includes(partition.topic)) return consumer;
    }
    throw new Error(`no consumer subscribed to ${partition.topic}`);
  }

  private reassignPartition(partition: TopicPartition, newConsumer: string): void {
    const consumer = this.currentPartitionConsumer.get(tpKey(partition));
    if (consumer === undefined) return;
    // find the partition to move that keeps the assignment sticky
    const partitionToBeMoved = this.partitionMovements.getTheActualPartitionToBeMoved(partition, consumer, newConsumer);
    this.processPartitionMovement(partitionToBeMoved, newConsumer);
  }

  private processPartitionMovement(partition: TopicPartition, newConsumer: string): void {
    const key = tpKey(partition);
    const oldConsumer = this.currentPartitionConsumer.get(key);
    if (oldConsumer === undefined) return;

    this.sortedCurrentSubscriptions.remove(oldConsumer);
    this.sortedCurrentSubscriptions.remove(newConsumer);
    this.partitionMovements.movePartition(partition, oldConsumer, newConsumer);

    const oldPartitions = this.currentAssignment.get(oldConsumer) ?? [];
    const index = oldPartitions.findIndex((p) => tpKey(p) === key);
    if (index >= 0) oldPartitions.splice(index, 1);
    this.currentAssignment.get(newConsumer)?.push(partition);
    this.currentPartitionConsumer.set(key, newConsumer);

    this.sortedCurrentSubscriptions.add(newConsumer);
    this.sortedCurrentSubscriptions.add(oldConsumer);
  }

  /** Sizes differ by at most one, or no member could take a partition from one with 2+ more. */
  private isBalanced(): boolean {
    const first = this.sortedCurrentSubscriptions.first();
    const last = this.sortedCurrentSubscriptions.last();
    if (first === undefined || last === undefined) return true;
    if (this.sizeOf(first) >= this.sizeOf(last) - 1) return true;

    const owners = new Map<string, string>();
    for (const [consumer, partitions] of this.currentAssignment) {
      for (const partition of partitions) owners.set(tpKey(partition), consumer);
    }

    for (const consumer of this.sortedCurrentSubscriptions) {
      const consumerPartitionCount = this.sizeOf(consumer);
      if (consumerPartitionCount === this.maxAssignmentSize(consumer)) continue;
      const owned = new Set((this.currentAssignment.get(consumer) ?? []).map(tpKey));
      for (const topic of this.potentialTopics(consumer)) {
        const partitionCount = this.partitionsPerTopic.get(topic) ?? 0;
        for (let i = 0; i < partitionCount; i++) {
          const key = `${topic}-${i}`;
          if (owned.has(key)) continue;
          const otherConsumer = owners.get(key);
          if (otherConsumer !== undefined && consumerPartitionCount + 1 < this.sizeOf(otherConsumer)) return false;
        }
      }
    }
    return true;
  }
}

/** Sum of the size differences over all pairs of members; 0 when perfectly balanced. */
function getBalanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((partitions) => partitions.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) {
    for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i] - sizes[j]);
  }
  return score;
}

function deepCopy(assignment: ReadonlyMap<string, readonly TopicPartition[]>): Map<string, TopicPartition[]> {
  return new Map([...assignment].map(([consumer, partitions]) => [consumer, [...partitions]]));
}
