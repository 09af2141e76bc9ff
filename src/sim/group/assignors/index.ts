/**
 * The classic consumer-group partition assignors, by their protocol names
 * (`ConsumerPartitionAssignor.name()`), as the group leader runs them.
 */
import { rangeAssign } from "./range";
import { roundRobinAssign } from "./roundRobin";
import { cooperativeStickyAssign, stickyAssign } from "./sticky";
import type { AssignFunction } from "./types";

export { rangeAssign } from "./range";
export { roundRobinAssign } from "./roundRobin";
export {
  type CooperativeAssignmentResult,
  cooperativeStickyAssign,
  cooperativeStickyAssignPartitions,
  type StickyAssignmentResult,
  stickyAssign,
  stickyAssignPartitions,
} from "./sticky";
export {
  type AssignFunction,
  type Assignment,
  DEFAULT_GENERATION,
  type PartitionsPerTopic,
  type Subscription,
  type TopicPartition,
  tp,
  tpKey,
} from "./types";

export type AssignorName = "range" | "roundrobin" | "sticky" | "cooperative-sticky";

export const ASSIGNORS: Readonly<Record<AssignorName, AssignFunction>> = {
  range: rangeAssign,
  roundrobin: roundRobinAssign,
  sticky: stickyAssign,
  "cooperative-sticky": cooperativeStickyAssign,
};

export type RebalanceProtocol = "EAGER" | "COOPERATIVE";

/** `supportedProtocols()`: only cooperative-sticky supports COOPERATIVE (and EAGER too, for upgrades). */
export const ASSIGNOR_PROTOCOLS: Readonly<Record<AssignorName, readonly RebalanceProtocol[]>> = {
  range: ["EAGER"],
  roundrobin: ["EAGER"],
  sticky: ["EAGER"],
  "cooperative-sticky": ["COOPERATIVE", "EAGER"],
};

/**
 * The consumer's default `partition.assignment.strategy` since Kafka 3.0: range is
 * used until every member also supports cooperative-sticky.
 */
export const DEFAULT_ASSIGNMENT_STRATEGY: readonly AssignorName[] = ["range", "cooperative-sticky"];
