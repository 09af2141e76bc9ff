import type { FetchBody, FetchResponseBody, FetchResult } from "../broker/replication";
import type { LogRecord } from "../broker/types";
import { type ConsumerConfig, type ConsumerSpec, consumerConfig } from "../config";
import { armTimer, emit, type NodeState, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import {
  createMember,
  type GroupMemberState,
  type MemberHooks,
  memberCommit,
  memberLeave,
  memberOnConnectionReset,
  memberOnMessage,
  memberOnTimer,
  memberPolled,
  memberStart,
} from "../group/member";
import { onDelivered } from "../monitor";
import type { World } from "../world";
import { brokerIdOf, brokerNodeId, tpKey } from "../world";
import {
  type ClientMetadata,
  createClientMetadata,
  leaderOf,
  METADATA_TIMERS,
  type MetadataResponseBody,
  numPartitions,
  onMetadataConnectionReset,
  onMetadataResponse,
  onMetadataTimer,
  partitionInfo,
  requestMetadataUpdate,
} from "./metadata";

/**
 * A consumer: one Fetch per leader broker carrying its partitions, a
 * position per partition (SubscriptionState), auto.offset.reset, and a
 * metadata refresh when a leader moves. It sees only records below the high
 * watermark: the broker enforces that. Standalone (KafkaConsumer.assign) it
 * reads the partitions it is given and commits nothing; with a group.id its
 * partitions come from the group (group/member.ts) and it commits offsets.
 */
export interface ConsumerDurable {
  spec: ConsumerSpec;
}

export interface PartitionPosition {
  /** The next offset to fetch; null until auto.offset.reset gives one. */
  offset: number | null;
  highWatermark: number;
  /** Do not fetch before this time (retry.backoff.ms after an error). */
  backoffUntil: number;
  consumed: number;
}

export interface ConsumerVolatile {
  md: ClientMetadata;
  positions: Map<number, PartitionPosition>;
  /** One Fetch in flight per leader broker (Fetcher.prepareFetchRequests skips nodes with one pending). */
  fetches: Map<number, { correlationId: number; requestId: number; partitions: number[]; sentAt: number }>;
  correlationId: number;
  consumed: number;
  duplicates: number;
  backoffScheduled: boolean;
  /** Group membership, when the consumer has a group.id. */
  group: GroupMemberState | null;
  /** Offsets last sent in a commit, per partition, so auto commit sends only what moved. */
  committed: Map<number, number>;
  /** The application is busy (a slow handler) from `stalledSince` and does not poll until `stalledUntil`. */
  stalledSince: number;
  stalledUntil: number;
}

export type ConsumerNode = NodeState<"consumer", ConsumerDurable, ConsumerVolatile>;

export function createConsumerNode(spec: ConsumerSpec): ConsumerNode {
  return {
    id: spec.id,
    kind: "consumer",
    up: false,
    incarnation: 0,
    durable: { spec: structuredClone(spec) },
    volatile: null,
  };
}

export function consumerSettings(node: ConsumerNode): ConsumerConfig {
  return consumerConfig(node.durable.spec);
}

function vol(node: ConsumerNode): ConsumerVolatile {
  return node.volatile as ConsumerVolatile;
}

export const consumerBehaviour = {
  start(w: World, node: ConsumerNode): void {
    const spec = node.durable.spec;
    const cfg = consumerSettings(node);
    const bootstrap = spec.bootstrap ?? Array.from({ length: w.config.brokers }, (_, i) => i + 1);
    node.volatile = {
      md: createClientMetadata(spec.topic, bootstrap, cfg),
      positions: new Map(),
      fetches: new Map(),
      correlationId: 1,
      consumed: 0,
      duplicates: 0,
      backoffScheduled: false,
      group:
        spec.groupId === undefined
          ? null
          : createMember({
              groupId: spec.groupId,
              topics: [spec.topic],
              strategies: cfg["partition.assignment.strategy"],
              sessionTimeoutMs: cfg["session.timeout.ms"],
              heartbeatIntervalMs: cfg["heartbeat.interval.ms"],
              rebalanceTimeoutMs: cfg["max.poll.interval.ms"],
              retryBackoffMs: cfg["retry.backoff.ms"],
            }),
      committed: new Map(),
      stalledSince: 0,
      stalledUntil: 0,
    };
    emit(w, { t: w.now, type: "node.started", node: node.id });
    requestMetadataUpdate(w, node, vol(node).md);
    setTimer(w, node, cfg["metadata.max.age.ms"], "metadata.maxAge");
    if (spec.groupId !== undefined && cfg["enable.auto.commit"])
      setTimer(w, node, cfg["auto.commit.interval.ms"], "autoCommit");
  },

  message(w: World, node: ConsumerNode, msg: Message): void {
    const v = vol(node);
    if (v.group !== null && memberOnMessage(w, node, v.group, msg, groupHooks)) return;
    switch (msg.type) {
      case "MetadataResponse":
        if (onMetadataResponse(w, node, v.md, msg.body as MetadataResponseBody)) {
          // A group member joins once it knows its topic (the leader needs partition counts to assign).
          if (v.group === null) assign(node);
          else if (v.group.phase === "unjoined") memberStart(w, node, v.group, groupHooks);
          fetch(w, node);
        }
        return;
      case "FetchResponse":
        onFetchResponse(w, node, brokerIdOf(msg.from), msg.body as FetchResponseBody);
        return;
    }
  },

  timer(w: World, node: ConsumerNode, name: string, data: unknown): void {
    const v = vol(node);
    if ((METADATA_TIMERS as readonly string[]).includes(name)) {
      onMetadataTimer(w, node, v.md, name, data);
      return;
    }
    if (v.group !== null && memberOnTimer(w, node, v.group, name, data, groupHooks)) return;
    switch (name) {
      case "stall.end":
        if (v.group !== null) memberPolled(w, node, v.group, groupHooks);
        fetch(w, node);
        return;
      case "autoCommit":
        setTimer(w, node, consumerSettings(node)["auto.commit.interval.ms"], "autoCommit");
        if (v.group?.phase === "stable") commit(w, node, [...v.positions.keys()]);
        return;
      case "fetch.backoff":
        v.backoffScheduled = false;
        fetch(w, node);
        return;
      case "fetch.timeout": {
        // request.timeout.ms without an answer: drop those fetches, look for the leaders again.
        const timeout = consumerSettings(node)["request.timeout.ms"];
        let expired = false;
        let next = Number.POSITIVE_INFINITY;
        for (const [broker, f] of [...v.fetches]) {
          if (f.sentAt + timeout <= w.now) {
            v.fetches.delete(broker);
            expired = true;
          } else next = Math.min(next, f.sentAt + timeout);
        }
        if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "fetch.timeout", next);
        if (expired) {
          requestMetadataUpdate(w, node, v.md);
          fetch(w, node);
        }
        return;
      }
    }
  },

  crashed(w: World, node: ConsumerNode): void {
    emit(w, { t: w.now, type: "node.crashed", node: node.id });
  },

  /** The broker is down: the fetch in flight on it fails at once, and we look for the new leaders. */
  connectionReset(w: World, node: ConsumerNode, msg: Message): void {
    const v = vol(node);
    if (msg.type === "Fetch") {
      const broker = brokerIdOf(msg.to);
      if (v.fetches.get(broker)?.requestId !== msg.id) return;
      v.fetches.delete(broker);
      requestMetadataUpdate(w, node, v.md);
      fetch(w, node);
    } else if (msg.kind === "group") {
      if (v.group !== null) memberOnConnectionReset(w, node, v.group, msg, groupHooks);
    } else {
      onMetadataConnectionReset(w, node, v.md, msg);
    }
  },
};

