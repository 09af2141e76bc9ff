import { vol } from "../broker/broker";
import { append, logEndOffset, readRecords } from "../broker/log";
import { maybeIncrementLeaderHW, tryCompleteDelayedFetches } from "../broker/replication";
import type { LogRecord, PartitionLog } from "../broker/types";
import { coordinatorPartition } from "../clients/partitioner";
import { armTimer, emit, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { type BrokerNode, brokerNodeId, tpKey, type World } from "../world";
import type { TopicPartition } from "./assignors";
import {
  type FindCoordinatorResponseBody,
  type GroupMemberRequestBody,
  type JoinGroupBody,
  type JoinGroupResponseBody,
  OFFSETS_TOPIC,
  type OffsetCommitBody,
  type OffsetFetchBody,
  type OffsetFetchResponseBody,
  type SimpleResponseBody,
  type SyncGroupBody,
  type SyncGroupResponseBody,
} from "./protocol";
import type { CoordinatorState, GroupMetadata, GroupState, MemberMetadata } from "./types";

/**
 * The group coordinator (GroupCoordinator / GroupMetadataManager, classic
 * protocol). A broker coordinates the groups whose __consumer_offsets
 * partition it leads; group metadata and offsets are records in that
 * partition, so a new leader loads them and carries on.
 */

/** What an internal append waits for before it takes effect (see DelayedProduce.internal). */
export type InternalAppend =
  | {
      kind: "commit";
      groupId: string;
      reply: { from: string; correlationId: number };
      offsets: OffsetCommitBody["offsets"];
    }
  | { kind: "storeGroup"; groupId: string; generationId: number };

export function createCoordinatorState(): CoordinatorState {
  return { groups: new Map(), nextMemberSeq: 1, nextRecordSeq: 1, offsetsTopicRequestedAt: Number.NEGATIVE_INFINITY };
}

function cs(node: BrokerNode): CoordinatorState {
  return vol(node).coordinator;
}

function partitionsOf(w: World): number {
  return w.config.broker["offsets.topic.num.partitions"];
}

/** Handle a group-protocol request; returns false if the message is not one. */
export function handleGroupRequest(w: World, node: BrokerNode, msg: Message): boolean {
  const handler = GROUP_REQUESTS[msg.type];
  if (handler === undefined) return false;
  handler(w, node, msg);
  return true;
}

const GROUP_REQUESTS: Record<string, (w: World, node: BrokerNode, msg: Message) => void> = {
  FindCoordinator: findCoordinator,
  JoinGroup: (w, node, msg) => joinGroup(w, node, msg.from, msg.body as JoinGroupBody),
  SyncGroup: (w, node, msg) => syncGroup(w, node, msg.from, msg.body as SyncGroupBody),
  Heartbeat: (w, node, msg) => heartbeat(w, node, msg.from, msg.body as GroupMemberRequestBody),
  LeaveGroup: (w, node, msg) => leaveGroup(w, node, msg.from, msg.body as GroupMemberRequestBody),
  OffsetCommit: (w, node, msg) => offsetCommit(w, node, msg.from, msg.body as OffsetCommitBody),
  OffsetFetch: (w, node, msg) => offsetFetch(w, node, msg.from, msg.body as OffsetFetchBody),
};

function reply<B>(w: World, node: BrokerNode, to: string, type: string, body: B): void {
  send<B>(w, node.id, to, "group", type, body);
}

// ---- FindCoordinator ----

function findCoordinator(w: World, node: BrokerNode, msg: Message): void {
  const body = msg.body as { correlationId: number; key: string };
  const v = vol(node);
  const partition = coordinatorPartition(body.key, partitionsOf(w));
  const md = v.metadata.partitions.get(tpKey(OFFSETS_TOPIC, partition));
  const answer = (error: string | null, nodeId = -1) =>
    reply<FindCoordinatorResponseBody>(w, node, msg.from, "FindCoordinatorResponse", {
      correlationId: body.correlationId,
      error,
      nodeId,
    });
  if (md === undefined) {
    // Kafka creates __consumer_offsets on the first FindCoordinator (KafkaApis.getOrCreateInternalTopic).
    requestOffsetsTopic(w, node);
    answer("COORDINATOR_NOT_AVAILABLE");
  } else if (md.leader < 0) {
    answer("COORDINATOR_NOT_AVAILABLE");
  } else {
    answer(null, md.leader);
  }
}

function requestOffsetsTopic(w: World, node: BrokerNode): void {
  const v = vol(node);
  const c = cs(node);
  if (v.controllerId < 0 || w.now - c.offsetsTopicRequestedAt < 5000) return;
  c.offsetsTopicRequestedAt = w.now;
  send(w, node.id, brokerNodeId(v.controllerId), "controller", "CreateTopics", {
    topic: {
      name: OFFSETS_TOPIC,
      partitions: partitionsOf(w),
      replicationFactor: w.config.broker["offsets.topic.replication.factor"],
      config: { "segment.records": 100 },
    },
  });
}

/** Is this broker the coordinator of the group, with the group's partition loaded? */
function isCoordinator(w: World, node: BrokerNode, groupId: string): boolean {
  const p = vol(node).partitions.get(tpKey(OFFSETS_TOPIC, coordinatorPartition(groupId, partitionsOf(w))));
  return p !== undefined && p.role === "leader";
}

// ---- group state ----

function setState(w: World, node: BrokerNode, g: GroupMetadata, to: GroupState): void {
  if (g.state === to) return;
  emit(w, {
    t: w.now,
    type: "group.state",
    coordinator: node.durable.id,
    groupId: g.groupId,
    from: g.state,
    to,
    generation: g.generationId,
  });
  g.state = to;
}

function newGroup(w: World, groupId: string): GroupMetadata {
  return {
    groupId,
    partition: coordinatorPartition(groupId, partitionsOf(w)),
    state: "Empty",
    generationId: 0,
    protocolName: null,
    leaderId: null,
    members: new Map(),
    pendingMembers: [],
    offsets: new Map(),
    joinRound: 0,
    initialDelayUntil: 0,
    rebalanceDeadline: 0,
    sessionTimerAt: 0,
  };
}

function joinGroup(w: World, node: BrokerNode, from: string, body: JoinGroupBody): void {
  const answer = (error: string, memberId = body.memberId) =>
    reply<JoinGroupResponseBody>(w, node, from, "JoinGroupResponse", {
      correlationId: body.correlationId,
      error,
      generationId: -1,
      protocolName: null,
      leader: "",
      memberId,
      members: [],
    });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const c = cs(node);
  let g = c.groups.get(body.groupId);
  if (g === undefined) {
    if (body.memberId !== "") return answer("UNKNOWN_MEMBER_ID");
    c.groups.set(body.groupId, (g = newGroup(w, body.groupId)));
  }
  if (g.state === "Dead") return answer("COORDINATOR_NOT_AVAILABLE");
  if (body.memberId === "") {
    // KIP-394: a new member first gets its id, then joins with it.
    const memberId = `${from}-${c.nextMemberSeq++}`;
    g.pendingMembers.push(memberId);
    return answer("MEMBER_ID_REQUIRED", memberId);
  }
  let member = g.members.get(body.memberId);
  if (member === undefined) {
    if (!g.pendingMembers.includes(body.memberId)) return answer("UNKNOWN_MEMBER_ID");
    g.pendingMembers = g.pendingMembers.filter((m) => m !== body.memberId);
    member = {
      memberId: body.memberId,
      clientId: from,
      sessionTimeoutMs: body.sessionTimeoutMs,
      rebalanceTimeoutMs: body.rebalanceTimeoutMs,
      protocols: body.protocols,
      assignment: [],
      lastHeartbeat: w.now,
      awaitingJoin: null,
      awaitingSync: null,
    };
    g.members.set(member.memberId, member);
    emit(w, { t: w.now, type: "group.member.joined", groupId: g.groupId, memberId: member.memberId, client: from });
    member.awaitingJoin = { from, correlationId: body.correlationId };
    prepareRebalance(w, node, g, `member ${member.memberId} joined`);
    return;
  }
  const unchanged = JSON.stringify(member.protocols) === JSON.stringify(body.protocols);
  member.protocols = body.protocols;
  member.lastHeartbeat = w.now;
  member.awaitingJoin = { from, correlationId: body.correlationId };
  if (g.state === "Stable" && unchanged && member.memberId !== g.leaderId) {
    // A follower rejoining with the same metadata gets the current generation back.
    member.awaitingJoin = null;
    sendJoinResponse(w, node, g, member, { from, correlationId: body.correlationId });
    return;
  }
  if (g.state === "PreparingRebalance") maybeCompleteJoin(w, node, g);
  else prepareRebalance(w, node, g, `member ${member.memberId} rejoined`);
}

function prepareRebalance(w: World, node: BrokerNode, g: GroupMetadata, reason: string): void {
  if (g.state === "CompletingRebalance") {
    for (const m of g.members.values()) {
      if (m.awaitingSync !== null) {
        reply<SyncGroupResponseBody>(w, node, m.awaitingSync.from, "SyncGroupResponse", {
          correlationId: m.awaitingSync.correlationId,
          error: "REBALANCE_IN_PROGRESS",
          partitions: [],
        });
        m.awaitingSync = null;
      }
    }
  }
  if (g.state === "PreparingRebalance") {
    // KIP-134: while the initial delay runs, each new member extends it, up to the rebalance timeout.
    if (g.initialDelayUntil > w.now) {
      const delay = w.config.broker["group.initial.rebalance.delay.ms"];
      g.initialDelayUntil = Math.min(w.now + delay, g.rebalanceDeadline);
      scheduleJoin(w, node, g, g.initialDelayUntil);
    }
    maybeCompleteJoin(w, node, g);
    return;
  }
  const wasEmpty = g.state === "Empty";
  setState(w, node, g, "PreparingRebalance");
  emit(w, { t: w.now, type: "group.rebalance.started", groupId: g.groupId, generation: g.generationId, reason });
  g.joinRound++;
  const rebalanceTimeout = Math.max(...[...g.members.values()].map((m) => m.rebalanceTimeoutMs), 0);
  g.rebalanceDeadline = w.now + rebalanceTimeout;
  const delay = w.config.broker["group.initial.rebalance.delay.ms"];
  if (wasEmpty && delay > 0) {
    g.initialDelayUntil = Math.min(w.now + delay, g.rebalanceDeadline);
    scheduleJoin(w, node, g, g.initialDelayUntil);
  } else {
    g.initialDelayUntil = 0;
  }
  scheduleJoin(w, node, g, g.rebalanceDeadline);
  maybeCompleteJoin(w, node, g);
}

function scheduleJoin(w: World, node: BrokerNode, g: GroupMetadata, at: number): void {
  setTimer(w, node, at - w.now, "group.join", { groupId: g.groupId, round: g.joinRound });
}

/** DelayedJoin.tryComplete: every known member has rejoined (and the initial delay is over). */
function maybeCompleteJoin(w: World, node: BrokerNode, g: GroupMetadata): void {
  if (g.state !== "PreparingRebalance" || g.initialDelayUntil > w.now) return;
  const all = [...g.members.values()].every((m) => m.awaitingJoin !== null);
  if (all || w.now >= g.rebalanceDeadline) completeJoin(w, node, g);
}

function completeJoin(w: World, node: BrokerNode, g: GroupMetadata): void {
  for (const m of [...g.members.values()]) {
    if (m.awaitingJoin === null) removeMember(w, g, m, "did not rejoin within the rebalance timeout");
  }
  g.generationId++;
  if (g.members.size === 0) {
    g.protocolName = null;
    g.leaderId = null;
    setState(w, node, g, "Empty");
    storeGroup(w, node, g);
    return;
  }
  g.protocolName = selectProtocol(g);
  if (g.leaderId === null || !g.members.has(g.leaderId)) g.leaderId = g.members.keys().next().value as string;
  setState(w, node, g, "CompletingRebalance");
  for (const m of g.members.values()) {
    const pending = m.awaitingJoin!;
    m.awaitingJoin = null;
    m.lastHeartbeat = w.now;
    sendJoinResponse(w, node, g, m, pending);
  }
  scheduleSessionCheck(w, node, g);
}

function sendJoinResponse(
  w: World,
  node: BrokerNode,
  g: GroupMetadata,
  m: MemberMetadata,
  to: { from: string; correlationId: number },
): void {
  const isLeader = m.memberId === g.leaderId;
  reply<JoinGroupResponseBody>(w, node, to.from, "JoinGroupResponse", {
    correlationId: to.correlationId,
    error: null,
    generationId: g.generationId,
    protocolName: g.protocolName,
    leader: g.leaderId ?? "",
    memberId: m.memberId,
    members: isLeader
      ? [...g.members.values()].map((x) => ({
          memberId: x.memberId,
          subscription: x.protocols.find((p) => p.name === g.protocolName)!.subscription,
        }))
      : [],
  });
}

/** GroupMetadata.selectProtocol: among protocols every member supports, each member votes for its first. */
function selectProtocol(g: GroupMetadata): string {
  const members = [...g.members.values()];
  const candidates = members[0].protocols
    .map((p) => p.name)
    .filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  const votes = new Map<string, number>();
  for (const m of members) {
    const choice = m.protocols.find((p) => candidates.includes(p.name))!.name;
    votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  let best = candidates[0];
  for (const name of candidates) if ((votes.get(name) ?? 0) > (votes.get(best) ?? 0)) best = name;
  return best;
}

function removeMember(w: World, g: GroupMetadata, m: MemberMetadata, reason: string): void {
  g.members.delete(m.memberId);
  emit(w, { t: w.now, type: "group.member.removed", groupId: g.groupId, memberId: m.memberId, reason });
}

function memberError(g: GroupMetadata | undefined, body: GroupMemberRequestBody): string | null {
  if (g === undefined || !g.members.has(body.memberId)) return "UNKNOWN_MEMBER_ID";
  if (body.generationId !== g.generationId) return "ILLEGAL_GENERATION";
  return null;
}

function syncGroup(w: World, node: BrokerNode, from: string, body: SyncGroupBody): void {
  const answer = (error: string | null, partitions: TopicPartition[] = []) =>
    reply<SyncGroupResponseBody>(w, node, from, "SyncGroupResponse", {
      correlationId: body.correlationId,
      error,
      partitions,
    });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const g = cs(node).groups.get(body.groupId);
  const error = memberError(g, body);
  if (error !== null || g === undefined) return answer(error);
  const member = g.members.get(body.memberId)!;
  if (g.state === "PreparingRebalance") return answer("REBALANCE_IN_PROGRESS");
  if (g.state === "Stable") return answer(null, member.assignment);
  member.awaitingSync = { from, correlationId: body.correlationId };
  if (body.memberId === g.leaderId) {
    for (const m of g.members.values())
      m.assignment = body.assignments.find((a) => a.memberId === m.memberId)?.partitions ?? [];
    storeGroup(w, node, g);
  }
}

function completeSync(w: World, node: BrokerNode, g: GroupMetadata): void {
  setState(w, node, g, "Stable");
  emit(w, {
    t: w.now,
    type: "group.rebalanced",
    groupId: g.groupId,
    generation: g.generationId,
    protocol: g.protocolName ?? "",
    leader: g.leaderId ?? "",
    assignment: Object.fromEntries(
      [...g.members.values()].map((m) => [m.memberId, m.assignment.map((p) => tpKey(p.topic, p.partition))]),
    ),
  });
  for (const m of g.members.values()) {
    if (m.awaitingSync === null) continue;
    reply<SyncGroupResponseBody>(w, node, m.awaitingSync.from, "SyncGroupResponse", {
      correlationId: m.awaitingSync.correlationId,
      error: null,
      partitions: m.assignment,
    });
    m.awaitingSync = null;
  }
}

function heartbeat(w: World, node: BrokerNode, from: string, body: GroupMemberRequestBody): void {
  const answer = (error: string | null) =>
    reply<SimpleResponseBody>(w, node, from, "HeartbeatResponse", { correlationId: body.correlationId, error });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const g = cs(node).groups.get(body.groupId);
  if (g === undefined || !g.members.has(body.memberId)) return answer("UNKNOWN_MEMBER_ID");
  const member = g.members.get(body.memberId)!;
  member.lastHeartbeat = w.now;
  if (g.state === "PreparingRebalance") return answer("REBALANCE_IN_PROGRESS");
  if (body.generationId !== g.generationId) return answer("ILLEGAL_GENERATION");
  answer(null);
}

function leaveGroup(w: World, node: BrokerNode, from: string, body: GroupMemberRequestBody): void {
  const answer = (error: string | null) =>
    reply<SimpleResponseBody>(w, node, from, "LeaveGroupResponse", { correlationId: body.correlationId, error });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const g = cs(node).groups.get(body.groupId);
  const m = g?.members.get(body.memberId);
  if (g === undefined || m === undefined) return answer("UNKNOWN_MEMBER_ID");
  removeMember(w, g, m, "left the group (LeaveGroup)");
  answer(null);
  onMembershipLoss(w, node, g, `member ${m.memberId} left`);
}

function onMembershipLoss(w: World, node: BrokerNode, g: GroupMetadata, reason: string): void {
  if (g.state === "Stable" || g.state === "CompletingRebalance") prepareRebalance(w, node, g, reason);
  else if (g.state === "PreparingRebalance") maybeCompleteJoin(w, node, g);
}

// ---- session expiry ----

function scheduleSessionCheck(w: World, node: BrokerNode, g: GroupMetadata): void {
  let earliest = Number.POSITIVE_INFINITY;
  for (const m of g.members.values())
    if (m.awaitingJoin === null) earliest = Math.min(earliest, m.lastHeartbeat + m.sessionTimeoutMs);
  if (!Number.isFinite(earliest)) return;
  if (g.sessionTimerAt > w.now && g.sessionTimerAt <= earliest) return;
  g.sessionTimerAt = earliest;
  setTimer(w, node, earliest - w.now, "group.session", g.groupId);
}

export function onGroupTimer(w: World, node: BrokerNode, name: string, data: unknown): boolean {
  if (name === "group.join") {
    const d = data as { groupId: string; round: number };
    const g = cs(node).groups.get(d.groupId);
    if (g !== undefined && g.joinRound === d.round) maybeCompleteJoin(w, node, g);
    return true;
  }
  if (name === "group.session") {
    const g = cs(node).groups.get(data as string);
    if (g === undefined || g.state === "Dead") return true;
    g.sessionTimerAt = 0;
    const expired = [...g.members.values()].filter(
      (m) => m.awaitingJoin === null && m.lastHeartbeat + m.sessionTimeoutMs <= w.now,
    );
    for (const m of expired) removeMember(w, g, m, `no heartbeat for session.timeout.ms (${m.sessionTimeoutMs} ms)`);
    if (expired.length > 0) onMembershipLoss(w, node, g, "member session expired");
    scheduleSessionCheck(w, node, g);
    return true;
  }
  return false;
}

// ---- offsets ----

function offsetCommit(w: World, node: BrokerNode, from: string, body: OffsetCommitBody): void {
  const answer = (error: string | null) =>
    reply<SimpleResponseBody>(w, node, from, "OffsetCommitResponse", { correlationId: body.correlationId, error });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const c = cs(node);
  let g = c.groups.get(body.groupId);
  if (body.generationId >= 0) {
    const error = memberError(g, body);
    if (error !== null) return answer(error);
    if (g!.state === "CompletingRebalance") return answer("REBALANCE_IN_PROGRESS");
    g!.members.get(body.memberId)!.lastHeartbeat = w.now;
  } else if (g === undefined) {
    c.groups.set(body.groupId, (g = newGroup(w, body.groupId)));
  } else if (g.state !== "Empty") {
    return answer("UNKNOWN_MEMBER_ID");
  }
  const records = body.offsets.map((o) => ({
    key: `offset:${body.groupId}:${o.topic}:${o.partition}`,
    value: String(o.offset),
  }));
  appendInternal(w, node, g!.partition, records, {
    kind: "commit",
    groupId: body.groupId,
    reply: { from, correlationId: body.correlationId },
    offsets: body.offsets,
  });
}

function offsetFetch(w: World, node: BrokerNode, from: string, body: OffsetFetchBody): void {
  const answer = (error: string | null, offsets: OffsetFetchResponseBody["offsets"] = []) =>
    reply<OffsetFetchResponseBody>(w, node, from, "OffsetFetchResponse", {
      correlationId: body.correlationId,
      error,
      offsets,
    });
  if (!isCoordinator(w, node, body.groupId)) return answer("NOT_COORDINATOR");
  const g = cs(node).groups.get(body.groupId);
  answer(
    null,
    body.partitions.map((p) => ({ ...p, offset: g?.offsets.get(tpKey(p.topic, p.partition))?.offset ?? -1 })),
  );
}

/** Write group metadata (GroupMetadataManager.storeGroup); the sync completes once it is committed. */
function storeGroup(w: World, node: BrokerNode, g: GroupMetadata): void {
  const value = JSON.stringify({
    generation: g.generationId,
    protocol: g.protocolName,
    leader: g.leaderId,
    members: [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocols: m.protocols,
      assignment: m.assignment,
    })),
  });
  appendInternal(w, node, g.partition, [{ key: `group:${g.groupId}`, value }], {
    kind: "storeGroup",
    groupId: g.groupId,
    generationId: g.generationId,
  });
}

