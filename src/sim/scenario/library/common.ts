import type { Condition } from "../conditions";

/** Kafka's default timeouts are long for a lesson: the scenarios shorten them, and the UI says so. */
export const teaching = {
  "zookeeper.session.timeout.ms": 6000,
  "replica.lag.time.max.ms": 10000,
  "offsets.topic.num.partitions": 3,
  "group.initial.rebalance.delay.ms": 1000,
};

/** Every partition of `topic` (0 … count-1) has a leader. */
export function allOnline(topic: string, count: number): Condition {
  return {
    kind: "all",
    of: Array.from({ length: count }, (_, partition) => ({
      kind: "partition" as const,
      topic,
      partition,
      offline: false,
    })),
  };
}
