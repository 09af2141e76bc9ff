import type { TopicPartition } from "./assignors";

/** The classic group protocol's requests and responses (JoinGroup v5+ semantics). */
export interface ProtocolSubscription {
  topics: string[];
  ownedPartitions: TopicPartition[];
  generation: number;
}

export interface JoinGroupBody {
  correlationId: number;
  groupId: string;
  memberId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** In the member's order of preference (partition.assignment.strategy). */
  protocols: { name: string; subscription: ProtocolSubscription }[];
}

export interface JoinGroupResponseBody {
  correlationId: number;
  error: string | null;
  generationId: number;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Only the leader receives the members and their subscriptions. */
  members: { memberId: string; subscription: ProtocolSubscription }[];
}

export interface SyncGroupBody {
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; partitions: TopicPartition[] }[];
}

export interface SyncGroupResponseBody {
  correlationId: number;
  error: string | null;
  partitions: TopicPartition[];
}

export interface GroupMemberRequestBody {
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
}

export interface OffsetCommitBody extends GroupMemberRequestBody {
  offsets: { topic: string; partition: number; offset: number }[];
}

export interface OffsetFetchBody {
  correlationId: number;
  groupId: string;
  partitions: TopicPartition[];
}

export interface OffsetFetchResponseBody {
  correlationId: number;
  error: string | null;
  offsets: { topic: string; partition: number; offset: number }[];
}

export interface SimpleResponseBody {
  correlationId: number;
  error: string | null;
}

export interface FindCoordinatorResponseBody {
  correlationId: number;
  error: string | null;
  nodeId: number;
}

export const OFFSETS_TOPIC = "__consumer_offsets";