/** Append to our __consumer_offsets partition as acks=all would, and act once the HW passes it. */
function appendInternal(
  w: World,
  node: BrokerNode,
  partition: number,
  records: { key: string; value: string }[],
  then: InternalAppend,
): void {
  const v = vol(node);
  const key = tpKey(OFFSETS_TOPIC, partition);
  const p = v.partitions.get(key);
  const log = node.durable.logs.get(key);
  if (p === undefined || p.role !== "leader" || log === undefined) {
    onInternalAppendDone(w, node, then, "NOT_COORDINATOR");
    return;
  }
  const baseOffset = logEndOffset(log);
  const c = cs(node);
  records.forEach((r, i) => {
    const record: LogRecord = {
      offset: baseOffset + i,
      leaderEpoch: p.leaderEpoch,
      id: `${node.id}#${node.incarnation}:${c.nextRecordSeq++}`,
      n: -1,
      key: r.key,
      value: r.value,
      producer: node.id,
      timestamp: w.now,
    };
    append(log, record, w.config.broker["segment.records"], w.now);
  });
  tryCompleteDelayedFetches(w, node, key, true);
  v.delayedProduces.push({
    from: node.id,
    correlationId: -1,
    topic: OFFSETS_TOPIC,
    partition,
    requiredOffset: baseOffset + records.length,
    baseOffset,
    count: records.length,
    expiresAt: w.now + w.config.broker["offsets.commit.timeout.ms"],
    internal: then,
  });
  armTimer(w, node, "delayedProduce", w.now + w.config.broker["offsets.commit.timeout.ms"]);
  maybeIncrementLeaderHW(w, node, p);
}

