import { topicSetting } from "../config";
import { armTimer, emit, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { onTruncated, violation } from "../monitor";
import { type BrokerNode, brokerIdOf, brokerNodeId, tpKey, type World } from "../world";
import { vol } from "./broker";
import {
  append,
  applyRetention,
  endOffsetForEpoch,
  logEndOffset,
  readRecords,
  truncateFullyAndStartAt,
  truncateTo,
} from "./log";
import { completeDelayedProduces, rebuildProducerState } from "./produce";
import type { DelayedFetch, LogRecord, PartitionReplica } from "./types";

/**
 * Replication (ReplicaManager, Partition, ReplicaFetcherThread): followers
 * fetch from the leader; the leader tracks each follower's log end offset,
 * moves the high watermark to the smallest LEO in the ISR, and shrinks or
 * expands the ISR through AlterPartition.
 */
export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  leaderEpoch: number;
}

export interface FetchBody {
  /** A follower's broker id, or -1 for a consumer. */
  replicaId: number;
  maxWaitMs: number;
  maxRecords: number;
  partitions: FetchPartition[];
  correlationId?: number;
}

export interface FetchResult {
  topic: string;
  partition: number;
  error: string | null;
  highWatermark: number;
  logStartOffset: number;
  records: readonly LogRecord[];
}

export interface FetchResponseBody {
  requestId: number;
  correlationId?: number;
  partitions: FetchResult[];
}

function log(node: BrokerNode, p: PartitionReplica) {
  return node.durable.logs.get(p.key)!;
}

/** The records of a partition result with nothing to read: one shared, frozen array. */
const NO_RECORDS: readonly LogRecord[] = Object.freeze([]);

// ---- leader side ----

export function handleFetch(w: World, node: BrokerNode, msg: Message): void {
  const body = msg.body as FetchBody;
  const { results, total, errors } = readForFetch(w, node, body, true);
  if (total === 0 && errors === 0 && body.maxWaitMs > 0) {
    // Parked in the fetch purgatory; one armed timer per broker covers every parked fetch's wait.
    const expiresAt = w.now + body.maxWaitMs;
    vol(node).delayedFetches.push({
      msgId: msg.id,
      from: msg.from,
      expiresAt,
      request: body,
      keys: body.partitions.map((p) => tpKey(p.topic, p.partition)),
    });
    armTimer(w, node, "delayedFetch", expiresAt);
    return;
  }
  respondFetch(w, node, msg.from, msg.id, body, results);
}

function respondFetch(
  w: World,
  node: BrokerNode,
  to: string,
  requestId: number,
  body: FetchBody,
  results: FetchResult[],
): void {
  const kind = body.replicaId >= 0 ? "replication" : "fetch";
  send<FetchResponseBody>(w, node.id, to, kind, "FetchResponse", {
    requestId,
    correlationId: body.correlationId,
    partitions: results,
  });
}

function readForFetch(w: World, node: BrokerNode, body: FetchBody, updateState: boolean) {
  const v = vol(node);
  const results: FetchResult[] = [];
  let total = 0;
  let errors = 0;
  for (const part of body.partitions) {
    const key = tpKey(part.topic, part.partition);
    const p = v.partitions.get(key);
    let error: string | null = null;
    if (p === undefined || p.role !== "leader") error = "NOT_LEADER_OR_FOLLOWER";
    else if (part.leaderEpoch >= 0 && part.leaderEpoch < p.leaderEpoch) error = "FENCED_LEADER_EPOCH";
    else if (part.leaderEpoch > p.leaderEpoch) error = "UNKNOWN_LEADER_EPOCH";
    if (error !== null || p === undefined) {
      errors++;
      results.push({
        topic: part.topic,
        partition: part.partition,
        error,
        highWatermark: -1,
        logStartOffset: -1,
        records: NO_RECORDS,
      });
      continue;
    }
    const l = node.durable.logs.get(key)!;
    const leo = logEndOffset(l);
    if (part.fetchOffset < l.logStartOffset || part.fetchOffset > leo) {
      errors++;
      results.push({
        topic: part.topic,
        partition: part.partition,
        error: "OFFSET_OUT_OF_RANGE",
        highWatermark: p.highWatermark,
        logStartOffset: l.logStartOffset,
        records: NO_RECORDS,
      });
      continue;
    }
    if (updateState && body.replicaId >= 0) updateFollowerFetchState(w, node, p, body.replicaId, part.fetchOffset);
    // Consumers read only below the high watermark; followers read to the log end.
    const upTo = Math.min(body.replicaId >= 0 ? leo : p.highWatermark, part.fetchOffset + body.maxRecords);
    const records = upTo > part.fetchOffset ? readRecords(l, part.fetchOffset, upTo) : NO_RECORDS;
    total += records.length;
    results.push({
      topic: part.topic,
      partition: part.partition,
      error: null,
      highWatermark: p.highWatermark,
      logStartOffset: l.logStartOffset,
      records,
    });
  }
  return { results, total, errors };
}

