import type { ConsumerConfig, ProducerConfig } from "../config";
import type { World } from "../world";
import { queuedRecords } from "./accumulator";
import type { ConsumerNode } from "./consumer";
import { consumerSettings } from "./consumer";
import type { LastKeyView, ProducerNode } from "./producer";
import { idempotent, producerSettings } from "./producer";

/** The producer lens: what the client knows and holds, copied out of the engine. */
export interface ProducerView {
  id: string;
  up: boolean;
  topic: string;
  config: ProducerConfig;
  idempotent: boolean;
  /** -1 without idempotence or while down. */
  producerId: number;
  /** The client's metadata: partition → leader it believes in (-1 unknown); empty until the first answer. */
  metadata: { partition: number; leader: number; leaderEpoch: number }[];
  metadataUpdatedAt: number;
  /** Batches waiting or in flight, oldest first per partition. */
  batches: {
    partition: number;
    records: number;
    attempts: number;
    inFlightTo: number | null;
    baseSequence: number | null;
    createdAt: number;
  }[];
  queuedRecords: number;
  stickyPartition: number | null;
  sent: number;
  acked: number;
  failed: number;
  retries: number;
  /** The last record's key, its murmur2 hash and the partition it went to. */
  lastKey: LastKeyView | null;
}

export interface ConsumerView {
  id: string;
  up: boolean;
  topic: string;
  config: ConsumerConfig;
  positions: { partition: number; offset: number | null; highWatermark: number; leader: number; consumed: number }[];
  consumed: number;
  duplicates: number;
  /** Group membership as the consumer sees it; null for a standalone consumer. */
  group: {
    groupId: string;
    memberId: string;
    generation: number;
    phase: string;
    protocol: string | null;
    coordinator: number;
    committed: { partition: number; offset: number }[];
  } | null;
}

export function producerViews(w: World): ProducerView[] {
  const out: ProducerView[] = [];
  for (const n of w.nodes.values()) {
    if (n.kind !== "producer") continue;
    const node = n as ProducerNode;
    const cfg = producerSettings(node);
    const v = node.up ? node.volatile : null;
    const batches: ProducerView["batches"] = [];
    if (v)
      for (const deque of v.acc.batches.values())
        for (const b of deque)
          batches.push({
            partition: b.partition,
            records: b.records.length,
            attempts: b.attempts,
            inFlightTo: b.inFlight?.broker ?? null,
            baseSequence: b.baseSequence,
            createdAt: b.createdAt,
          });
    batches.sort((a, b) => a.partition - b.partition || a.createdAt - b.createdAt);
    out.push({
      id: node.id,
      up: node.up,
      topic: node.durable.spec.topic,
      config: { ...cfg },
      idempotent: idempotent(cfg),
      producerId: v?.producerId ?? -1,
      metadata: v
        ? v.md.partitions.map((p) => ({ partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch }))
        : [],
      metadataUpdatedAt: v?.md.updatedAt ?? -1,
      batches,
      queuedRecords: v ? queuedRecords(v.acc) : 0,
      stickyPartition: v?.acc.sticky?.partition ?? null,
      sent: v?.sent ?? 0,
      acked: v?.acked ?? 0,
      failed: v?.failed ?? 0,
      retries: v?.retries ?? 0,
      lastKey: v?.lastKey ? { ...v.lastKey } : null,
    });
  }
  return out;
}

export function consumerViews(w: World): ConsumerView[] {
  const out: ConsumerView[] = [];
  for (const n of w.nodes.values()) {
    if (n.kind !== "consumer") continue;
    const node = n as ConsumerNode;
    const v = node.up ? node.volatile : null;
    const positions: ConsumerView["positions"] = [];
    if (v)
      for (const [partition, pos] of v.positions)
        positions.push({
          partition,
          offset: pos.offset,
          highWatermark: pos.highWatermark,
          leader: v.md.partitions.find((p) => p.partition === partition)?.leader ?? -1,
          consumed: pos.consumed,
        });
    positions.sort((a, b) => a.partition - b.partition);
    out.push({
      id: node.id,
      up: node.up,
      topic: node.durable.spec.topic,
      config: { ...consumerSettings(node) },
      positions,
      consumed: v?.consumed ?? 0,
      duplicates: v?.duplicates ?? 0,
      group:
        v?.group == null
          ? node.durable.spec.groupId === undefined
            ? null
            : {
                groupId: node.durable.spec.groupId,
                memberId: "",
                generation: -1,
                phase: "down",
                protocol: null,
                coordinator: -1,
                committed: [],
              }
          : {
              groupId: v.group.groupId,
              memberId: v.group.memberId,
              generation: v.group.generationId,
              phase: v.group.phase,
              protocol: v.group.protocol,
              coordinator: v.group.coordinator,
              committed: [...v.committed]
                .map(([partition, offset]) => ({ partition, offset }))
                .sort((a, b) => a.partition - b.partition),
            },
    });
  }
  return out;
}
