import type { ClusterConfigInput, ConsumerSpec, ProducerSpec } from "../src/sim/index";

/**
 * The benchmark workloads (issue 7), defined once and used by the engine and
 * browser benchmarks. Rates are records per second per producer.
 */
function producers(n: number, topics: string[], rate: number): ProducerSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `producer-${i + 1}`,
    topic: topics[i % topics.length],
    rate,
    keyPattern: "key-{n % 1000}",
    config: { "linger.ms": 5 },
  }));
}

function groups(nGroups: number, perGroup: number, topics: string[]): ConsumerSpec[] {
  const out: ConsumerSpec[] = [];
  for (let g = 0; g < nGroups; g++) {
    for (let c = 0; c < perGroup; c++) {
      out.push({
        id: `consumer-${g * perGroup + c + 1}`,
        topic: topics[g % topics.length],
        groupId: `group-${g + 1}`,
        config: { "auto.offset.reset": "earliest" },
      });
    }
  }
  return out;
}

const teaching = {
  "zookeeper.session.timeout.ms": 6000,
  "replica.lag.time.max.ms": 10000,
  "group.initial.rebalance.delay.ms": 0,
  "offsets.topic.num.partitions": 10,
  "retention.ms": 60_000,
  "log.retention.check.interval.ms": 10_000,
};

export const WORKLOADS: Record<"small" | "standard" | "large", ClusterConfigInput> = {
  small: {
    brokers: 3,
    zookeeperServers: 1,
    broker: { ...teaching, "offsets.topic.num.partitions": 3 },
    topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }],
    producers: producers(1, ["orders"], 20),
    consumers: groups(1, 2, ["orders"]),
  },
  standard: {
    brokers: 6,
    zookeeperServers: 3,
    broker: teaching,
    topics: [
      { name: "orders", partitions: 12, replicationFactor: 3 },
      { name: "payments", partitions: 6, replicationFactor: 3 },
    ],
    producers: producers(3, ["orders", "payments", "orders"], 1000),
    consumers: groups(2, 3, ["orders", "payments"]),
  },
  large: {
    brokers: 12,
    zookeeperServers: 3,
    broker: teaching,
    topics: [{ name: "events", partitions: 100, replicationFactor: 3 }],
    producers: producers(6, ["events"], 2000),
    consumers: groups(4, 6, ["events"]),
  },
};
