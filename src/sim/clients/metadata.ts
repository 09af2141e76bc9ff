import type { PartitionMetadata } from "../broker/types";
import type { NodeState } from "../core/engine";
import { send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import type { World } from "../world";
import { brokerNodeId } from "../world";

/**
 * A client's view of the cluster (Kafka's Metadata / ProducerMetadata): which
 * broker leads each partition of its topic. Shared by the producer and the
 * consumer. Refreshed on demand (errors, unknown leaders, timeouts) and every
 * metadata.max.age.ms.
 */
export interface ClientMetadata {
  topic: string;
  bootstrap: number[];
  /** Which candidate broker the next Metadata request goes to; moves on after a timeout. */
  nodeIndex: number;
  /** Live brokers as of the last response. */
  brokers: number[];
  /** The topic's partitions, indexed by partition; empty until the first answer naming the topic. */
  partitions: PartitionMetadata[];
  updatedAt: number;
  lastAttemptAt: number;
  inFlight: { correlationId: number; broker: number } | null;
  needUpdate: boolean;
  retryScheduled: boolean;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  maxAgeMs: number;
  nextCorrelationId: number;
}

export interface MetadataResponseBody {
  correlationId: number;
  controllerId: number;
  brokers: number[];
  partitions: PartitionMetadata[];
}

export function createClientMetadata(
  topic: string,
  bootstrap: number[],
  settings: { "request.timeout.ms": number; "retry.backoff.ms": number; "metadata.max.age.ms": number },
): ClientMetadata {
  return {
    topic,
    bootstrap: [...bootstrap],
    nodeIndex: 0,
    brokers: [],
    partitions: [],
    updatedAt: -1,
    lastAttemptAt: Number.NEGATIVE_INFINITY,
    inFlight: null,
    needUpdate: true,
    retryScheduled: false,
    requestTimeoutMs: settings["request.timeout.ms"],
    retryBackoffMs: settings["retry.backoff.ms"],
    maxAgeMs: settings["metadata.max.age.ms"],
    nextCorrelationId: 1,
  };
}

export const METADATA_TIMERS = ["metadata.timeout", "metadata.retry", "metadata.maxAge"] as const;

export function numPartitions(md: ClientMetadata): number {
  return md.partitions.length;
}

export function partitionInfo(md: ClientMetadata, partition: number): PartitionMetadata | undefined {
  const p = md.partitions[partition];
  return p?.partition === partition ? p : md.partitions.find((q) => q.partition === partition);
}

export function leaderOf(md: ClientMetadata, partition: number): number {
  return partitionInfo(md, partition)?.leader ?? -1;
}

/** Partitions with a known leader (Cluster.availablePartitionsForTopic), in partition order. */
export function availablePartitions(md: ClientMetadata): number[] {
  const out: number[] = [];
  for (const p of md.partitions) if (p.leader >= 0) out.push(p.partition);
  return out;
}

/** Ask for fresh metadata (Metadata.requestUpdate); sent now unless one is in flight or we sent one within retry.backoff.ms. */
export function requestMetadataUpdate(w: World, node: NodeState, md: ClientMetadata): void {
  md.needUpdate = true;
  if (md.inFlight !== null) return;
  const wait = md.lastAttemptAt + md.retryBackoffMs - w.now;
  if (wait <= 0) {
    sendMetadata(w, node, md);
  } else if (!md.retryScheduled) {
    md.retryScheduled = true;
    setTimer(w, node, wait, "metadata.retry");
  }
}

/**
 * The broker to ask: the live brokers we last heard of, then the bootstrap
 * list, rotating after each timeout (a stand-in for NetworkClient.leastLoadedNode).
 */
function candidates(md: ClientMetadata): number[] {
  const all = [...md.brokers];
  for (const b of md.bootstrap) if (!all.includes(b)) all.push(b);
  return all;
}

function sendMetadata(w: World, node: NodeState, md: ClientMetadata): void {
  const nodes = candidates(md);
  if (nodes.length === 0) return;
  const broker = nodes[md.nodeIndex % nodes.length];
  const correlationId = md.nextCorrelationId++;
  md.inFlight = { correlationId, broker };
  md.lastAttemptAt = w.now;
  send(w, node.id, brokerNodeId(broker), "metadata", "Metadata", { correlationId, topics: [md.topic] });
  setTimer(w, node, md.requestTimeoutMs, "metadata.timeout", correlationId);
}

/** The broker we asked for metadata is down: ask the next one at once, as on a timeout. */
export function onMetadataConnectionReset(w: World, node: NodeState, md: ClientMetadata, msg: Message): void {
  if (msg.type !== "Metadata" || md.inFlight?.correlationId !== (msg.body as { correlationId: number }).correlationId)
    return;
  md.inFlight = null;
  md.nodeIndex++;
  requestMetadataUpdate(w, node, md);
}

/** Handle one of the metadata timers. */
export function onMetadataTimer(w: World, node: NodeState, md: ClientMetadata, name: string, data: unknown): void {
  switch (name) {
    case "metadata.timeout":
      if (md.inFlight?.correlationId !== data) return;
      md.inFlight = null;
      md.nodeIndex++;
      requestMetadataUpdate(w, node, md);
      return;
    case "metadata.retry":
      md.retryScheduled = false;
      if (md.needUpdate) requestMetadataUpdate(w, node, md);
      return;
    case "metadata.maxAge":
      // metadata.max.age.ms: refresh even when nothing went wrong, to notice new leaders.
      setTimer(w, node, md.maxAgeMs, "metadata.maxAge");
      requestMetadataUpdate(w, node, md);
      return;
  }
}

/** Apply a MetadataResponse. Returns false if it was stale (not the request in flight). */
export function onMetadataResponse(w: World, node: NodeState, md: ClientMetadata, body: MetadataResponseBody): boolean {
  if (md.inFlight?.correlationId !== body.correlationId) return false;
  md.inFlight = null;
  if (body.brokers.length > 0) md.brokers = [...body.brokers].sort((a, b) => a - b);
  const mine = body.partitions
    .filter((p) => p.topic === md.topic)
    .map((p) => ({ ...p, isr: [...p.isr], replicas: [...p.replicas] }))
    .sort((a, b) => a.partition - b.partition);
  // A broker that has not yet heard from the controller knows nothing: keep what we have and ask again.
  if (mine.length > 0) {
    md.partitions = mine;
    md.updatedAt = w.now;
  }
  const leaderless = mine.length === 0 || mine.some((p) => p.leader < 0);
  md.needUpdate = leaderless;
  if (mine.length === 0) md.nodeIndex++;
  if (leaderless) requestMetadataUpdate(w, node, md);
  return true;
}
