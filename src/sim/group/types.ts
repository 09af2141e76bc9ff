import type { TopicPartition } from "./assignors";
import type { ProtocolSubscription } from "./protocol";

/** ClassicGroupState (GroupMetadata.scala). */
export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export interface PendingReply {
  from: string;
  correlationId: number;
}

export interface MemberMetadata {
  memberId: string;
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: { name: string; subscription: ProtocolSubscription }[];
  assignment: TopicPartition[];
  lastHeartbeat: number;
  awaitingJoin: PendingReply | null;
  awaitingSync: PendingReply | null;
}

export interface GroupMetadata {
  groupId: string;
  /** The __consumer_offsets partition that stores this group. */
  partition: number;
  state: GroupState;
  generationId: number;
  protocolName: string | null;
  leaderId: string | null;
  members: Map<string, MemberMetadata>;
  /** Member ids handed out with MEMBER_ID_REQUIRED and not yet joined (KIP-394). */
  pendingMembers: string[];
  offsets: Map<string, { topic: string; partition: number; offset: number }>;
  /** Bumped on each new rebalance round, so a stale join timer does nothing. */
  joinRound: number;
  /** The rebalance waits at least until here (group.initial.rebalance.delay.ms, KIP-134). */
  initialDelayUntil: number;
  rebalanceDeadline: number;
  /** When the session-expiry timer is next due, or 0 if none is pending. */
  sessionTimerAt: number;
}

export interface CoordinatorState {
  groups: Map<string, GroupMetadata>;
  nextMemberSeq: number;
  nextRecordSeq: number;
  /** When this broker last asked the controller to create __consumer_offsets. */
  offsetsTopicRequestedAt: number;
}