/** Called by the produce path when an internal append is committed (error null) or fails. */
export function onInternalAppendDone(w: World, node: BrokerNode, what: InternalAppend, error: string | null): void {
  const g = cs(node).groups.get(what.groupId);
  if (what.kind === "commit") {
    if (error === null && g !== undefined) {
      for (const o of what.offsets) g.offsets.set(tpKey(o.topic, o.partition), { ...o });
      emit(w, {
        t: w.now,
        type: "offsets.committed",
        groupId: what.groupId,
        offsets: what.offsets.map((o) => ({ ...o })),
      });
    }
    const mapped = error === "NOT_LEADER_OR_FOLLOWER" ? "NOT_COORDINATOR" : error;
    reply<SimpleResponseBody>(w, node, what.reply.from, "OffsetCommitResponse", {
      correlationId: what.reply.correlationId,
      error: mapped,
    });
    return;
  }
  if (g === undefined || g.generationId !== what.generationId) return;
  if (error === null) {
    if (g.state === "CompletingRebalance") completeSync(w, node, g);
  } else if (g.state === "CompletingRebalance") {
    for (const m of g.members.values()) m.assignment = [];
    prepareRebalance(w, node, g, `storing the group failed: ${error}`);
  }
}

// ---- loading and unloading (GroupMetadataManager.loadGroupsForPartition) ----

