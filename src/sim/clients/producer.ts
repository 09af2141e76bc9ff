import type { ProduceBody, ProduceRecord, ProduceResponseBody } from "../broker/produce";
import { type ProducerConfig, type ProducerSpec, producerConfig } from "../config";
import { armTimer, emit, type NodeState, nodeStream, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { hashString } from "../core/rng";
import type { World } from "../world";
import { brokerIdOf, brokerNodeId } from "../world";
import {
  type AccumulatorState,
  append,
  choosePartition,
  createAccumulator,
  isFull,
  keyFor,
  type PartitionChoice,
  type ProducerBatch,
  readyAt,
} from "./accumulator";
import {
  availablePartitions,
  type ClientMetadata,
  createClientMetadata,
  leaderOf,
  METADATA_TIMERS,
  type MetadataResponseBody,
  numPartitions,
  onMetadataConnectionReset,
  onMetadataResponse,
  onMetadataTimer,
  requestMetadataUpdate,
} from "./metadata";

/**
 * A producer application and its KafkaProducer: it makes records at a fixed
 * rate, partitions them (explicit, murmur2 of the key, or sticky/round-robin
 * for null keys), batches them per partition (RecordAccumulator), and a
 * Sender sends each ready batch to its partition's leader, with acks,
 * request.timeout.ms, retries and delivery.timeout.ms, and idempotence.
 */
export interface ProducerDurable {
  spec: ProducerSpec;
  /**
   * The simulator's record counter, so record ids (`${node}:${n}`) stay
   * unique across a crash; not Kafka state. Everything else is lost on a crash.
   */
  recordsCreated: number;
  /** How many producer ids this node has taken (each life and each epoch bump takes a new one). */
  producerIdsTaken: number;
}

export interface LastKeyView {
  key: string | null;
  hash: number | null;
  partition: number;
  how: PartitionChoice;
}

export interface ProducerVolatile {
  /** -1 without idempotence. */
  producerId: number;
  md: ClientMetadata;
  acc: AccumulatorState;
  /** Idempotence: the next sequence number per partition. */
  nextSequence: Map<number, number>;
  /** When the application makes its next record; fractional, so any rate spaces records evenly. */
  nextRecordAt: number;
  generating: boolean;
  correlationId: number;
  sent: number;
  acked: number;
  failed: number;
  retries: number;
  lastKey: LastKeyView | null;
}

export type ProducerNode = NodeState<"producer", ProducerDurable, ProducerVolatile>;

/** Errors the Java client retries (RetriableException subclasses) that the simulated broker returns. */
const RETRIABLE = new Set([
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_ENOUGH_REPLICAS",
  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
  "REQUEST_TIMED_OUT",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "NETWORK_EXCEPTION",
]);

/** Errors after which the client refreshes metadata (Sender.completeBatch: InvalidMetadataException, disconnects). */
const REFRESH_METADATA = new Set(["NOT_LEADER_OR_FOLLOWER", "UNKNOWN_TOPIC_OR_PARTITION", "NETWORK_EXCEPTION"]);

export function createProducerNode(spec: ProducerSpec): ProducerNode {
  return {
    id: spec.id,
    kind: "producer",
    up: false,
    incarnation: 0,
    durable: { spec: structuredClone(spec), recordsCreated: 0, producerIdsTaken: 0 },
    volatile: null,
  };
}

export function producerSettings(node: ProducerNode): ProducerConfig {
  return producerConfig(node.durable.spec);
}

/**
 * Idempotence needs acks=all: Kafka 3.x turns it off when acks is set
 * otherwise and enable.idempotence is left at its default (ProducerConfig.postProcessAndValidateIdempotenceConfigs).
 */
export function idempotent(cfg: ProducerConfig): boolean {
  return cfg["enable.idempotence"] && cfg.acks === "all";
}

function vol(node: ProducerNode): ProducerVolatile {
  return node.volatile as ProducerVolatile;
}

/**
 * Kafka hands out producer ids from blocks it keeps in ZooKeeper
 * (/latest_producer_id_block, via InitProducerId); the simulator derives one
 * from the node id and a counter instead, which is unique and needs no round trip.
 */
function takeProducerId(node: ProducerNode): number {
  return (hashString(node.id) % 1_000_000) * 1000 + node.durable.producerIdsTaken++;
}

export const producerBehaviour = {
  start(w: World, node: ProducerNode): void {
    const spec = node.durable.spec;
    const cfg = producerSettings(node);
    const bootstrap = spec.bootstrap ?? Array.from({ length: w.config.brokers }, (_, i) => i + 1);
    node.volatile = {
      producerId: idempotent(cfg) ? takeProducerId(node) : -1,
      md: createClientMetadata(spec.topic, bootstrap, cfg),
      acc: createAccumulator(),
      nextSequence: new Map(),
      nextRecordAt: w.now,
      generating: false,
      correlationId: 1,
      sent: 0,
      acked: 0,
      failed: 0,
      retries: 0,
      lastKey: null,
    };
    emit(w, { t: w.now, type: "node.started", node: node.id });
    const v = vol(node);
    requestMetadataUpdate(w, node, v.md);
    setTimer(w, node, cfg["metadata.max.age.ms"], "metadata.maxAge");
  },

  message(w: World, node: ProducerNode, msg: Message): void {
    const v = vol(node);
    switch (msg.type) {
      case "MetadataResponse":
        if (onMetadataResponse(w, node, v.md, msg.body as MetadataResponseBody)) {
          // KafkaProducer.send blocks (max.block.ms) until the topic's metadata is known; then the app goes on.
          if (!v.generating && numPartitions(v.md) > 0) {
            v.generating = true;
            v.nextRecordAt = Math.max(v.nextRecordAt, w.now);
            generate(w, node);
          }
          drain(w, node);
        }
        return;
      case "ProduceResponse":
        onProduceResponse(w, node, msg.body as ProduceResponseBody);
        return;
    }
  },

  timer(w: World, node: ProducerNode, name: string, data: unknown): void {
    const v = vol(node);
    if ((METADATA_TIMERS as readonly string[]).includes(name)) {
      onMetadataTimer(w, node, v.md, name, data);
      return;
    }
    switch (name) {
      case "generate":
        generate(w, node);
        return;
      case "sender":
        drain(w, node);
        return;
      case "request.timeout":
        onRequestTimeouts(w, node);
        return;
      case "delivery.timeout":
        onDeliveryTimeouts(w, node);
        return;
    }
  },

  crashed(w: World, node: ProducerNode): void {
    emit(w, { t: w.now, type: "node.crashed", node: node.id });
  },

  /** The broker is down: NetworkClient sees the disconnect and fails what was in flight on it. */
  connectionReset(w: World, node: ProducerNode, msg: Message): void {
    const v = vol(node);
    if (msg.type === "Produce") {
      onRequestTimeout(w, node, {
        correlationId: (msg.body as { correlationId: number }).correlationId,
        broker: brokerIdOf(msg.to),
      });
      requestMetadataUpdate(w, node, v.md);
    } else {
      onMetadataConnectionReset(w, node, v.md, msg);
    }
  },
};

// ---- the application: make records at the configured rate ----

function generate(w: World, node: ProducerNode): void {
  const v = vol(node);
  const spec = node.durable.spec;
  if (spec.rate <= 0) return;
  const interval = 1000 / spec.rate;
  const cfg = producerSettings(node);
  let sendable = false;
  while (v.nextRecordAt <= w.now) {
    if (spec.count !== undefined && node.durable.recordsCreated >= spec.count) break;
    if (produceOne(w, node, cfg)) sendable = true;
    v.nextRecordAt += interval;
  }
  if (spec.count === undefined || node.durable.recordsCreated < spec.count)
    setTimer(w, node, Math.ceil(v.nextRecordAt) - w.now, "generate");
  // Lingering batches are sent when the sender timer armed at their creation fires.
  if (sendable) drain(w, node);
}

const NO_PARTITIONS: number[] = [];

/** "<producer>:", built once per producer: a record id is this plus its number (less to allocate per record). */
const idPrefixes = new Map<string, string>();
function idPrefix(producer: string): string {
  let prefix = idPrefixes.get(producer);
  if (prefix === undefined) idPrefixes.set(producer, (prefix = `${producer}:`));
  return prefix;
}

/**
 * KafkaProducer.send: partition the record and append it to its batch.
 * Returns whether a batch became sendable now (full, a newer batch behind the
 * head, or no linger): the sender should run.
 */
function produceOne(w: World, node: ProducerNode, cfg: ProducerConfig): boolean {
  const v = vol(node);
  const spec = node.durable.spec;
  const n = node.durable.recordsCreated++;
  const key = keyFor(spec.keys, spec.keyPattern, n);
  const record: ProduceRecord = { id: idPrefix(node.id) + n, n, key, value: `v${n}`, timestamp: w.now };
  const all = numPartitions(v.md);
  const explicit = spec.partition !== undefined && spec.partition < all ? spec.partition : undefined;
  // Only the partitioners for records without a key look at which partitions have a leader.
  const available = key === null && explicit === undefined ? availablePartitions(v.md) : NO_PARTITIONS;
  const rng = nodeStream(w, "partitioner", node.id);
  const placement = choosePartition(v.acc, rng, key, explicit, cfg.partitioner, all, available);
  const last = v.lastKey;
  if (last === null) v.lastKey = { key, hash: placement.hash, partition: placement.partition, how: placement.how };
  else {
    last.key = key;
    last.hash = placement.hash;
    last.partition = placement.partition;
    last.how = placement.how;
  }
  v.sent++;
  const { batch, created } = append(v.acc, rng, record, placement, w.now, cfg["batch.size"], all, available);
  if (created) {
    armTimer(w, node, "sender", w.now + cfg["linger.ms"]);
    armTimer(w, node, "delivery.timeout", batch.createdAt + cfg["delivery.timeout.ms"]);
  }
  const deque = v.acc.batches.get(batch.partition)!;
  return cfg["linger.ms"] === 0 || deque.length > 1 || isFull(batch, cfg["batch.size"]);
}

// ---- the Sender: drain ready batches to their leaders ----

function inFlightTo(v: ProducerVolatile, broker: number): number {
  let n = 0;
  v.acc.batches.forEach((deque) => {
    if (deque[0]?.inFlight?.broker === broker) n++;
  });
  return n;
}

/**
 * Sender.sendProducerData: for each partition whose head batch is ready and
 * whose leader is known, send it. One batch per partition is in flight at a
 * time (Kafka pipelines up to max.in.flight.requests.per.connection per
 * broker and, with idempotence, re-sequences on retry; the simulator keeps
 * per-partition order the simple way), and at most max.in.flight per broker.
 */
function drain(w: World, node: ProducerNode): void {
  const v = vol(node);
  const cfg = producerSettings(node);
  let unknownLeader = false;
  let nextReady = Number.POSITIVE_INFINITY;
  v.acc.batches.forEach((deque, partition) => {
    const at = readyAt(deque, cfg["linger.ms"], cfg["retry.backoff.ms"], cfg["batch.size"]);
    if (at === null) return;
    const leader = leaderOf(v.md, partition);
    if (leader < 0) {
      unknownLeader = true;
      return;
    }
    // Not ready yet (linger.ms or retry.backoff.ms): the sender wakes up again when the first one is.
    if (at > w.now) {
      nextReady = Math.min(nextReady, at);
      return;
    }
    if (inFlightTo(v, leader) >= cfg["max.in.flight.requests.per.connection"]) return;
    sendBatch(w, node, deque[0], leader, cfg);
  });
  if (nextReady < Number.POSITIVE_INFINITY) armTimer(w, node, "sender", nextReady);
  if (unknownLeader) requestMetadataUpdate(w, node, v.md);
}

function sendBatch(w: World, node: ProducerNode, batch: ProducerBatch, leader: number, cfg: ProducerConfig): void {
  const v = vol(node);
  const spec = node.durable.spec;
  batch.closed = true;
  batch.attempts++;
  batch.lastAttemptAt = w.now;
  if (batch.attempts > 1) v.retries++;
  if (idempotent(cfg) && batch.baseSequence === null) {
    if (v.producerId < 0) v.producerId = takeProducerId(node);
    // Sequences are assigned when a batch is first drained and kept on every retry (TransactionManager).
    const seq = v.nextSequence.get(batch.partition) ?? 0;
    batch.producerId = v.producerId;
    batch.baseSequence = seq;
    v.nextSequence.set(batch.partition, seq + batch.records.length);
  }
  const correlationId = v.correlationId++;
  const acks = cfg.acks === "all" ? -1 : Number(cfg.acks);
  const body: ProduceBody = {
    correlationId,
    producer: node.id,
    acks,
    timeoutMs: cfg["request.timeout.ms"],
    topic: spec.topic,
    partition: batch.partition,
    records: batch.records,
  };
  if (batch.producerId !== null && batch.baseSequence !== null) {
    body.producerId = batch.producerId;
    body.baseSequence = batch.baseSequence;
  }
  send(w, node.id, brokerNodeId(leader), "produce", "Produce", body);
  emit(w, {
    t: w.now,
    type: "produce.sent",
    producer: node.id,
    topic: spec.topic,
    partition: batch.partition,
    broker: leader,
    count: batch.records.length,
    attempt: batch.attempts,
    firstId: batch.records[0].id,
    baseSequence: batch.baseSequence ?? -1,
  });
  if (acks === 0) {
    // acks=0: the batch is done once it is on the wire; no response will come (offset unknown, -1).
    complete(w, node, batch, -1, "0");
    return;
  }
  batch.inFlight = { correlationId, broker: leader, sentAt: w.now };
  armTimer(w, node, "request.timeout", w.now + cfg["request.timeout.ms"]);
}

function findInFlight(v: ProducerVolatile, correlationId: number): ProducerBatch | undefined {
  for (const deque of v.acc.batches.values()) if (deque[0]?.inFlight?.correlationId === correlationId) return deque[0];
  return undefined;
}

function removeBatch(v: ProducerVolatile, batch: ProducerBatch): void {
  const deque = v.acc.batches.get(batch.partition);
  if (deque === undefined) return;
  const i = deque.indexOf(batch);
  if (i >= 0) deque.splice(i, 1);
  if (deque.length === 0) v.acc.batches.delete(batch.partition);
}

function complete(w: World, node: ProducerNode, batch: ProducerBatch, baseOffset: number, acks: string): void {
  const v = vol(node);
  removeBatch(v, batch);
  v.acked += batch.records.length;
  emit(w, {
    t: w.now,
    type: "produce.acked",
    producer: node.id,
    topic: node.durable.spec.topic,
    partition: batch.partition,
    baseOffset,
    count: batch.records.length,
    acks,
  });
}

/** A failed attempt (retriable: it will be retried) or a batch failed for good. */
function reportFailure(w: World, node: ProducerNode, batch: ProducerBatch, error: string, retriable: boolean): void {
  emit(w, {
    t: w.now,
    type: "produce.failed",
    producer: node.id,
    topic: node.durable.spec.topic,
    partition: batch.partition,
    error,
    retriable,
    count: batch.records.length,
  });
}

/** The batch's records fail for good (the send callback gets the exception). */
function fail(w: World, node: ProducerNode, batch: ProducerBatch, error: string): void {
  const v = vol(node);
  removeBatch(v, batch);
  v.failed += batch.records.length;
  reportFailure(w, node, batch, error, false);
  if (batch.baseSequence !== null && v.producerId >= 0) {
    // A failed idempotent batch leaves a gap in its partition's sequence: bump the epoch and start
    // every partition again from 0 (KIP-360). The simulator's broker keys state by producer id only,
    // so a bump is a fresh producer id.
    // Batches already sent keep their old id and sequence, so their retries still deduplicate.
    v.producerId = takeProducerId(node);
    v.nextSequence.clear();
  }
}

function onProduceResponse(w: World, node: ProducerNode, body: ProduceResponseBody): void {
  const v = vol(node);
  const batch = findInFlight(v, body.correlationId);
  // A response to a request we already gave up on (request.timeout.ms) is ignored: the batch was retried.
  if (batch === undefined) return;
  batch.inFlight = null;
  const cfg = producerSettings(node);
  if (body.error === null) {
    complete(w, node, batch, body.baseOffset, cfg.acks);
  } else {
    onBatchError(w, node, batch, body.error, cfg);
  }
  drain(w, node);
}

/** Sender.completeBatch / canRetry: retry retriable errors while retries and delivery.timeout.ms allow. */
function onBatchError(w: World, node: ProducerNode, batch: ProducerBatch, error: string, cfg: ProducerConfig): void {
  const v = vol(node);
  const retriable = RETRIABLE.has(error);
  const expired = w.now - batch.createdAt >= cfg["delivery.timeout.ms"];
  if (REFRESH_METADATA.has(error)) requestMetadataUpdate(w, node, v.md);
  if (!retriable || expired || batch.attempts > cfg.retries) {
    fail(w, node, batch, expired && retriable ? "DELIVERY_TIMEOUT" : error);
    return;
  }
  reportFailure(w, node, batch, error, true);
  // Back off retry.backoff.ms from this attempt before the batch is ready again.
  batch.lastAttemptAt = w.now;
  armTimer(w, node, "sender", w.now + cfg["retry.backoff.ms"]);
}

/** The request timer: time out the connections whose oldest request has waited request.timeout.ms. */
function onRequestTimeouts(w: World, node: ProducerNode): void {
  const v = vol(node);
  const timeout = producerSettings(node)["request.timeout.ms"];
  const expired = new Map<number, number>();
  let next = Number.POSITIVE_INFINITY;
  for (const deque of v.acc.batches.values()) {
    const f = deque[0]?.inFlight;
    if (f == null) continue;
    if (f.sentAt + timeout <= w.now) expired.set(f.broker, f.correlationId);
    else next = Math.min(next, f.sentAt + timeout);
  }
  for (const [broker, correlationId] of expired) onRequestTimeout(w, node, { correlationId, broker });
  if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "request.timeout", next);
}

