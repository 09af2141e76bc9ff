import { emit, send } from "../core/engine";
import type { Message } from "../core/network";
import { loadGroups, unloadGroups } from "../group/coordinator";
import { OFFSETS_TOPIC } from "../group/protocol";
import { onBecameLeader } from "../monitor";
import { type BrokerNode, brokerNodeId, tpKey, type World } from "../world";
import { vol } from "./broker";
import { assignEpoch, createLog, latestEpoch, logEndOffset } from "./log";
import { failDelayedProduces } from "./produce";
import { ensureFetching, maybeIncrementLeaderHW } from "./replication";
import type { PartitionLog, PartitionMetadata, PartitionReplica } from "./types";

/** A partition's state as the controller sends it in LeaderAndIsr and UpdateMetadata. */
export interface PartitionStateBody extends PartitionMetadata {
  partitionEpoch: number;
}

export interface ControllerRequestBody {
  controllerId: number;
  controllerEpoch: number;
  partitions: PartitionStateBody[];
  /** UpdateMetadata only: the live brokers. */
  liveBrokers?: number[];
  /** Echoed in the response, so the controller knows which request was answered. */
  correlationId?: number;
  /** The broker epoch of the life the request is meant for (KIP-380). */
  brokerEpoch?: number;
}

function respond(w: World, node: BrokerNode, msg: Message, error: string | null): void {
  const correlationId = (msg.body as ControllerRequestBody).correlationId;
  send(w, node.id, msg.from, "controller", `${msg.type}Response`, { error, correlationId });
}

/** Fencing (KafkaApis / ReplicaManager): a request from an older controller epoch is rejected. */
function fenced(w: World, node: BrokerNode, msg: Message): boolean {
  const v = vol(node);
  const body = msg.body as ControllerRequestBody;
  // KIP-380: a request for an earlier life of this broker is refused (KafkaApis.isBrokerEpochStale →
  // STALE_BROKER_EPOCH). Until its registration reply arrives, the broker's epoch is its session's.
  const epoch = v.registered ? v.brokerEpoch : v.zk.session;
  if (body.brokerEpoch !== undefined && (epoch <= 0 || body.brokerEpoch < epoch)) {
    emit(w, {
      t: w.now,
      type: "request.rejected",
      broker: node.durable.id,
      request: msg.type,
      error: "STALE_BROKER_EPOCH",
      detail: `sent for broker epoch ${body.brokerEpoch}, this broker's epoch is ${epoch}`,
    });
    respond(w, node, msg, "STALE_BROKER_EPOCH");
    return true;
  }
  if (body.controllerEpoch < v.controllerEpoch) {
    emit(w, {
      t: w.now,
      type: "request.rejected",
      broker: node.durable.id,
      request: msg.type,
      error: "STALE_CONTROLLER_EPOCH",
      detail: `controller ${body.controllerId} sent epoch ${body.controllerEpoch}, newest seen is ${v.controllerEpoch}`,
    });
    respond(w, node, msg, "STALE_CONTROLLER_EPOCH");
    return true;
  }
  v.controllerEpoch = body.controllerEpoch;
  v.controllerId = body.controllerId;
  return false;
}

export function logFor(node: BrokerNode, topic: string, partition: number, now: number): PartitionLog {
  const key = tpKey(topic, partition);
  let log = node.durable.logs.get(key);
  if (log === undefined) node.durable.logs.set(key, (log = createLog(topic, partition, now)));
  return log;
}

export function handleLeaderAndIsr(w: World, node: BrokerNode, msg: Message): void {
  if (fenced(w, node, msg)) return;
  const v = vol(node);
  const me = node.durable.id;
  const leadersToFollow = new Set<number>();
  for (const s of (msg.body as ControllerRequestBody).partitions) {
    const key = tpKey(s.topic, s.partition);
    const current = v.partitions.get(key);
    if (current !== undefined && s.leaderEpoch < current.leaderEpoch) continue; // STALE_LEADER_EPOCH
    if (current !== undefined && s.leaderEpoch === current.leaderEpoch && s.leader === current.leader) {
      // A resent or reordered request must not roll the ISR back (the partition epoch is the state's zkVersion).
      if (s.partitionEpoch < current.partitionEpoch) continue;
      // The controller's committed state replaces any pending AlterPartition.
      if (s.partitionEpoch > current.partitionEpoch) current.pendingIsr = null;
      current.isr = s.isr;
      current.partitionEpoch = s.partitionEpoch;
      continue;
    }
    v.metadata.partitions.set(key, {
      topic: s.topic,
      partition: s.partition,
      leader: s.leader,
      leaderEpoch: s.leaderEpoch,
      isr: s.isr,
      replicas: s.replicas,
    });
    if (s.leader === me) makeLeader(w, node, s, current);
    else if (makeFollower(w, node, s, current)) leadersToFollow.add(s.leader);
  }
  respond(w, node, msg, null);
  for (const leader of leadersToFollow) ensureFetching(w, node, leader);
}

