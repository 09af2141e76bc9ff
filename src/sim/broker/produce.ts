import { topicSetting } from "../config";
import { armTimer, send } from "../core/engine";
import type { Message } from "../core/network";
import { onInternalAppendDone } from "../group/coordinator";
import { onAcked } from "../monitor";
import { type BrokerNode, tpKey, type World } from "../world";
import { vol } from "./broker";
import { append, logEndOffset, readRecords } from "./log";
import { maybeIncrementLeaderHW, tryCompleteDelayedFetches } from "./replication";
import type { DelayedProduce, LogRecord, PartitionLog } from "./types";

/**
 * The produce path on the leader (ReplicaManager.appendRecords, DelayedProduce):
 * acks 0 / 1 / all, min.insync.replicas, idempotent sequence checks.
 */
export interface ProduceRecord {
  id: string;
  /** The producer's running record number (`id` is "<producer>:<n>"), or -1 for records written by tests or tools. */
  n: number;
  key: string | null;
  value: string;
  timestamp: number;
}

export interface ProduceBody {
  correlationId: number;
  producer: string;
  /** 0, 1 or -1 (all). */
  acks: number;
  timeoutMs: number;
  topic: string;
  partition: number;
  records: ProduceRecord[];
  producerId?: number;
  baseSequence?: number;
}

export interface ProduceResponseBody {
  correlationId: number;
  topic: string;
  partition: number;
  error: string | null;
  baseOffset: number;
}

function respond(w: World, node: BrokerNode, to: string, body: ProduceResponseBody): void {
  send<ProduceResponseBody>(w, node.id, to, "produce", "ProduceResponse", body);
}

export function handleProduce(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  const req = msg.body as ProduceBody;
  const key = tpKey(req.topic, req.partition);
  const p = v.partitions.get(key);
  const reply = (error: string | null, baseOffset = -1) => {
    if (req.acks !== 0)
      respond(w, node, msg.from, {
        correlationId: req.correlationId,
        topic: req.topic,
        partition: req.partition,
        error,
        baseOffset,
      });
  };
  if (p === undefined || p.role !== "leader") {
    reply("NOT_LEADER_OR_FOLLOWER");
    return;
  }
  const spec = w.config.topics.find((t) => t.name === req.topic);
  const minIsr = topicSetting(w.config, spec, "min.insync.replicas");
  if (req.acks === -1 && p.isr.length < minIsr) {
    reply("NOT_ENOUGH_REPLICAS");
    return;
  }
  const log = node.durable.logs.get(key)!;
  if (req.producerId !== undefined && req.baseSequence !== undefined) {
    const last = log.producerState.get(req.producerId);
    const expected = last === undefined ? 0 : last.lastSequence + 1;
    // A retried batch already in the log is not written again (DUPLICATE_SEQUENCE_NUMBER); with
    // acks=all its answer still waits until the HW passes the original (DelayedProduce).
    if (last !== undefined && req.baseSequence + req.records.length - 1 <= last.lastSequence) {
      const original = last.lastOffset - (last.lastSequence - req.baseSequence);
      if (req.acks === -1 && p.highWatermark < original + req.records.length) {
        park(w, node, msg.from, req, original);
        return;
      }
      reply(null, original);
      return;
    }
    if (req.baseSequence !== expected) {
      reply("OUT_OF_ORDER_SEQUENCE_NUMBER");
      return;
    }
  }
  const baseOffset = logEndOffset(log);
  const segmentRecords = topicSetting(w.config, spec, "segment.records");
  req.records.forEach((r, i) => {
    const idempotent = req.producerId !== undefined && req.baseSequence !== undefined;
    // Every record gets the same fields, idempotent or not: one object shape on the hot path.
    const record: LogRecord = {
      offset: baseOffset + i,
      leaderEpoch: p.leaderEpoch,
      id: r.id,
      n: r.n,
      key: r.key,
      value: r.value,
      producer: req.producer,
      timestamp: r.timestamp,
      producerId: idempotent ? req.producerId : undefined,
      sequence: idempotent ? (req.baseSequence as number) + i : undefined,
    };
    append(log, record, segmentRecords, w.now);
  });
  tryCompleteDelayedFetches(w, node, key, true);
  if (req.acks === 0) return;
  if (req.acks === 1) {
    onAcked(w, key, readRecords(log, baseOffset), "1");
    reply(null, baseOffset);
    return;
  }
  park(w, node, msg.from, req, baseOffset);
  maybeIncrementLeaderHW(w, node, p);
}

