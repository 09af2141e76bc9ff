/**
 * Helpers shared by the assignor tests: the vocabulary of Kafka's assignor tests
 * (tp, subscription, verifyValidityAndBalance, isFullyBalanced) in TypeScript.
 */
import { expect } from "vitest";
import { cooperativeStickyAssign, stickyAssignPartitions } from "./sticky";
import type { Assignment, PartitionsPerTopic, Subscription, TopicPartition } from "./types";
import { tpKey } from "./types";

export const GENERATION_ID = 1;

export function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition };
}

/** "t1-0, t1-3" → partitions, as AbstractPartitionAssignorTest.ownedPartitions parses them. */
export function parsePartitions(list: string): TopicPartition[] {
  if (list.trim() === "") return [];
  return list.split(", ").map((entry) => {
    const dash = entry.lastIndexOf("-");
    return tp(entry.slice(0, dash), Number(entry.slice(dash + 1)));
  });
}

/** AbstractPartitionAssignorTest.toSortedString: partitions as "topic-p", sorted as strings. */
export function toSortedString(partitions: readonly TopicPartition[]): string {
  return partitions.map(tpKey).sort().join(", ");
}

export function keys(partitions: readonly TopicPartition[]): string[] {
  return partitions.map(tpKey);
}

export function keySet(partitions: readonly TopicPartition[]): Set<string> {
  return new Set(partitions.map(tpKey));
}

export function subscription(
  memberId: string,
  topics: string[],
  ownedPartitions: TopicPartition[] = [],
  generation?: number,
): Subscription {
  return { memberId, topics, ownedPartitions, generation };
}

/** Kafka's Map<String, Subscription>, keyed by member id, in insertion order. */
export type Subscriptions = Map<string, Subscription>;

export function put(subscriptions: Subscriptions, s: Subscription): void {
  subscriptions.set(s.memberId, s);
}

/** getCanonicalName from AbstractStickyAssignorTest: prefix + number zero-padded to maxNum's width. */
export function canonicalName(prefix: string, i: number, maxNum: number): string {
  return prefix + String(i).padStart(String(maxNum).length, "0");
}

export function isFullyBalanced(assignment: Assignment): boolean {
  const sizes = Object.values(assignment).map((partitions) => partitions.length);
  return sizes.length === 0 || Math.max(...sizes) - Math.min(...sizes) <= 1;
}

/** Every subscribed, existing partition is assigned to exactly one member subscribed to its topic. */
export function expectCompleteAndValid(
  partitionsPerTopic: PartitionsPerTopic,
  subscriptions: readonly Subscription[],
  assignment: Assignment,
): void {
  expect(Object.keys(assignment).sort()).toEqual(subscriptions.map((s) => s.memberId).sort());
  const owners = new Map<string, string>();
  for (const s of subscriptions) {
    for (const partition of assignment[s.memberId]) {
      expect(s.topics, `${tpKey(partition)} given to ${s.memberId}`).toContain(partition.topic);
      expect(owners.has(tpKey(partition)), `${tpKey(partition)} assigned twice`).toBe(false);
      owners.set(tpKey(partition), s.memberId);
    }
  }
  const subscribed = new Set(subscriptions.flatMap((s) => s.topics));
  for (const [topic, count] of Object.entries(partitionsPerTopic)) {
    if (!subscribed.has(topic)) continue;
    for (let p = 0; p < count; p++) expect(owners.has(`${topic}-${p}`), `${topic}-${p} unassigned`).toBe(true);
  }
}

/**
 * AbstractStickyAssignorTest.verifyValidityAndBalance: members only get subscribed topics, no
 * partition is shared, and two members whose counts differ by 2+ share no topic.
 */