/**
 * request.timeout.ms passed with no response: NetworkClient closes the
 * connection, failing every request in flight on it, and asks for metadata.
 */
function onRequestTimeout(w: World, node: ProducerNode, data: { correlationId: number; broker: number }): void {
  const v = vol(node);
  if (findInFlight(v, data.correlationId) === undefined) return;
  const cfg = producerSettings(node);
  const onConnection: ProducerBatch[] = [];
  for (const deque of v.acc.batches.values())
    if (deque[0]?.inFlight?.broker === data.broker) onConnection.push(deque[0]);
  for (const batch of onConnection) {
    batch.inFlight = null;
    onBatchError(w, node, batch, "NETWORK_EXCEPTION", cfg);
  }
  drain(w, node);
}

/** delivery.timeout.ms after a batch was created: fail it unless it is in flight (then its outcome decides). */
function onDeliveryTimeouts(w: World, node: ProducerNode): void {
  const v = vol(node);
  const timeout = producerSettings(node)["delivery.timeout.ms"];
  const expired: ProducerBatch[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const deque of v.acc.batches.values()) {
    for (const batch of deque) {
      if (batch.createdAt + timeout > w.now) next = Math.min(next, batch.createdAt + timeout);
      else if (batch.inFlight === null) expired.push(batch);
    }
  }
  for (const batch of expired) fail(w, node, batch, "DELIVERY_TIMEOUT");
  if (next < Number.POSITIVE_INFINITY) armTimer(w, node, "delivery.timeout", next);
  if (expired.length > 0) drain(w, node);
}