/** The new leader of an offsets partition loads its groups and offsets from the log. */
export function loadGroups(w: World, node: BrokerNode, partition: number, log: PartitionLog): void {
  const c = cs(node);
  const loaded = new Map<string, GroupMetadata>();
  const group = (id: string) => {
    let g = loaded.get(id);
    if (g === undefined) loaded.set(id, (g = newGroup(w, id)));
    return g;
  };
  for (const r of readRecords(log, log.logStartOffset)) {
    if (r.key === null) continue;
    if (r.key.startsWith("offset:")) {
      const [, groupId, topic, p] = splitOffsetKey(r.key);
      group(groupId).offsets.set(tpKey(topic, Number(p)), { topic, partition: Number(p), offset: Number(r.value) });
    } else if (r.key.startsWith("group:")) {
      const g = group(r.key.slice("group:".length));
      const stored = JSON.parse(r.value) as {
        generation: number;
        protocol: string | null;
        leader: string | null;
        members: Omit<MemberMetadata, "lastHeartbeat" | "awaitingJoin" | "awaitingSync">[];
      };
      g.generationId = stored.generation;
      g.protocolName = stored.protocol;
      g.leaderId = stored.leader;
      g.members = new Map(
        stored.members.map((m) => [m.memberId, { ...m, lastHeartbeat: w.now, awaitingJoin: null, awaitingSync: null }]),
      );
      g.state = g.members.size > 0 ? "Stable" : "Empty";
    }
  }
  for (const [id, g] of loaded) {
    c.groups.set(id, g);
    scheduleSessionCheck(w, node, g);
  }
  emit(w, { t: w.now, type: "groups.loaded", broker: node.durable.id, partition, groups: [...loaded.keys()] });
}