/** KafkaConsumer.assign: the configured partitions, or every partition of the topic once metadata names them. */
function assign(node: ConsumerNode): void {
  const v = vol(node);
  const n = numPartitions(v.md);
  const wanted = node.durable.spec.partitions ?? Array.from({ length: n }, (_, i) => i);
  for (const p of wanted) {
    if (p >= n || v.positions.has(p)) continue;
    v.positions.set(p, { offset: null, highWatermark: 0, backoffUntil: 0, consumed: 0 });
  }
}

/**
 * Fetcher.sendFetches: one Fetch per leader broker without one in flight. A
 * partition with no position yet asks for offset -1: the broker answers
 * OFFSET_OUT_OF_RANGE with the log start offset and high watermark, which
 * stands in for the ListOffsets request the simulated broker does not serve.
 */
function fetch(w: World, node: ConsumerNode): void {
  const v = vol(node);
  // A stalled application does not call poll(), and the consumer fetches only inside poll().
  if (v.stalledUntil > w.now) return;
  const cfg = consumerSettings(node);
  const byLeader = new Map<number, FetchBody["partitions"]>();
  let earliestBackoff = Number.POSITIVE_INFINITY;
  for (const [partition, pos] of v.positions) {
    if (pos.backoffUntil > w.now) {
      earliestBackoff = Math.min(earliestBackoff, pos.backoffUntil);
      continue;
    }
    const leader = leaderOf(v.md, partition);
    if (leader < 0 || v.fetches.has(leader)) continue;
    let list = byLeader.get(leader);
    if (list === undefined) byLeader.set(leader, (list = []));
    list.push({
      topic: v.md.topic,
      partition,
      fetchOffset: pos.offset ?? -1,
      // KIP-320: the epoch we believe current, so a stale leader answers FENCED_LEADER_EPOCH.
      leaderEpoch: partitionInfo(v.md, partition)?.leaderEpoch ?? -1,
    });
  }
  for (const [leader, partitions] of byLeader) {
    const correlationId = v.correlationId++;
    const msg = send<FetchBody>(w, node.id, brokerNodeId(leader), "fetch", "Fetch", {
      replicaId: -1,
      maxWaitMs: cfg["fetch.max.wait.ms"],
      // max.poll.records caps what one poll returns; the simulator applies it per partition per fetch.
      maxRecords: cfg["max.poll.records"],
      partitions,
      correlationId,
    });
    v.fetches.set(leader, {
      correlationId,
      requestId: msg.id,
      partitions: partitions.map((p) => p.partition),
      sentAt: w.now,
    });
    armTimer(w, node, "fetch.timeout", w.now + cfg["request.timeout.ms"]);
  }
  if (earliestBackoff < Number.POSITIVE_INFINITY && !v.backoffScheduled) {
    v.backoffScheduled = true;
    setTimer(w, node, earliestBackoff - w.now, "fetch.backoff");
  }
}

