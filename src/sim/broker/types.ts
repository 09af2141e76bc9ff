import type { ControllerState } from "../controller/types";
import type { InternalAppend } from "../group/coordinator";
import type { CoordinatorState } from "../group/types";
import type { ZkClientState } from "../zookeeper/client";
import type { FetchBody } from "./replication";

/** One record in a partition's log. `id` identifies it across replicas (producer + sequence). */
export interface LogRecord {
  offset: number;
  leaderEpoch: number;
  id: string;
  /** The producer's running record number (`id` is "<producer>:<n>"), or -1. */
  n: number;
  key: string | null;
  value: string;
  producer: string;
  timestamp: number;
  /** Idempotent producers only: producer id and per-partition sequence number. */
  producerId?: number;
  sequence?: number;
}

/** Leader-epoch cache entry (leader-epoch-checkpoint): the first offset written in an epoch. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

/**
 * A replica's log on disk: it survives a crash. records[i].offset === recordsBase + i;
 * records below logStartOffset were deleted by retention and are dropped from
 * the array lazily (see log.ts).
 */
export interface PartitionLog {
  topic: string;
  partition: number;
  records: LogRecord[];
  recordsBase: number;
  logStartOffset: number;
  /** Base offsets of the segments, oldest first; the last is the active segment. */
  segments: { baseOffset: number; createdAt: number }[];
  epochCache: EpochEntry[];
  /** The high watermark as last checkpointed (replication-offset-checkpoint). */
  highWatermarkCheckpoint: number;
  /** Idempotence: the last sequence and offset written per producer id (ProducerStateManager). */
  producerState: Map<number, { lastSequence: number; lastOffset: number }>;
}

export interface BrokerDurable {
  id: number;
  /** Set by a controlled shutdown, cleared on start: tells "stopped" from "crashed". */
  cleanShutdown: boolean;
  logs: Map<string, PartitionLog>;
}

/** What the leader knows of a follower (Kafka's Replica / ReplicaState). */
export interface FollowerState {
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

/** A hosted partition (Kafka's Partition) on one broker. */
export interface PartitionReplica {
  topic: string;
  partition: number;
  /** tpKey(topic, partition), kept at hand: the key of its log and of the broker's partition map. */
  key: string;
  role: "leader" | "follower";
  leader: number;
  leaderEpoch: number;
  /** The committed ISR (as in ZooKeeper), known to the leader. */
  isr: number[];
  /** An ISR change sent to the controller and not yet answered (AlterPartition). */
  pendingIsr: number[] | null;
  replicas: number[];
  partitionEpoch: number;
  highWatermark: number;
  /** Leader only: the log end offset when this broker became leader. */
  leaderEpochStartOffset: number;
  followers: Map<number, FollowerState>;
  /** Follower only: waiting for OffsetsForLeaderEpoch before fetching. */
  truncating: boolean;
}

export interface PartitionMetadata {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
}

/** A fetch parked until data arrives or its wait runs out (DelayedFetch). */
export interface DelayedFetch {
  msgId: number;
  from: string;
  expiresAt: number;
  /** The request as sent (replica id, partitions and offsets, max records, correlation id). */
  request: FetchBody;
  /** Its partitions' keys ("topic-partition"), to find the fetches an append completes. */
  keys: string[];
}

export interface DelayedProduce {
  from: string;
  correlationId: number;
  topic: string;
  partition: number;
  requiredOffset: number;
  baseOffset: number;
  count: number;
  expiresAt: number;
  /** Set for the group coordinator's own appends (offset commits, group metadata). */
  internal?: InternalAppend;
}

export interface BrokerVolatile {
  status: "starting" | "running" | "shutting-down";
  zk: ZkClientState;
  registered: boolean;
  /** The broker epoch (KIP-380): the session that created this life's /brokers/ids znode; -1 until registered. */
  brokerEpoch: number;
  /** The controller this broker believes in, and the newest controller epoch it has seen. */
  controllerId: number;
  controllerEpoch: number;
  controller: ControllerState | null;
  metadata: { brokers: number[]; partitions: Map<string, PartitionMetadata> };
  partitions: Map<string, PartitionReplica>;
  /** One replica fetcher per leader broker, as ReplicaFetcherManager keeps. */
  fetchers: Map<number, { inFlight: boolean; msgId: number; sentAt: number }>;
  delayedFetches: DelayedFetch[];
  delayedProduces: DelayedProduce[];
  controlledShutdownAttempts: number;
  /** The group coordinator's state, for groups whose __consumer_offsets partition this broker leads. */
  coordinator: CoordinatorState;
}
