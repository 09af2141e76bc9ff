/**
 * KafkaScope's engine: the public API for the UI, the CLI, tests and users'
 * own experiments. Pure and deterministic: no DOM, no wall clock, no
 * Math.random. Same (config, seed, actions) → the same run, bit for bit.
 */

export type { Action, ActionType, TimedAction } from "./actions";
export { javaStringHashCode, murmur2, partitionForKey, toPositive } from "./clients/partitioner";
export {
  BROKER_DEFAULTS,
  type BrokerConfig,
  type ClusterConfig,
  type ClusterConfigInput,
  changedSettings,
  NETWORK_DEFAULTS,
  resolveConfig,
  type TopicConfig,
  type TopicSpec,
} from "./config";
export {
  controlledShutdownPartitionLeaderElection,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
} from "./controller/election";
export { assignReplicasToBrokers, randomPlacementChoices } from "./controller/replicaPlacement";
export type { Message, MessageKind } from "./core/network";
export type { LeaderElectionReason, PartitionStateName, ReplicaStateName, SimEvent, SimEventType } from "./events";
export { type RunDescription, Simulation } from "./simulation";
export type {
  BrokerStatus,
  BrokerView,
  MessageView,
  PartitionView,
  ReplicaView,
  Snapshot,
  ZnodeView,
} from "./snapshot";
