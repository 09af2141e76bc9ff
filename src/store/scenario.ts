import type { ClusterConfigInput, ConsumerSpec } from "../sim";
import { benchScenario } from "./benchHook";

/** Consumer settings the default group uses: read from the start, and notice a dead member within 10 s. */
export const DEFAULT_CONSUMER_CONFIG: ConsumerSpec["config"] = {
  "auto.offset.reset": "earliest",
  "session.timeout.ms": 10000,
};

/**
 * The cluster the app opens with: small enough to read, with timeouts short
 * enough to watch. Three offsets partitions instead of Kafka's 50 keep the
 * coordinator's log readable; the settings note says so.
 */
export const DEFAULT_SCENARIO: ClusterConfigInput = {
  brokers: 3,
  zookeeperServers: 1,
  topics: [{ name: "orders", partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 2 } }],
  broker: {
    "zookeeper.session.timeout.ms": 6000,
    "replica.lag.time.max.ms": 10000,
    "offsets.topic.num.partitions": 3,
    "group.initial.rebalance.delay.ms": 1000,
  },
  producers: [{ id: "producer-1", topic: "orders", rate: 4, keyPattern: "user-{n % 10}" }],
  consumers: [
    { id: "consumer-1", topic: "orders", groupId: "billing", config: DEFAULT_CONSUMER_CONFIG },
    { id: "consumer-2", topic: "orders", groupId: "billing", config: DEFAULT_CONSUMER_CONFIG },
  ],
};

export const DEFAULT_SEED = 42;

/** The cluster the app starts with: the default, or a benchmark workload when the URL says `?bench=<name>`. */
export const INITIAL_SCENARIO: ClusterConfigInput = benchScenario() ?? DEFAULT_SCENARIO;