/** Complete parked fetches that now have data: followers after an append, consumers after the HW moves. */
export function tryCompleteDelayedFetches(w: World, node: BrokerNode, key: string, followers: boolean): void {
  const v = vol(node);
  const parked = v.delayedFetches;
  let kept = 0;
  for (let i = 0; i < parked.length; i++) {
    const d = parked[i];
    const done =
      d.request.replicaId >= 0 === followers &&
      d.keys.includes(key) &&
      hasNewData(v, node, d.request) &&
      completeDelayedFetch(w, node, d, false);
    if (!done) parked[kept++] = d;
  }
  parked.length = kept;
}

/** Could the fetch return records now? A cheap look before building a response (DelayedFetch.tryComplete). */
function hasNewData(v: ReturnType<typeof vol>, node: BrokerNode, req: FetchBody): boolean {
  for (const part of req.partitions) {
    const key = tpKey(part.topic, part.partition);
    const p = v.partitions.get(key);
    if (p === undefined || p.role !== "leader") continue;
    const upTo = req.replicaId >= 0 ? logEndOffset(node.durable.logs.get(key)!) : p.highWatermark;
    if (upTo > part.fetchOffset) return true;
  }
  return false;
}

/** Answer a parked fetch with what it can read now; with `always` false, only if that is some records. */
function completeDelayedFetch(w: World, node: BrokerNode, d: DelayedFetch, always: boolean): boolean {
  const { results, total } = readForFetch(w, node, d.request, false);
  if (total === 0 && !always) return false;
  respondFetch(w, node, d.from, d.msgId, d.request, results);
  return true;
}

/** fetch.max.wait.ms / replica.fetch.wait.max.ms ran out: answer the parked fetches that expired, with what there is. */
export function onDelayedFetchTimer(w: World, node: BrokerNode): void {
  const v = vol(node);
  const expired = v.delayedFetches.filter((d) => d.expiresAt <= w.now);
  v.delayedFetches = v.delayedFetches.filter((d) => d.expiresAt > w.now);
  for (const d of expired) completeDelayedFetch(w, node, d, true);
  let next = Number.POSITIVE_INFINITY;
  for (const d of v.delayedFetches) next = Math.min(next, d.expiresAt);
  if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "delayedFetch", next);
}

/** Replica.updateFetchState: a follower is caught up if it reached the leader's LEO now or at its previous fetch. */
function updateFollowerFetchState(
  w: World,
  node: BrokerNode,
  p: PartitionReplica,
  replicaId: number,
  fetchOffset: number,
): void {
  const f = p.followers.get(replicaId);
  if (f === undefined) return;
  const leaderLeo = logEndOffset(log(node, p));
  if (fetchOffset >= leaderLeo) f.lastCaughtUpTimeMs = w.now;
  else if (fetchOffset >= f.lastFetchLeaderLogEndOffset)
    f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, f.lastFetchTimeMs);
  f.logEndOffset = fetchOffset;
  f.lastFetchLeaderLogEndOffset = leaderLeo;
  f.lastFetchTimeMs = w.now;
  // ISR expansion (Partition.maybeExpandIsr): caught up to the HW and to the start of this leader's epoch.
  if (
    !p.isr.includes(replicaId) &&
    p.pendingIsr === null &&
    fetchOffset >= p.highWatermark &&
    fetchOffset >= p.leaderEpochStartOffset
  ) {
    proposeIsr(w, node, p, [...p.isr, replicaId]);
  }
  maybeIncrementLeaderHW(w, node, p);
}

/** HW = the smallest LEO across the maximal ISR (the ISR plus a pending change, KIP-497). */
export function maybeIncrementLeaderHW(w: World, node: BrokerNode, p: PartitionReplica): void {
  const l = log(node, p);
  const me = node.durable.id;
  let hw = logEndOffset(l);
  for (const r of p.isr) if (r !== me) hw = Math.min(hw, p.followers.get(r)?.logEndOffset ?? -1);
  if (p.pendingIsr !== null)
    for (const r of p.pendingIsr) if (r !== me) hw = Math.min(hw, p.followers.get(r)?.logEndOffset ?? -1);
  if (hw <= p.highWatermark) return;
  p.highWatermark = hw;
  l.highWatermarkCheckpoint = hw;
  const key = p.key;
  completeDelayedProduces(w, node, key);
  tryCompleteDelayedFetches(w, node, key, false);
}

