import type { NodeState } from "../core/engine";
import { emit, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { brokerNodeId, tpKey, type World } from "../world";
import { ASSIGNOR_PROTOCOLS, ASSIGNORS, type AssignorName, type TopicPartition } from "./assignors";
import type {
  FindCoordinatorResponseBody,
  JoinGroupResponseBody,
  OffsetFetchResponseBody,
  SimpleResponseBody,
  SyncGroupResponseBody,
} from "./protocol";

/**
 * A consumer's side of the classic group protocol (AbstractCoordinator /
 * ConsumerCoordinator): find the coordinator, join, let the leader assign,
 * sync, heartbeat; revoke all partitions before rejoining (eager) or only
 * the ones that move, in a second rebalance (cooperative, KIP-429).
 */
/** What the consumer's configuration gives the member. */
export interface MemberConfig {
  groupId: string;
  topics: string[];
  strategies: AssignorName[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  retryBackoffMs: number;
}

export interface GroupMemberState extends MemberConfig {
  coordinator: number;
  memberId: string;
  generationId: number;
  protocol: string | null;
  phase: "unjoined" | "finding" | "joining" | "syncing" | "stable" | "left";
  /** Partitions owned now (kept across a cooperative rebalance). */
  owned: TopicPartition[];
  /** The correlation id of the request the member is waiting for; older answers are ignored. */
  awaiting: number;
  nextCorrelationId: number;
  lastHeartbeatResponse: number;
  heartbeatInFlight: boolean;
  /** Looking for the coordinator after losing it while stable: resume heartbeats, no rejoin. */
  resumeStable: boolean;
  /** The member left because the application stopped polling; its next poll rejoins. */
  leftOnPollTimeout: boolean;
}

/** What the consumer does when the group gives or takes partitions. */
export interface MemberHooks {
  /** When the application last called poll(); max.poll.interval.ms is measured from here. */
  lastPoll(w: World, node: NodeState): number;
  anyBroker(w: World, node: NodeState): number;
  partitionsPerTopic(w: World, node: NodeState): Record<string, number>;
  /** Newly assigned partitions, with their committed offsets (-1: none). */
  onAssigned(w: World, node: NodeState, parts: { topic: string; partition: number; offset: number }[]): void;
  /** Partitions given up in a rebalance: commit what was processed, then stop fetching them. */
  onRevoked(w: World, node: NodeState, parts: TopicPartition[]): void;
  /** Partitions lost without a chance to commit (fenced out of the generation). */
  onLost(w: World, node: NodeState, parts: TopicPartition[]): void;
}

export function createMember(config: MemberConfig): GroupMemberState {
  return {
    ...config,
    coordinator: -1,
    memberId: "",
    generationId: -1,
    protocol: null,
    phase: "unjoined",
    owned: [],
    awaiting: 0,
    nextCorrelationId: 1,
    lastHeartbeatResponse: 0,
    heartbeatInFlight: false,
    resumeStable: false,
    leftOnPollTimeout: false,
  };
}

/** The rebalance protocol is the best one every configured assignor supports (ConsumerCoordinator). */
export function rebalanceProtocol(strategies: AssignorName[]): "EAGER" | "COOPERATIVE" {
  return strategies.every((s) => ASSIGNOR_PROTOCOLS[s].includes("COOPERATIVE")) ? "COOPERATIVE" : "EAGER";
}

function request(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  to: number,
  type: string,
  body: Record<string, unknown>,
): void {
  const correlationId = m.nextCorrelationId++;
  if (type !== "Heartbeat" && type !== "OffsetCommit") m.awaiting = correlationId;
  send(w, node.id, brokerNodeId(to), "group", type, { correlationId, groupId: m.groupId, ...body });
}

export function memberStart(w: World, node: NodeState, m: GroupMemberState, hooks: MemberHooks): void {
  findCoordinator(w, node, m, hooks);
  setTimer(w, node, m.heartbeatIntervalMs, "group.heartbeat");
}

function findCoordinator(w: World, node: NodeState, m: GroupMemberState, hooks: MemberHooks): void {
  if (m.phase !== "finding") m.resumeStable = m.phase === "stable";
  m.phase = "finding";
  m.coordinator = -1;
  const broker = hooks.anyBroker(w, node);
  if (broker < 0) {
    setTimer(w, node, m.retryBackoffMs, "group.retry");
    return;
  }
  request(w, node, m, broker, "FindCoordinator", { key: m.groupId });
  // No answer (a dead broker): try again after the request timeout's stand-in, the session timeout.
  setTimer(w, node, m.sessionTimeoutMs, "group.findTimeout", m.awaiting);
}

/**
 * A JoinGroup or SyncGroup left unanswered (its coordinator gone): give up
 * after the rebalance timeout plus a margin, as the client's request timeout
 * for JoinGroup does, and look for the coordinator again.
 */
function expectAnswer(w: World, node: NodeState, m: GroupMemberState): void {
  setTimer(w, node, m.rebalanceTimeoutMs + 5000, "group.requestTimeout", m.awaiting);
}

function join(w: World, node: NodeState, m: GroupMemberState): void {
  m.phase = "joining";
  const generation = m.generationId;
  request(w, node, m, m.coordinator, "JoinGroup", {
    memberId: m.memberId,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    protocols: m.strategies.map((name) => ({
      name,
      subscription: { topics: m.topics, ownedPartitions: m.owned, generation },
    })),
  });
  expectAnswer(w, node, m);
}

/** Rejoin: eager revokes everything first (ConsumerCoordinator.onJoinPrepare). */
function rejoin(w: World, node: NodeState, m: GroupMemberState, hooks: MemberHooks): void {
  if (rebalanceProtocol(m.strategies) === "EAGER" && m.owned.length > 0) {
    hooks.onRevoked(w, node, m.owned);
    m.owned = [];
  }
  if (m.coordinator < 0) findCoordinator(w, node, m, hooks);
  else join(w, node, m);
}

function lose(w: World, node: NodeState, m: GroupMemberState, hooks: MemberHooks, resetMemberId: boolean): void {
  if (m.owned.length > 0) hooks.onLost(w, node, m.owned);
  m.owned = [];
  m.generationId = -1;
  if (resetMemberId) m.memberId = "";
}

export function memberOnMessage(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  msg: Message,
  hooks: MemberHooks,
): boolean {
  if (m.phase === "left") return msg.kind === "group";
  switch (msg.type) {
    case "FindCoordinatorResponse": {
      const r = msg.body as FindCoordinatorResponseBody;
      if (r.correlationId !== m.awaiting || m.phase !== "finding") return true;
      if (r.error !== null) {
        setTimer(w, node, m.retryBackoffMs, "group.retry");
        return true;
      }
      m.coordinator = r.nodeId;
      // A fresh connection to the coordinator restarts the session clock (Heartbeat.resetSessionTimeout).
      m.lastHeartbeatResponse = w.now;
      m.heartbeatInFlight = false;
      emit(w, {
        t: w.now,
        type: "group.coordinator.found",
        groupId: m.groupId,
        member: node.id,
        coordinator: r.nodeId,
      });
      if (m.resumeStable && m.generationId >= 0 && m.memberId !== "") {
        // Coordinator failover: the new coordinator loaded the group; carry on heartbeating.
        m.phase = "stable";
      } else {
        join(w, node, m);
      }
      return true;
    }
    case "JoinGroupResponse": {
      const r = msg.body as JoinGroupResponseBody;
      if (r.correlationId !== m.awaiting) return true;
      if (r.error === "MEMBER_ID_REQUIRED") {
        m.memberId = r.memberId;
        join(w, node, m);
      } else if (r.error === "UNKNOWN_MEMBER_ID") {
        lose(w, node, m, hooks, true);
        join(w, node, m);
      } else if (r.error === "NOT_COORDINATOR" || r.error === "COORDINATOR_NOT_AVAILABLE") {
        findCoordinator(w, node, m, hooks);
      } else if (r.error !== null) {
        setTimer(w, node, m.retryBackoffMs, "group.rejoin");
      } else {
        m.generationId = r.generationId;
        m.memberId = r.memberId;
        m.protocol = r.protocolName;
        m.phase = "syncing";
        const assignments = r.leader === r.memberId ? assign(w, node, r, hooks) : [];
        request(w, node, m, m.coordinator, "SyncGroup", {
          generationId: m.generationId,
          memberId: m.memberId,
          assignments,
        });
        expectAnswer(w, node, m);
      }
      return true;
    }
    case "SyncGroupResponse": {
      const r = msg.body as SyncGroupResponseBody;
      if (r.correlationId !== m.awaiting) return true;
      if (r.error === null) onSynced(w, node, m, r.partitions, hooks);
      else if (r.error === "NOT_COORDINATOR") findCoordinator(w, node, m, hooks);
      else {
        if (r.error === "ILLEGAL_GENERATION" || r.error === "UNKNOWN_MEMBER_ID")
          lose(w, node, m, hooks, r.error === "UNKNOWN_MEMBER_ID");
        rejoin(w, node, m, hooks);
      }
      return true;
    }
    case "HeartbeatResponse": {
      const r = msg.body as SimpleResponseBody;
      m.heartbeatInFlight = false;
      m.lastHeartbeatResponse = w.now;
      if (m.phase !== "stable" || r.error === null) return true;
      if (r.error === "NOT_COORDINATOR") findCoordinator(w, node, m, hooks);
      else if (r.error === "REBALANCE_IN_PROGRESS") rejoin(w, node, m, hooks);
      else {
        lose(w, node, m, hooks, r.error === "UNKNOWN_MEMBER_ID");
        rejoin(w, node, m, hooks);
      }
      return true;
    }
    case "OffsetFetchResponse": {
      const r = msg.body as OffsetFetchResponseBody;
      if (r.error !== null) return true;
      const owned = new Set(m.owned.map((p) => tpKey(p.topic, p.partition)));
      hooks.onAssigned(
        w,
        node,
        r.offsets.filter((o) => owned.has(tpKey(o.topic, o.partition))),
      );
      return true;
    }
    case "OffsetCommitResponse": {
      const r = msg.body as SimpleResponseBody;
      if (r.error === "NOT_COORDINATOR") findCoordinator(w, node, m, hooks);
      else if (r.error !== null && m.phase === "stable" && r.error !== "REQUEST_TIMED_OUT") rejoin(w, node, m, hooks);
      return true;
    }
    case "LeaveGroupResponse":
      return true;
    default:
      return false;
  }
}

function assign(w: World, node: NodeState, r: JoinGroupResponseBody, hooks: MemberHooks) {
  const assignor = ASSIGNORS[r.protocolName as AssignorName];
  const subscriptions = r.members.map((x) => ({
    memberId: x.memberId,
    topics: x.subscription.topics,
    ownedPartitions: x.subscription.ownedPartitions,
    generation: x.subscription.generation >= 0 ? x.subscription.generation : undefined,
  }));
  const assignment = assignor(hooks.partitionsPerTopic(w, node), subscriptions);
  return Object.entries(assignment).map(([memberId, partitions]) => ({ memberId, partitions }));
}

function onSynced(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  assigned: TopicPartition[],
  hooks: MemberHooks,
): void {
  const key = (p: TopicPartition) => tpKey(p.topic, p.partition);
  const now = new Set(assigned.map(key));
  const before = new Set(m.owned.map(key));
  const revoked = m.owned.filter((p) => !now.has(key(p)));
  const added = assigned.filter((p) => !before.has(key(p)));
  m.phase = "stable";
  m.lastHeartbeatResponse = w.now;
  if (revoked.length > 0) hooks.onRevoked(w, node, revoked);
  m.owned = assigned;
  if (added.length > 0) request(w, node, m, m.coordinator, "OffsetFetch", { partitions: added });
  m.awaiting = 0;
  // KIP-429: a member that gave partitions up rejoins at once so they can be handed over.
  if (revoked.length > 0 && rebalanceProtocol(m.strategies) === "COOPERATIVE") join(w, node, m);
}

export function memberOnTimer(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  name: string,
  data: unknown,
  hooks: MemberHooks,
): boolean {
  if (m.phase === "left") return name.startsWith("group.");
  switch (name) {
    case "group.heartbeat":
      setTimer(w, node, m.heartbeatIntervalMs, "group.heartbeat");
      if (m.phase !== "stable") return true;
      if (w.now - hooks.lastPoll(w, node) > m.rebalanceTimeoutMs) {
        // The heartbeat thread's liveness check (AbstractCoordinator): the application has not
        // polled for max.poll.interval.ms, so the member leaves the group and its partitions go.
        emit(w, {
          t: w.now,
          type: "consumer.poll.timeout",
          consumer: node.id,
          groupId: m.groupId,
          maxPollIntervalMs: m.rebalanceTimeoutMs,
        });
        request(w, node, m, m.coordinator, "LeaveGroup", { generationId: m.generationId, memberId: m.memberId });
        lose(w, node, m, hooks, true);
        m.phase = "unjoined";
        m.leftOnPollTimeout = true;
        return true;
      }
      if (w.now - m.lastHeartbeatResponse >= m.sessionTimeoutMs) {
        // AbstractCoordinator: no heartbeat answer for a whole session → the coordinator is gone.
        findCoordinator(w, node, m, hooks);
        return true;
      }
      if (!m.heartbeatInFlight) {
        m.heartbeatInFlight = true;
        request(w, node, m, m.coordinator, "Heartbeat", { generationId: m.generationId, memberId: m.memberId });
      }
      return true;
    case "group.retry":
      if (m.phase === "finding") findCoordinator(w, node, m, hooks);
      return true;
    case "group.findTimeout":
      if (m.phase === "finding" && m.awaiting === data) findCoordinator(w, node, m, hooks);
      return true;
    case "group.rejoin":
      rejoin(w, node, m, hooks);
      return true;
    case "group.requestTimeout":
      if ((m.phase === "joining" || m.phase === "syncing") && m.awaiting === data) {
        m.resumeStable = false;
        findCoordinator(w, node, m, hooks);
      }
      return true;
    default:
      return false;
  }
}

/** The application polls again: a member that left on a poll timeout rejoins. */
export function memberPolled(w: World, node: NodeState, m: GroupMemberState, hooks: MemberHooks): void {
  if (!m.leftOnPollTimeout) return;
  m.leftOnPollTimeout = false;
  rejoin(w, node, m, hooks);
}

/** Commit offsets for the current generation (or as a standalone consumer, generation -1). */
export function memberCommit(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  offsets: { topic: string; partition: number; offset: number }[],
): void {
  if (m.coordinator < 0 || offsets.length === 0) return;
  request(w, node, m, m.coordinator, "OffsetCommit", { generationId: m.generationId, memberId: m.memberId, offsets });
}

/** Close: leave the group at once so it rebalances without waiting for the session timeout. */
export function memberLeave(w: World, node: NodeState, m: GroupMemberState): void {
  if (m.coordinator >= 0 && m.memberId !== "")
    request(w, node, m, m.coordinator, "LeaveGroup", { generationId: m.generationId, memberId: m.memberId });
  m.phase = "left";
}

/** A request to a broker that is down: look for the coordinator again (AbstractCoordinator.markCoordinatorUnknown). */
export function memberOnConnectionReset(
  w: World,
  node: NodeState,
  m: GroupMemberState,
  msg: Message,
  hooks: MemberHooks,
): void {
  if (m.phase === "left") return;
  if (msg.type === "Heartbeat") m.heartbeatInFlight = false;
  if (msg.type === "FindCoordinator" || msg.to === brokerNodeId(m.coordinator)) findCoordinator(w, node, m, hooks);
}
