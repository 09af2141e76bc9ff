/**
 * KafkaScope's engine: the public API for the UI, the CLI, tests and users'
 * own experiments. Pure and deterministic: no DOM, no wall clock, no
 * ambient randomness. Same (config, seed, actions) → the same run, bit for bit.
 */

export type { Action, ActionType, TimedAction } from "./actions";
export { RECORD_BYTES } from "./clients/accumulator";
export { coordinatorPartition, javaStringHashCode, murmur2, partitionForKey, toPositive } from "./clients/partitioner";
export type { ConsumerView, ProducerView } from "./clients/views";
export {
  BROKER_DEFAULTS,
  type BrokerConfig,
  type ClusterConfig,
  type ClusterConfigInput,
  CONSUMER_DEFAULTS,
  type ConsumerConfig,
  type ConsumerSpec,
  changedSettings,
  NETWORK_DEFAULTS,
  PRODUCER_DEFAULTS,
  type ProducerConfig,
  type ProducerSpec,
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
export { messagesInFlight } from "./core/engine";
export type { Message, MessageKind } from "./core/network";
export type { LeaderElectionReason, PartitionStateName, ReplicaStateName, SimEvent, SimEventType } from "./events";
export {
  ASSIGNORS,
  type Assignment,
  type AssignorName,
  cooperativeStickyAssign,
  DEFAULT_ASSIGNMENT_STRATEGY,
  rangeAssign,
  roundRobinAssign,
  type Subscription,
  stickyAssign,
  type TopicPartition,
} from "./group/assignors";
export type { GroupState } from "./group/types";
export type { GroupView } from "./group/views";
export {
  BUILTIN_SCENARIOS,
  type Condition,
  checkScenario,
  describeCondition,
  findBuiltin,
  holds,
  parseScenario,
  runStep,
  type Scenario,
  type StepResult,
  scenarioSchema,
  simulationFor,
  type TourStep,
} from "./scenario";
export { type ReplicaLogRecord, type RunDescription, Simulation } from "./simulation";
export type {
  BrokerStatus,
  BrokerView,
  MessageView,
  PartitionView,
  ReplicaView,
  Snapshot,
  ZnodeView,
} from "./snapshot";