function sameMembers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Partition.maybeShrinkIsr: drop followers not caught up for replica.lag.time.max.ms. */
export function onIsrExpiration(w: World, node: BrokerNode): void {
  const v = vol(node);
  const lagMax = w.config.broker["replica.lag.time.max.ms"];
  for (const p of v.partitions.values()) {
    if (p.role !== "leader" || p.pendingIsr !== null) continue;
    const outOfSync = p.isr.filter(
      (r) => r !== node.durable.id && w.now - (p.followers.get(r)?.lastCaughtUpTimeMs ?? 0) > lagMax,
    );
    if (outOfSync.length > 0)
      proposeIsr(
        w,
        node,
        p,
        p.isr.filter((r) => !outOfSync.includes(r)),
      );
  }
}

/** AlterPartition (KIP-497): the leader asks the controller to commit a new ISR. */
function proposeIsr(w: World, node: BrokerNode, p: PartitionReplica, newIsr: number[]): void {
  if (vol(node).controllerId < 0) return;
  p.pendingIsr = newIsr;
  sendAlterPartition(w, node, p, newIsr);
}

function sendAlterPartition(w: World, node: BrokerNode, p: PartitionReplica, newIsr: number[]): void {
  const v = vol(node);
  if (v.controllerId >= 0)
    send(w, node.id, brokerNodeId(v.controllerId), "controller", "AlterPartition", {
      brokerId: node.durable.id,
      topic: p.topic,
      partition: p.partition,
      leaderEpoch: p.leaderEpoch,
      newIsr,
      partitionEpoch: p.partitionEpoch,
    });
  setTimer(w, node, w.config.broker["request.timeout.ms"], "alterPartition.timeout", {
    key: p.key,
    partitionEpoch: p.partitionEpoch,
  });
}

/**
 * No answer: the controller may or may not have committed the change, so the maximal ISR stays in
 * force and the same request is sent again (AlterPartitionManager retries until answered).
 */
export function onAlterPartitionTimeout(
  w: World,
  node: BrokerNode,
  data: { key: string; partitionEpoch: number },
): void {
  const p = vol(node).partitions.get(data.key);
  if (p === undefined || p.role !== "leader" || p.pendingIsr === null || p.partitionEpoch !== data.partitionEpoch)
    return;
  sendAlterPartition(w, node, p, p.pendingIsr);
}

export function onAlterPartitionResponse(w: World, node: BrokerNode, msg: Message): void {
  const body = msg.body as {
    topic: string;
    partition: number;
    error: string | null;
    leaderEpoch: number;
    isr: number[];
    partitionEpoch: number;
    requested?: number[];
  };
  const p = vol(node).partitions.get(tpKey(body.topic, body.partition));
  if (p === undefined || p.role !== "leader" || p.pendingIsr === null) return;
  // An answer to another (earlier) proposal than the one pending says nothing about this one.
  if (body.requested !== undefined && !sameMembers(body.requested, p.pendingIsr)) return;
  if (body.error === null) {
    if (body.leaderEpoch !== p.leaderEpoch) return;
    p.pendingIsr = null;
    p.isr = body.isr;
    p.partitionEpoch = body.partitionEpoch;
    maybeIncrementLeaderHW(w, node, p);
  } else if (body.error === "INELIGIBLE_REPLICA") {
    // The controller states the change was not applied: back to the committed ISR (Partition.handleAlterPartitionError).
    p.pendingIsr = null;
  }
  // FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, ...: the change may have happened; stay pending (the maximal
  // ISR keeps counting for the HW) until a LeaderAndIsr brings the controller's state. NOT_CONTROLLER: retried.
}

export function handleOffsetsForLeaderEpoch(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  const body = msg.body as {
    partitions: { topic: string; partition: number; currentLeaderEpoch: number; leaderEpoch: number }[];
  };
  const partitions = body.partitions.map((q) => {
    const p = v.partitions.get(tpKey(q.topic, q.partition));
    if (p === undefined || p.role !== "leader")
      return { ...q, error: "NOT_LEADER_OR_FOLLOWER", epoch: -1, endOffset: -1 };
    // Partition.checkCurrentLeaderEpoch: an older epoch is fenced; a newer one means this leader has not heard yet.
    if (q.currentLeaderEpoch < p.leaderEpoch) return { ...q, error: "FENCED_LEADER_EPOCH", epoch: -1, endOffset: -1 };
    if (q.currentLeaderEpoch > p.leaderEpoch) return { ...q, error: "UNKNOWN_LEADER_EPOCH", epoch: -1, endOffset: -1 };
    const e = endOffsetForEpoch(log(node, p), q.leaderEpoch);
    return { ...q, error: null, epoch: e.epoch, endOffset: e.startOffset };
  });
  send(w, node.id, msg.from, "replication", "OffsetsForLeaderEpochResponse", { partitions });
}