/** Hold an acks=all answer until the HW passes the batch or request.timeout.ms runs out. */
function park(w: World, node: BrokerNode, from: string, req: ProduceBody, baseOffset: number): void {
  vol(node).delayedProduces.push({
    from,
    correlationId: req.correlationId,
    topic: req.topic,
    partition: req.partition,
    requiredOffset: baseOffset + req.records.length,
    baseOffset,
    count: req.records.length,
    expiresAt: w.now + req.timeoutMs,
  });
  armTimer(w, node, "delayedProduce", w.now + req.timeoutMs);
}

/** DelayedProduce completes once the HW passes the batch (checkEnoughReplicasReachOffset). */
export function completeDelayedProduces(w: World, node: BrokerNode, key: string): void {
  const p = vol(node).partitions.get(key);
  const leader = p !== undefined && p.role === "leader";
  settleDelayedProduces(w, node, (d) => {
    if (tpKey(d.topic, d.partition) !== key) return undefined;
    if (!leader) return "NOT_LEADER_OR_FOLLOWER";
    if (p.highWatermark < d.requiredOffset) return undefined;
    const minIsr = topicSetting(w.config, topicSpec(w, d.topic), "min.insync.replicas");
    return p.isr.length >= minIsr ? null : "NOT_ENOUGH_REPLICAS_AFTER_APPEND";
  });
}

/**
 * Finish the parked produces for which `outcome` gives an answer (null: success, a string: the
 * error; undefined: keep waiting). The purgatory is updated before any is answered, so an answer
 * that parks a new produce (the coordinator's appends chain) is not lost.
 */
function settleDelayedProduces(
  w: World,
  node: BrokerNode,
  outcome: (d: DelayedProduce) => string | null | undefined,
): void {
  const v = vol(node);
  let done: [DelayedProduce, string | null][] | null = null;
  let kept = 0;
  const parked = v.delayedProduces;
  for (let i = 0; i < parked.length; i++) {
    const d = parked[i];
    const result = outcome(d);
    if (result === undefined) parked[kept++] = d;
    else (done ??= []).push([d, result]);
  }
  if (done === null) return;
  parked.length = kept;
  for (const [d, error] of done) finish(w, node, d, error);
}

function topicSpec(w: World, topic: string) {
  return w.config.topics.find((t) => t.name === topic);
}

function finish(w: World, node: BrokerNode, d: DelayedProduce, error: string | null): void {
  if (d.internal !== undefined) {
    onInternalAppendDone(w, node, d.internal, error);
    return;
  }
  if (error === null) {
    const log = node.durable.logs.get(tpKey(d.topic, d.partition))!;
    onAcked(w, tpKey(d.topic, d.partition), readRecords(log, d.baseOffset, d.baseOffset + d.count), "all");
  }
  respond(w, node, d.from, {
    correlationId: d.correlationId,
    topic: d.topic,
    partition: d.partition,
    error,
    baseOffset: error === null ? d.baseOffset : -1,
  });
}

export function failDelayedProduces(w: World, node: BrokerNode, key: string, error: string): void {
  settleDelayedProduces(w, node, (d) => (tpKey(d.topic, d.partition) === key ? error : undefined));
}

export function onDelayedProduceTimer(w: World, node: BrokerNode): void {
  settleDelayedProduces(w, node, (d) => (d.expiresAt > w.now ? undefined : "REQUEST_TIMED_OUT"));
  let next = Number.POSITIVE_INFINITY;
  for (const d of vol(node).delayedProduces) next = Math.min(next, d.expiresAt);
  if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "delayedProduce", next);
}

/** After a truncation, rebuild the producer state from what is left (ProducerStateManager reload). */
export function rebuildProducerState(log: PartitionLog): void {
  log.producerState.clear();
  for (const r of readRecords(log, log.logStartOffset)) {
    if (r.producerId !== undefined && r.sequence !== undefined)
      log.producerState.set(r.producerId, { lastSequence: r.sequence, lastOffset: r.offset });
  }
}
