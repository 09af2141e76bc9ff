import type { LinkConfig } from "./core/network";

/**
 * Configuration under Kafka's own names, with Kafka 3.x defaults. A scenario
 * overrides a few values (usually shorter timeouts so a lesson takes seconds);
 * `changedSettings` lists them next to Kafka's default so the UI can say so.
 */
export const BROKER_DEFAULTS = {
  "zookeeper.session.timeout.ms": 18000,
  "replica.lag.time.max.ms": 30000,
  "replica.fetch.wait.max.ms": 500,
  "replica.fetch.max.records": 500,
  "replica.fetch.backoff.ms": 1000,
  "replica.socket.timeout.ms": 30000,
  "request.timeout.ms": 30000,
  "min.insync.replicas": 1,
  "unclean.leader.election.enable": false,
  "default.replication.factor": 1,
  "num.partitions": 1,
  "offsets.topic.num.partitions": 50,
  "offsets.topic.replication.factor": 3,
  "auto.leader.rebalance.enable": true,
  "leader.imbalance.check.interval.seconds": 300,
  "leader.imbalance.per.broker.percentage": 10,
  "controlled.shutdown.max.retries": 3,
  "controlled.shutdown.retry.backoff.ms": 5000,
  "group.initial.rebalance.delay.ms": 3000,
  "retention.ms": 604800000,
  "retention.bytes": -1,
  "segment.ms": 604800000,
  /** Kafka sizes segments in bytes (segment.bytes, 1 GiB); the simulator counts records. */
  "segment.records": 1000,
  "log.retention.check.interval.ms": 300000,
} as const;

export type BrokerConfig = {
  -readonly [K in keyof typeof BROKER_DEFAULTS]: (typeof BROKER_DEFAULTS)[K] extends boolean ? boolean : number;
};

/** Topic-level overrides Kafka allows (a subset). */
export type TopicConfig = Partial<
  Pick<
    BrokerConfig,
    | "min.insync.replicas"
    | "unclean.leader.election.enable"
    | "retention.ms"
    | "retention.bytes"
    | "segment.ms"
    | "segment.records"
  >
>;

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  config?: TopicConfig;
}

export const NETWORK_DEFAULTS: LinkConfig = { latencyMs: 2, jitterMs: 2, lossProbability: 0 };

export interface ClusterConfig {
  brokers: number;
  zookeeperServers: number;
  network: LinkConfig;
  broker: BrokerConfig;
  topics: TopicSpec[];
}

export interface ClusterConfigInput {
  brokers?: number;
  zookeeperServers?: number;
  network?: Partial<LinkConfig>;
  broker?: Partial<BrokerConfig>;
  topics?: TopicSpec[];
}

export function resolveConfig(input: ClusterConfigInput = {}): ClusterConfig {
  return {
    brokers: input.brokers ?? 3,
    zookeeperServers: input.zookeeperServers ?? 1,
    network: { ...NETWORK_DEFAULTS, ...input.network },
    broker: { ...BROKER_DEFAULTS, ...input.broker },
    topics: input.topics ?? [],
  };
}

export interface ChangedSetting {
  name: string;
  value: number | boolean;
  kafkaDefault: number | boolean;
}

/** The settings a configuration changes from Kafka's defaults. */
export function changedSettings(config: BrokerConfig): ChangedSetting[] {
  const changed: ChangedSetting[] = [];
  for (const name of Object.keys(BROKER_DEFAULTS) as (keyof BrokerConfig)[]) {
    if (config[name] !== BROKER_DEFAULTS[name])
      changed.push({ name, value: config[name], kafkaDefault: BROKER_DEFAULTS[name] });
  }
  return changed;
}

export function topicSetting<K extends keyof TopicConfig>(
  config: ClusterConfig,
  topic: TopicSpec | undefined,
  key: K,
): NonNullable<TopicConfig[K]> {
  return (topic?.config?.[key] ?? config.broker[key]) as NonNullable<TopicConfig[K]>;
}
