import type { PartitionStateName, ReplicaStateName } from "../events";

/** The controller's view of one partition (ControllerContext). */
export interface ControllerPartition {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The zkVersion of the partition's state znode: every write is conditional on it. */
  zkVersion: number;
  state: PartitionStateName;
}

import type { TopicSpec } from "../config";

/** The controller's single-threaded event queue (ControllerEventManager): one event at a time. */
export type ControllerEvent =
  | { type: "Startup" }
  | { type: "BrokerChange" }
  | { type: "TopicChange" }
  | { type: "AlterPartition"; from: string; body: AlterPartitionBody }
  | { type: "ControlledShutdown"; from: string; brokerId: number }
  | { type: "AutoPreferredReplicaLeaderElection" }
  | { type: "CreateTopic"; spec: TopicSpec };

export interface AlterPartitionBody {
  brokerId: number;
  topic: string;
  partition: number;
  leaderEpoch: number;
  newIsr: number[];
  partitionEpoch: number;
}

export interface ControllerState {
  queue: ControllerEvent[];
  /** An event is waiting on ZooKeeper; the next one starts when it is done. */
  busy: boolean;
  epoch: number;
  /** zkVersion of /controller_epoch: every write checks it, fencing a zombie controller. */
  epochZkVersion: number;
  initialized: boolean;
  liveBrokers: number[];
  /** Broker epoch per live broker: the session owning its /brokers/ids znode, new on every registration. */
  brokerEpochs: Map<number, number>;
  shuttingDown: number[];
  topics: Map<string, number[][]>;
  partitions: Map<string, ControllerPartition>;
  replicaStates: Map<string, ReplicaStateName>;
  /** Requests sent to brokers and not yet answered, by correlation id: resent until answered (ControllerChannelManager). */
  inFlight: Map<number, { broker: number; type: string; body: unknown }>;
  nextCorrelationId: number;
}

export const NO_LEADER = -1;