/** KIP-279: truncate to the smaller of the leader's end offset for the epoch and our own end of that epoch. */
export function handleOffsetsForLeaderEpochResponse(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  const leader = brokerIdOf(msg.from);
  const body = msg.body as {
    partitions: {
      topic: string;
      partition: number;
      currentLeaderEpoch: number;
      error: string | null;
      epoch: number;
      endOffset: number;
    }[];
  };
  for (const r of body.partitions) {
    const key = tpKey(r.topic, r.partition);
    const p = v.partitions.get(key);
    if (
      p === undefined ||
      p.role !== "follower" ||
      p.leader !== leader ||
      p.leaderEpoch !== r.currentLeaderEpoch ||
      !p.truncating
    )
      continue;
    if (r.error !== null) {
      setTimer(w, node, w.config.broker["replica.fetch.backoff.ms"], "follower.retry", key);
      continue;
    }
    const l = log(node, p);
    const mine = r.epoch < 0 ? null : endOffsetForEpoch(l, r.epoch);
    if (mine !== null && mine.epoch >= 0 && mine.epoch !== r.epoch) {
      // The leader answered with an epoch this replica never had: truncate to the end of our own
      // earlier epoch and ask again (AbstractFetcherThread.getOffsetTruncationState, KIP-279).
      truncate(w, node, p, Math.min(mine.startOffset, logEndOffset(l)));
      onFollowerRetry(w, node, key);
      continue;
    }
    const target =
      mine === null
        ? p.highWatermark
        : Math.min(r.endOffset, mine.epoch < 0 ? r.endOffset : mine.startOffset, logEndOffset(l));
    truncate(w, node, p, target);
    p.truncating = false;
  }
  ensureFetching(w, node, leader);
}

export function truncate(w: World, node: BrokerNode, p: PartitionReplica, offset: number): void {
  const l = log(node, p);
  const removed = truncateTo(l, offset);
  if (removed.length === 0) return;
  rebuildProducerState(l);
  p.highWatermark = Math.min(p.highWatermark, logEndOffset(l));
  emit(w, {
    t: w.now,
    type: "log.truncated",
    broker: node.durable.id,
    topic: p.topic,
    partition: p.partition,
    toOffset: offset,
    removed: removed.map((r) => ({ offset: r.offset, id: r.id })),
  });
  onTruncated(w, p.key, removed);
}

export function onFollowerRetry(w: World, node: BrokerNode, key: string): void {
  const p = vol(node).partitions.get(key);
  if (p === undefined || p.role !== "follower" || !p.truncating) return;
  const l = log(node, p);
  send(w, node.id, brokerNodeId(p.leader), "replication", "OffsetsForLeaderEpoch", {
    replicaId: node.durable.id,
    partitions: [
      {
        topic: p.topic,
        partition: p.partition,
        currentLeaderEpoch: p.leaderEpoch,
        leaderEpoch: l.epochCache.at(-1)?.epoch ?? -1,
      },
    ],
  });
}

// ---- follower side ----

/** One fetcher per source broker: a single Fetch carries every partition followed from it. */
export function ensureFetching(w: World, node: BrokerNode, leader: number): void {
  const v = vol(node);
  if (leader < 0 || leader === node.durable.id) return;
  let f = v.fetchers.get(leader);
  if (f === undefined) v.fetchers.set(leader, (f = { inFlight: false, msgId: 0, sentAt: 0 }));
  if (f.inFlight) return;
  const partitions: FetchPartition[] = [];
  for (const p of v.partitions.values()) {
    if (p.role === "follower" && p.leader === leader && !p.truncating) {
      partitions.push({
        topic: p.topic,
        partition: p.partition,
        fetchOffset: logEndOffset(log(node, p)),
        leaderEpoch: p.leaderEpoch,
      });
    }
  }
  if (partitions.length === 0) return;
  const cfg = w.config.broker;
  const msg = send<FetchBody>(w, node.id, brokerNodeId(leader), "replication", "Fetch", {
    replicaId: node.durable.id,
    maxWaitMs: cfg["replica.fetch.wait.max.ms"],
    maxRecords: cfg["replica.fetch.max.records"],
    partitions,
  });
  f.inFlight = true;
  f.msgId = msg.id;
  f.sentAt = w.now;
  armTimer(w, node, "fetch.timeout", w.now + cfg["replica.socket.timeout.ms"]);
}

