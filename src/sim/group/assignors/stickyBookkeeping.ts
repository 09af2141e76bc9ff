/**
 * Bookkeeping for the sticky assignors' general path (AbstractStickyAssignor.java):
 * the record of partition movements that keeps a rebalance sticky, and the
 * member ordering the algorithm hands partitions out by.
 */
import {
  compareStrings,
  javaHashBucket,
  javaHashTableCapacity,
  type TopicPartition,
  topicPartitionHashCode,
  tpKey,
} from "./types";

interface ConsumerPair {
  srcMemberId: string;
  dstMemberId: string;
}

/** A `java.util.HashSet<TopicPartition>`, as far as which element its iterator yields first. */
class PartitionHashSet {
  private readonly items = new Map<string, TopicPartition>();
  private peakSize = 0;

  get size(): number {
    return this.items.size;
  }

  add(partition: TopicPartition): void {
    this.items.set(tpKey(partition), partition);
    this.peakSize = Math.max(this.peakSize, this.items.size);
  }

  delete(partition: TopicPartition): void {
    this.items.delete(tpKey(partition));
  }

  /** First element in HashSet iteration order: lowest bucket, then oldest entry (the table never shrinks). */
  first(): TopicPartition {
    const capacity = javaHashTableCapacity(this.peakSize);
    let first: TopicPartition | undefined;
    let firstBucket = Number.POSITIVE_INFINITY;
    for (const partition of this.items.values()) {
      const bucket = javaHashBucket(topicPartitionHashCode(partition), capacity);
      if (bucket < firstBucket) {
        first = partition;
        firstBucket = bucket;
      }
    }
    if (!first) throw new Error("empty partition set");
    return first;
  }
}

const pairKey = (src: string, dst: string): string => JSON.stringify([src, dst]);

/** `AbstractStickyAssignor.PartitionMovements`: who moved what to whom in this rebalance. */
export class PartitionMovements {
  private readonly partitionMovementsByTopic = new Map<
    string,
    Map<string, { pair: ConsumerPair; partitions: PartitionHashSet }>
  >();
  private readonly partitionMovements = new Map<string, ConsumerPair>();

  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.partitionMovements.has(tpKey(partition))) {
      // this partition has moved before: record one move from its original owner, or none if it went back
      const existingPair = this.removeMovementRecordOfPartition(partition);
      if (existingPair.srcMemberId !== newConsumer) {
        this.addPartitionMovementRecord(partition, { srcMemberId: existingPair.srcMemberId, dstMemberId: newConsumer });
      }
    } else {
      this.addPartitionMovementRecord(partition, { srcMemberId: oldConsumer, dstMemberId: newConsumer });
    }
  }

  /** Rather than move a topic's partition A→B after another one went B→A, move that one back. */
  getTheActualPartitionToBeMoved(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const movementsForTopic = this.partitionMovementsByTopic.get(partition.topic);
    if (!movementsForTopic) return partition;
    const earlierMove = this.partitionMovements.get(tpKey(partition));
    const source = earlierMove ? earlierMove.srcMemberId : oldConsumer;
    const reverse = movementsForTopic.get(pairKey(newConsumer, source));
    return reverse ? reverse.partitions.first() : partition;
  }

  /** No topic had partitions move both ways between the same two members (a cycle of length 2). */
  isSticky(): boolean {
    for (const movements of this.partitionMovementsByTopic.values()) {
      for (const { pair } of movements.values()) {
        if (movements.has(pairKey(pair.dstMemberId, pair.srcMemberId))) return false;
      }
    }
    return true;
  }

  private removeMovementRecordOfPartition(partition: TopicPartition): ConsumerPair {
    const key = tpKey(partition);
    const pair = this.partitionMovements.get(key);
    if (!pair) throw new Error(`no movement recorded for ${key}`);
    this.partitionMovements.delete(key);
    const forTopic = this.partitionMovementsByTopic.get(partition.topic);
    const entry = forTopic?.get(pairKey(pair.srcMemberId, pair.dstMemberId));
    entry?.partitions.delete(partition);
    if (forTopic && entry && entry.partitions.size === 0) forTopic.delete(pairKey(pair.srcMemberId, pair.dstMemberId));
    if (forTopic && forTopic.size === 0) this.partitionMovementsByTopic.delete(partition.topic);
    return pair;
  }

  private addPartitionMovementRecord(partition: TopicPartition, pair: ConsumerPair): void {
    this.partitionMovements.set(tpKey(partition), pair);
    let forTopic = this.partitionMovementsByTopic.get(partition.topic);
    if (!forTopic) {
      forTopic = new Map();
      this.partitionMovementsByTopic.set(partition.topic, forTopic);
    }
    const key = pairKey(pair.srcMemberId, pair.dstMemberId);
    let entry = forTopic.get(key);
    if (!entry) {
      entry = { pair, partitions: new PartitionHashSet() };
      forTopic.set(key, entry);
    }
    entry.partitions.add(partition);
  }
}

/** A `TreeSet` of members ordered by current assignment size, then member id. */
export class SortedConsumers implements Iterable<string> {
  private readonly members: string[] = [];

  constructor(private readonly sizeOf: (member: string) => number) {}

  [Symbol.iterator](): Iterator<string> {
    return this.members[Symbol.iterator]();
  }

  first(): string | undefined {
    return this.members[0];
  }

  last(): string | undefined {
    return this.members[this.members.length - 1];
  }

  add(member: string): void {
    if (this.members.includes(member)) return;
    let lo = 0;
    let hi = this.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.members[mid], member) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.members.splice(lo, 0, member);
  }

  remove(member: string): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
  }

  private compare(a: string, b: string): number {
    return this.sizeOf(a) - this.sizeOf(b) || compareStrings(a, b);
  }
}