function onFetchResponse(w: World, node: ConsumerNode, broker: number, body: FetchResponseBody): void {
  const v = vol(node);
  const pending = v.fetches.get(broker);
  // Match on the request's id: a parked (long-polled) fetch is answered without its correlationId.
  if (pending === undefined || pending.requestId !== body.requestId) return;
  v.fetches.delete(broker);
  const cfg = consumerSettings(node);
  for (const result of body.partitions) {
    const pos = v.positions.get(result.partition);
    if (pos === undefined) continue;
    if (result.error === null) consume(w, node, pos, result);
    else onPartitionError(w, node, pos, result, cfg);
  }
  fetch(w, node);
}

function consume(w: World, node: ConsumerNode, pos: PartitionPosition, result: FetchResult): void {
  const v = vol(node);
  pos.highWatermark = result.highWatermark;
  if (pos.offset === null) return;
  const from = pos.offset;
  let count = 0;
  let duplicates = 0;
  let firstId = "";
  let lastId = "";
  const delivered: LogRecord[] = [];
  for (const r of result.records) {
    // Fetcher drops records below the position (a batch may start earlier).
    if (r.offset < pos.offset) continue;
    delivered.push(r);
    if (count === 0) firstId = r.id;
    lastId = r.id;
    count++;
    pos.offset = r.offset + 1;
  }
  if (count === 0) return;
  duplicates = onDelivered(w, node.durable.spec.groupId ?? node.id, delivered);
  pos.consumed += count;
  v.consumed += count;
  v.duplicates += duplicates;
  emit(w, {
    t: w.now,
    type: "record.consumed",
    consumer: node.id,
    topic: result.topic,
    partition: result.partition,
    offset: from,
    count,
    duplicates,
    firstId,
    lastId,
  });
}

