import type { LinkConfig } from "./core/network";
import type { AssignorName } from "./group/assignors";

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
  "offsets.commit.timeout.ms": 5000,
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

/**
 * Producer settings under the Java client's names, with its defaults (Kafka 3.x).
 * Kafka counts batch.size in bytes; the simulator counts every record as about
 * 100 bytes (RECORD_BYTES in clients/accumulator.ts), so 16384 holds 163 records.
 */
export const PRODUCER_DEFAULTS = {
  acks: "all" as "all" | "1" | "0",
  "linger.ms": 5,
  "batch.size": 16384,
  retries: 2147483647,
  "retry.backoff.ms": 100,
  "delivery.timeout.ms": 120000,
  "request.timeout.ms": 30000,
  "enable.idempotence": true,
  "max.in.flight.requests.per.connection": 5,
  "metadata.max.age.ms": 300000,
  /** Null-key records: KIP-794's uniform sticky partitioner (the default), or RoundRobinPartitioner. */
  partitioner: "sticky" as "sticky" | "round-robin",
};

export type ProducerConfig = typeof PRODUCER_DEFAULTS;

/** Consumer settings under the Java client's names, with its defaults (Kafka 3.x). */
export const CONSUMER_DEFAULTS = {
  "auto.offset.reset": "latest" as "latest" | "earliest",
  /** Auto commit applies to group members; a standalone consumer (no group.id) commits nothing. */
  "enable.auto.commit": true,
  "auto.commit.interval.ms": 5000,
  "max.poll.records": 500,
  "fetch.max.wait.ms": 500,
  "request.timeout.ms": 30000,
  "retry.backoff.ms": 100,
  "metadata.max.age.ms": 300000,
  "session.timeout.ms": 45000,
  "heartbeat.interval.ms": 3000,
  /** Also the rebalance timeout the member sends in JoinGroup. */
  "max.poll.interval.ms": 300000,
  /** Since Kafka 3.0; range is used until every member lists only cooperative-sticky. */
  "partition.assignment.strategy": ["range", "cooperative-sticky"] as AssignorName[],
};

export type ConsumerConfig = typeof CONSUMER_DEFAULTS;

/** A simulated producer application: what it sends, how fast, with which client settings. */
export interface ProducerSpec {
  /** Node id, e.g. "producer-1". */
  id: string;
  topic: string;
  /** Records per second, evenly spaced. */
  rate: number;
  /** Keys used in turn; or `keyPattern` such as "user-{n % 10}" (n counts records from 0); neither → null keys. */
  keys?: string[];
  keyPattern?: string;
  /** An explicit partition for every record (it wins over key and partitioner). */
  partition?: number;
  /** Stop after this many records (default: never). */
  count?: number;
  /** Broker ids to bootstrap from (bootstrap.servers); default: all brokers. */
  bootstrap?: number[];
  config?: Partial<ProducerConfig>;
}

/**
 * A consumer of one topic: with `groupId` a group member (KafkaConsumer.subscribe,
 * partitions come from the group's assignor); without, standalone (KafkaConsumer.assign).
 */
export interface ConsumerSpec {
  id: string;
  topic: string;
  /** group.id: join this consumer group. */
  groupId?: string;
  /** Standalone only: assigned partitions; default: all partitions of the topic. */
  partitions?: number[];
  bootstrap?: number[];
  config?: Partial<ConsumerConfig>;
}

export interface ClusterConfig {
  brokers: number;
  zookeeperServers: number;
  network: LinkConfig;
  broker: BrokerConfig;
  topics: TopicSpec[];
  producers: ProducerSpec[];
  consumers: ConsumerSpec[];
}

export interface ClusterConfigInput {
  brokers?: number;
  zookeeperServers?: number;
  network?: Partial<LinkConfig>;
  broker?: Partial<BrokerConfig>;
  topics?: TopicSpec[];
  producers?: ProducerSpec[];
  consumers?: ConsumerSpec[];
}

export function resolveConfig(input: ClusterConfigInput = {}): ClusterConfig {
  return {
    brokers: input.brokers ?? 3,
    zookeeperServers: input.zookeeperServers ?? 1,
    network: { ...NETWORK_DEFAULTS, ...input.network },
    broker: { ...BROKER_DEFAULTS, ...input.broker },
    topics: input.topics ?? [],
    producers: input.producers ?? [],
    consumers: input.consumers ?? [],
  };
}

/*
 * A client's effective settings, memoized by its `config` object: clients read
 * them on every event, and a spec's config is never edited in place (changing
 * it puts a new object in place), so the same object always gives the same
 * settings. The result is shared: read it, never write to it.
 */
const NO_CONFIG = {};
const producerConfigs = new WeakMap<object, ProducerConfig>();
const consumerConfigs = new WeakMap<object, ConsumerConfig>();

export function producerConfig(spec: ProducerSpec): ProducerConfig {
  const key = spec.config ?? NO_CONFIG;
  let cfg = producerConfigs.get(key);
  if (cfg === undefined) producerConfigs.set(key, (cfg = { ...PRODUCER_DEFAULTS, ...spec.config }));
  return cfg;
}

export function consumerConfig(spec: ConsumerSpec): ConsumerConfig {
  const key = spec.config ?? NO_CONFIG;
  let cfg = consumerConfigs.get(key);
  if (cfg === undefined) consumerConfigs.set(key, (cfg = { ...CONSUMER_DEFAULTS, ...spec.config }));
  return cfg;
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
