import type { Action } from "./actions";

/**
 * Everything the engine reports, as one discriminated union. The views, the
 * event log and the invariant monitor read these; the trace hash covers them.
 */
export type LeaderElectionReason =
  | "new-partition"
  | "offline"
  | "unclean"
  | "controlled-shutdown"
  | "preferred-replica";

export type PartitionStateName = "NonExistentPartition" | "NewPartition" | "OnlinePartition" | "OfflinePartition";
export type ReplicaStateName = "NewReplica" | "OnlineReplica" | "OfflineReplica" | "NonExistentReplica";

export type SimEvent =
  | { t: number; type: "action"; action: Action }
  | { t: number; type: "action.rejected"; action: Action; reason: string }
  | { t: number; type: "node.crashed"; node: string }
  | { t: number; type: "node.started"; node: string }
  | { t: number; type: "broker.shutdown"; broker: number; controlled: boolean }
  | { t: number; type: "zk.session.created"; session: number; owner: string }
  | { t: number; type: "zk.session.expired"; session: number; owner: string; ephemerals: string[] }
  | { t: number; type: "zk.session.closed"; session: number; owner: string; ephemerals: string[] }
  | { t: number; type: "zk.watch.fired"; session: number; owner: string; path: string; event: string }
  | { t: number; type: "zk.quorum"; available: boolean; up: number; of: number }
  | { t: number; type: "broker.registered"; broker: number }
  /** KafkaZkClient.registerBroker failed (NodeExists): the broker stops, as Kafka's startup does. */
  | { t: number; type: "broker.startup.failed"; broker: number; reason: string }
  | { t: number; type: "controller.elected"; broker: number; epoch: number }
  | { t: number; type: "controller.resigned"; broker: number; epoch: number; reason: string }
  | { t: number; type: "controller.lost-race"; broker: number; winner: number }
  | {
      t: number;
      type: "topic.created";
      topic: string;
      partitions: number;
      replicationFactor: number;
      assignment: number[][];
    }
  | { t: number; type: "topic.rejected"; topic: string; error: string; message: string }
  | {
      t: number;
      type: "partition.state";
      topic: string;
      partition: number;
      from: PartitionStateName;
      to: PartitionStateName;
    }
  | {
      t: number;
      type: "replica.state";
      topic: string;
      partition: number;
      broker: number;
      from: ReplicaStateName;
      to: ReplicaStateName;
    }
  | {
      t: number;
      type: "leader.elected";
      topic: string;
      partition: number;
      leader: number;
      leaderEpoch: number;
      isr: number[];
      reason: LeaderElectionReason;
      controller: number;
    }
  | { t: number; type: "partition.offline"; topic: string; partition: number; leaderEpoch: number; isr: number[] }
  | {
      t: number;
      type: "isr.changed";
      topic: string;
      partition: number;
      isr: number[];
      previous: number[];
      leaderEpoch: number;
    }
  | { t: number; type: "leader.became"; broker: number; topic: string; partition: number; leaderEpoch: number }
  | {
      t: number;
      type: "follower.became";
      broker: number;
      topic: string;
      partition: number;
      leader: number;
      leaderEpoch: number;
    }
  | {
      t: number;
      type: "log.truncated";
      broker: number;
      topic: string;
      partition: number;
      toOffset: number;
      removed: { offset: number; id: string }[];
    }
  | { t: number; type: "request.rejected"; broker: number; request: string; error: string; detail: string }
  | {
      t: number;
      type: "produce.acked";
      producer: string;
      topic: string;
      partition: number;
      baseOffset: number;
      count: number;
      acks: string;
    }
  | {
      t: number;
      type: "produce.failed";
      producer: string;
      topic: string;
      partition: number;
      error: string;
      /** True when the batch will be retried; false when its records failed for good. */
      retriable: boolean;
      count?: number;
    }
  | {
      t: number;
      type: "produce.sent";
      producer: string;
      topic: string;
      partition: number;
      broker: number;
      count: number;
      /** 1 for the first send, more for retries. */
      attempt: number;
      firstId: string;
      /** Idempotence: the batch's first sequence number, or -1. */
      baseSequence: number;
    }
  | {
      /** One per partition per fetch response: records are counted, not traced one by one. */
      t: number;
      type: "record.consumed";
      consumer: string;
      topic: string;
      partition: number;
      offset: number;
      count: number;
      /** Records among them this consumer had already read (a duplicate in the log, or a re-read). */
      duplicates: number;
      firstId: string;
      lastId: string;
    }
  | {
      t: number;
      type: "consumer.offset.reset";
      consumer: string;
      topic: string;
      partition: number;
      offset: number;
      strategy: "earliest" | "latest";
      reason: string;
    }
  | { t: number; type: "retention.deleted"; broker: number; topic: string; partition: number; logStartOffset: number }
  | { t: number; type: "data.loss"; topic: string; partition: number; offsets: number[]; cause: string }
  | { t: number; type: "invariant.violated"; rule: string; detail: string }
  | {
      t: number;
      type: "group.state";
      coordinator: number;
      groupId: string;
      from: string;
      to: string;
      generation: number;
    }
  | { t: number; type: "group.rebalance.started"; groupId: string; generation: number; reason: string }
  | {
      t: number;
      type: "group.rebalanced";
      groupId: string;
      generation: number;
      protocol: string;
      leader: string;
      assignment: Record<string, string[]>;
    }
  | { t: number; type: "group.member.joined"; groupId: string; memberId: string; client: string }
  | { t: number; type: "group.member.removed"; groupId: string; memberId: string; reason: string }
  | { t: number; type: "groups.loaded"; broker: number; partition: number; groups: string[] }
  | { t: number; type: "group.coordinator.found"; groupId: string; member: string; coordinator: number }
  | { t: number; type: "consumer.assigned"; consumer: string; partitions: string[] }
  | { t: number; type: "consumer.revoked"; consumer: string; partitions: string[]; lost: boolean }
  | { t: number; type: "consumer.poll.timeout"; consumer: string; groupId: string; maxPollIntervalMs: number }
  | {
      t: number;
      type: "offsets.committed";
      groupId: string;
      offsets: { topic: string; partition: number; offset: number }[];
    };

export type SimEventType = SimEvent["type"];
