import type { ClusterConfigInput } from "../sim";

/** The cluster the app opens with: small enough to read, with timeouts short enough to watch. */
export const DEFAULT_SCENARIO: ClusterConfigInput = {
  brokers: 3,
  zookeeperServers: 1,
  topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }],
  broker: { "zookeeper.session.timeout.ms": 6000, "replica.lag.time.max.ms": 10000 },
};

export const DEFAULT_SEED = 42;