export function handleFetchResponse(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  const leader = brokerIdOf(msg.from);
  const body = msg.body as FetchResponseBody;
  const f = v.fetchers.get(leader);
  if (f === undefined || f.msgId !== body.requestId) return;
  f.inFlight = false;
  let failed = 0;
  for (const r of body.partitions) {
    const p = v.partitions.get(tpKey(r.topic, r.partition));
    if (p === undefined || p.role !== "follower" || p.leader !== leader || p.truncating) continue;
    const l = log(node, p);
    if (r.error === "OFFSET_OUT_OF_RANGE") {
      outOfRange(w, node, p, r);
      continue;
    }
    if (r.error !== null) {
      failed++;
      continue;
    }
    if (r.records.length > 0) {
      // The topic's segment size, as on the leader (LogConfig is per topic), so replicas roll segments alike.
      const segmentRecords = topicSetting(w.config, topicSpecOf(w, p.topic), "segment.records");
      for (const record of r.records) {
        if (record.offset === logEndOffset(l)) append(l, record, segmentRecords, w.now);
      }
    }
    p.highWatermark = Math.max(p.highWatermark, Math.min(logEndOffset(l), r.highWatermark));
    l.highWatermarkCheckpoint = p.highWatermark;
    if (p.highWatermark > logEndOffset(l))
      violation(w, "HW ≤ LEO on every replica", `${p.key} on broker ${node.durable.id}`);
  }
  if (failed > 0 && failed === body.partitions.length) {
    setTimer(w, node, w.config.broker["replica.fetch.backoff.ms"], "fetch.backoff", leader);
  } else {
    ensureFetching(w, node, leader);
  }
}

/**
 * AbstractFetcherThread.handleOutOfRangeError: behind the leader's log start (retention
 * deleted what we need) → truncateFullyAndStartAt(leader's log start); ahead of the
 * leader's log → truncate again through OffsetsForLeaderEpoch.
 */
function outOfRange(w: World, node: BrokerNode, p: PartitionReplica, r: FetchResult): void {
  const l = log(node, p);
  if (r.logStartOffset >= 0 && logEndOffset(l) < r.logStartOffset) {
    const removed = truncateFullyAndStartAt(l, r.logStartOffset, w.now);
    rebuildProducerState(l);
    p.highWatermark = r.logStartOffset;
    emit(w, {
      t: w.now,
      type: "log.truncated",
      broker: node.durable.id,
      topic: p.topic,
      partition: p.partition,
      toOffset: r.logStartOffset,
      removed: removed.map((x) => ({ offset: x.offset, id: x.id })),
    });
    return;
  }
  p.truncating = true;
  setTimer(w, node, w.config.broker["replica.fetch.backoff.ms"], "follower.retry", p.key);
}

/** replica.socket.timeout.ms without an answer: the fetcher gives up on that request and fetches again. */
export function onFetchTimeout(w: World, node: BrokerNode): void {
  const timeout = w.config.broker["replica.socket.timeout.ms"];
  let next = Number.POSITIVE_INFINITY;
  for (const [leader, f] of vol(node).fetchers) {
    if (!f.inFlight) continue;
    if (f.sentAt + timeout <= w.now) {
      f.inFlight = false;
      ensureFetching(w, node, leader);
    } else next = Math.min(next, f.sentAt + timeout);
  }
  if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "fetch.timeout", next);
}

function topicSpecOf(w: World, topic: string) {
  return w.config.topics.find((t) => t.name === topic);
}

export function onRetentionCheck(w: World, node: BrokerNode): void {
  const v = vol(node);
  for (const p of v.partitions.values()) {
    const l = log(node, p);
    const spec = w.config.topics.find((t) => t.name === p.topic);
    const deleted = applyRetention(
      l,
      w.now,
      topicSetting(w.config, spec, "retention.ms"),
      topicSetting(w.config, spec, "retention.bytes"),
      p.highWatermark,
    );
    if (deleted) {
      emit(w, {
        t: w.now,
        type: "retention.deleted",
        broker: node.durable.id,
        topic: p.topic,
        partition: p.partition,
        logStartOffset: l.logStartOffset,
      });
    }
  }
}