function makeLeader(w: World, node: BrokerNode, s: PartitionStateBody, current: PartitionReplica | undefined): void {
  const v = vol(node);
  const log = logFor(node, s.topic, s.partition, w.now);
  const leo = logEndOffset(log);
  // The new leader's epoch starts at its log end (Partition.makeLeader).
  assignEpoch(log, s.leaderEpoch, leo);
  const followers = new Map();
  for (const r of s.replicas) {
    if (r === node.durable.id) continue;
    followers.set(r, {
      logEndOffset: -1,
      lastCaughtUpTimeMs: s.isr.includes(r) ? w.now : 0,
      lastFetchLeaderLogEndOffset: -1,
      lastFetchTimeMs: 0,
    });
  }
  const p: PartitionReplica = {
    topic: s.topic,
    partition: s.partition,
    key: tpKey(s.topic, s.partition),
    role: "leader",
    leader: node.durable.id,
    leaderEpoch: s.leaderEpoch,
    isr: s.isr,
    pendingIsr: null,
    replicas: s.replicas,
    partitionEpoch: s.partitionEpoch,
    highWatermark: Math.min(current?.highWatermark ?? log.highWatermarkCheckpoint, leo),
    leaderEpochStartOffset: leo,
    followers,
    truncating: false,
  };
  v.partitions.set(tpKey(s.topic, s.partition), p);
  emit(w, {
    t: w.now,
    type: "leader.became",
    broker: node.durable.id,
    topic: s.topic,
    partition: s.partition,
    leaderEpoch: s.leaderEpoch,
  });
  onBecameLeader(w, node.durable.id, tpKey(s.topic, s.partition), s.leaderEpoch, s.isr, log);
  if (s.topic === OFFSETS_TOPIC) loadGroups(w, node, s.partition, log);
  maybeIncrementLeaderHW(w, node, p);
}

/** Returns true when the follower must fetch from its leader. */
function makeFollower(
  w: World,
  node: BrokerNode,
  s: PartitionStateBody,
  current: PartitionReplica | undefined,
): boolean {
  const v = vol(node);
  const log = logFor(node, s.topic, s.partition, w.now);
  const key = tpKey(s.topic, s.partition);
  if (current?.role === "leader") {
    failDelayedProduces(w, node, key, "NOT_LEADER_OR_FOLLOWER");
    if (s.topic === OFFSETS_TOPIC) unloadGroups(w, node, s.partition);
  }
  const hasLeader = s.leader >= 0;
  const needsTruncation = hasLeader && latestEpoch(log) >= 0;
  v.partitions.set(key, {
    topic: s.topic,
    partition: s.partition,
    key,
    role: "follower",
    leader: s.leader,
    leaderEpoch: s.leaderEpoch,
    isr: s.isr,
    pendingIsr: null,
    replicas: s.replicas,
    partitionEpoch: s.partitionEpoch,
    highWatermark: Math.min(current?.highWatermark ?? log.highWatermarkCheckpoint, logEndOffset(log)),
    leaderEpochStartOffset: -1,
    followers: new Map(),
    truncating: needsTruncation,
  });
  emit(w, {
    t: w.now,
    type: "follower.became",
    broker: node.durable.id,
    topic: s.topic,
    partition: s.partition,
    leader: s.leader,
    leaderEpoch: s.leaderEpoch,
  });
  if (needsTruncation) {
    // KIP-101 / KIP-279: ask the leader where our latest epoch ends before fetching.
    send(w, node.id, brokerNodeId(s.leader), "replication", "OffsetsForLeaderEpoch", {
      replicaId: node.durable.id,
      partitions: [
        { topic: s.topic, partition: s.partition, currentLeaderEpoch: s.leaderEpoch, leaderEpoch: latestEpoch(log) },
      ],
    });
    return false;
  }
  return hasLeader;
}

export function handleUpdateMetadata(w: World, node: BrokerNode, msg: Message): void {
  if (fenced(w, node, msg)) return;
  const v = vol(node);
  const body = msg.body as ControllerRequestBody;
  if (body.liveBrokers !== undefined) v.metadata.brokers = body.liveBrokers;
  for (const s of body.partitions) {
    v.metadata.partitions.set(tpKey(s.topic, s.partition), {
      topic: s.topic,
      partition: s.partition,
      leader: s.leader,
      leaderEpoch: s.leaderEpoch,
      isr: s.isr,
      replicas: s.replicas,
    });
  }
  respond(w, node, msg, null);
}

export function handleStopReplica(w: World, node: BrokerNode, msg: Message): void {
  if (fenced(w, node, msg)) return;
  const v = vol(node);
  for (const s of (msg.body as ControllerRequestBody).partitions) {
    const key = tpKey(s.topic, s.partition);
    // StopReplica from an older leader epoch is ignored (ReplicaManager.stopReplicas: FENCED_LEADER_EPOCH).
    if ((v.partitions.get(key)?.leaderEpoch ?? -1) > s.leaderEpoch) continue;
    if (v.partitions.get(key)?.role === "leader") {
      failDelayedProduces(w, node, key, "NOT_LEADER_OR_FOLLOWER");
      if (s.topic === OFFSETS_TOPIC) unloadGroups(w, node, s.partition);
    }
    v.partitions.delete(key);
  }
  respond(w, node, msg, null);
}