function splitOffsetKey(key: string): [string, string, string, string] {
  // offset:<group>:<topic>:<partition>; topics may not contain ':' but group ids may.
  const last = key.lastIndexOf(":");
  const mid = key.lastIndexOf(":", last - 1);
  return ["offset", key.slice("offset:".length, mid), key.slice(mid + 1, last), key.slice(last + 1)];
}

/** Losing leadership of an offsets partition: its groups are gone from this broker. */
export function unloadGroups(w: World, node: BrokerNode, partition: number): void {
  const c = cs(node);
  for (const [id, g] of [...c.groups]) {
    if (g.partition !== partition) continue;
    // Members waiting on a join or a sync learn at once that this broker is no longer their coordinator.
    for (const m of g.members.values()) {
      if (m.awaitingJoin !== null) {
        reply<JoinGroupResponseBody>(w, node, m.awaitingJoin.from, "JoinGroupResponse", {
          correlationId: m.awaitingJoin.correlationId,
          error: "NOT_COORDINATOR",
          generationId: -1,
          protocolName: null,
          leader: "",
          memberId: m.memberId,
          members: [],
        });
      }
      if (m.awaitingSync !== null) {
        reply<SyncGroupResponseBody>(w, node, m.awaitingSync.from, "SyncGroupResponse", {
          correlationId: m.awaitingSync.correlationId,
          error: "NOT_COORDINATOR",
          partitions: [],
        });
      }
    }
    setState(w, node, g, "Dead");
    c.groups.delete(id);
  }
}