function onPartitionError(
  w: World,
  node: ConsumerNode,
  pos: PartitionPosition,
  result: FetchResult,
  cfg: ConsumerConfig,
): void {
  const v = vol(node);
  switch (result.error) {
    case "OFFSET_OUT_OF_RANGE": {
      // auto.offset.reset (SubscriptionState.resetInitializingPositions / Fetcher.handleOffsetOutOfRange).
      const reason = pos.offset === null ? "no position" : "out of range";
      const offset = cfg["auto.offset.reset"] === "earliest" ? result.logStartOffset : result.highWatermark;
      pos.offset = offset;
      pos.highWatermark = result.highWatermark;
      emit(w, {
        t: w.now,
        type: "consumer.offset.reset",
        consumer: node.id,
        topic: result.topic,
        partition: result.partition,
        offset,
        strategy: cfg["auto.offset.reset"],
        reason,
      });
      return;
    }
    default:
      // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, ...: find the leader again.
      pos.backoffUntil = w.now + cfg["retry.backoff.ms"];
      requestMetadataUpdate(w, node, v.md);
  }
}

/** Commit the positions of these partitions (ConsumerCoordinator.commitOffsetsAsync). */
function commit(w: World, node: ConsumerNode, partitions: number[]): void {
  const v = vol(node);
  if (v.group === null) return;
  const offsets: { topic: string; partition: number; offset: number }[] = [];
  for (const partition of partitions) {
    const offset = v.positions.get(partition)?.offset;
    if (offset === null || offset === undefined || v.committed.get(partition) === offset) continue;
    v.committed.set(partition, offset);
    offsets.push({ topic: v.md.topic, partition, offset });
  }
  memberCommit(w, node, v.group, offsets);
}

/** Close (KafkaConsumer.close): commit what was consumed, then leave the group at once. */
export function closeConsumer(w: World, node: ConsumerNode): void {
  const v = node.up ? vol(node) : null;
  if (v?.group == null) return;
  if (consumerSettings(node)["enable.auto.commit"]) commit(w, node, [...v.positions.keys()]);
  memberLeave(w, node, v.group);
}

/** What the group protocol does to this consumer's partitions. */
const groupHooks: MemberHooks = {
  lastPoll(w, n) {
    // The application polls continuously unless it is stalled.
    const v = vol(n as ConsumerNode);
    return v.stalledUntil > w.now ? v.stalledSince : w.now;
  },
  anyBroker(_w, n) {
    const v = vol(n as ConsumerNode);
    const known = v.md.partitions.map((p) => p.leader).filter((b) => b >= 0);
    const candidates = known.length > 0 ? known : v.md.bootstrap;
    return candidates.length === 0 ? -1 : candidates[v.correlationId++ % candidates.length];
  },
  partitionsPerTopic(_w, n) {
    const v = vol(n as ConsumerNode);
    return { [v.md.topic]: numPartitions(v.md) };
  },
  onAssigned(w, n, parts) {
    const node = n as ConsumerNode;
    const v = vol(node);
    for (const p of parts) {
      // The committed offset if there is one; otherwise auto.offset.reset decides (offset null).
      v.positions.set(p.partition, {
        offset: p.offset >= 0 ? p.offset : null,
        highWatermark: 0,
        backoffUntil: 0,
        consumed: 0,
      });
      if (p.offset >= 0) v.committed.set(p.partition, p.offset);
    }
    emit(w, {
      t: w.now,
      type: "consumer.assigned",
      consumer: node.id,
      partitions: parts.map((p) => tpKey(p.topic, p.partition)),
    });
    fetch(w, node);
  },
  onRevoked(w, n, parts) {
    const node = n as ConsumerNode;
    if (consumerSettings(node)["enable.auto.commit"])
      commit(
        w,
        node,
        parts.map((p) => p.partition),
      );
    release(w, node, parts, false);
  },
  onLost(w, n, parts) {
    release(w, n as ConsumerNode, parts, true);
  },
};

/** Stop reading partitions the group took away; `lost` when there was no chance to commit first. */
function release(w: World, node: ConsumerNode, parts: { topic: string; partition: number }[], lost: boolean): void {
  const v = vol(node);
  for (const p of parts) {
    v.positions.delete(p.partition);
    v.committed.delete(p.partition);
  }
  const partitions = parts.map((p) => tpKey(p.topic, p.partition));
  emit(w, { t: w.now, type: "consumer.revoked", consumer: node.id, partitions, lost });
}

/** The application stops calling poll() for `ms` (a slow record handler). */
export function stallConsumer(w: World, node: ConsumerNode, ms: number): void {
  const v = vol(node);
  v.stalledSince = w.now;
  v.stalledUntil = w.now + ms;
  setTimer(w, node, ms, "stall.end");
}