export function verifyValidityAndBalance(subscriptions: Subscriptions, assignment: Assignment): void {
  const consumers = Object.keys(assignment).sort();
  expect(consumers.length).toBe(subscriptions.size);
  for (let i = 0; i < consumers.length; i++) {
    const partitions = assignment[consumers[i]];
    const topics = subscriptions.get(consumers[i])?.topics ?? [];
    for (const partition of partitions) expect(topics).toContain(partition.topic);
    for (let j = i + 1; j < consumers.length; j++) {
      const otherPartitions = assignment[consumers[j]];
      const other = keySet(otherPartitions);
      expect(partitions.filter((p) => other.has(tpKey(p)))).toEqual([]);
      if (Math.abs(partitions.length - otherPartitions.length) <= 1) continue;
      const otherTopics = new Set(otherPartitions.map((p) => p.topic));
      for (const partition of partitions) expect(otherTopics.has(partition.topic)).toBe(false);
    }
  }
}

/** One of the two sticky assignors, seen the way AbstractStickyAssignorTest drives it. */
export interface StickyHarness {
  name: "sticky" | "cooperative-sticky";
  assign(partitionsPerTopic: PartitionsPerTopic, subscriptions: Subscriptions): Assignment;
  /** The AbstractStickyAssignor.partitionsTransferringOwnership field after that assignment. */
  partitionsTransferringOwnership(
    partitionsPerTopic: PartitionsPerTopic,
    subscriptions: Subscriptions,
  ): Map<string, string> | null;
  isSticky(partitionsPerTopic: PartitionsPerTopic, subscriptions: Subscriptions): boolean;
  /**
   * verifyValidityAndBalance; the cooperative assignor first runs follow-up rebalances while
   * members revoke partitions (CooperativeStickyAssignorTest), updating `subscriptions` and
   * `assignment` in place.
   */
  verify(partitionsPerTopic: PartitionsPerTopic, subscriptions: Subscriptions, assignment: Assignment): void;
}

export const stickyHarness: StickyHarness = {
  name: "sticky",
  assign: (ppt, subs) => stickyAssignPartitions(ppt, [...subs.values()]).assignment,
  partitionsTransferringOwnership: (ppt, subs) =>
    stickyAssignPartitions(ppt, [...subs.values()]).partitionsTransferringOwnership,
  isSticky: (ppt, subs) => stickyAssignPartitions(ppt, [...subs.values()]).isSticky,
  verify: (_ppt, subs, assignment) => verifyValidityAndBalance(subs, assignment),
};

export const cooperativeHarness: StickyHarness = {
  name: "cooperative-sticky",
  assign: (ppt, subs) => cooperativeStickyAssign(ppt, [...subs.values()]),
  partitionsTransferringOwnership: stickyHarness.partitionsTransferringOwnership,
  isSticky: stickyHarness.isSticky,
  verify(ppt, subs, assignment) {
    let rebalances = 0;
    while (verifyCooperativeValidity(subs, assignment)) {
      for (const [consumer, partitions] of Object.entries(assignment)) {
        const old = subs.get(consumer);
        if (old) put(subs, subscription(consumer, old.topics, partitions, GENERATION_ID));
      }
      const next = cooperativeStickyAssign(ppt, [...subs.values()]);
      for (const consumer of Object.keys(assignment)) delete assignment[consumer];
      Object.assign(assignment, next);
      rebalances++;
      expect(rebalances).toBeLessThanOrEqual(4);
    }
    verifyValidityAndBalance(subs, assignment);
  },
};

/**
 * CooperativeStickyAssignorTest.verifyCooperativeValidity: no partition is given to a member
 * in the same rebalance another member revokes it; returns whether anything is revoked.
 */
export function verifyCooperativeValidity(subscriptions: Subscriptions, assignment: Assignment): boolean {
  const added = new Set<string>();
  const revoked = new Set<string>();
  for (const [consumer, partitions] of Object.entries(assignment)) {
    const owned = keySet(subscriptions.get(consumer)?.ownedPartitions ?? []);
    const assigned = keySet(partitions);
    for (const p of owned) if (!assigned.has(p)) revoked.add(p);
    for (const p of assigned) if (!owned.has(p)) added.add(p);
  }
  expect([...added].filter((p) => revoked.has(p))).toEqual([]);
  return revoked.size > 0;
}
