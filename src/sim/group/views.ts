import { vol } from "../broker/broker";
import { type BrokerNode, tpKey, type World } from "../world";
import type { GroupState } from "./types";

/** A consumer group as its coordinator sees it, with lag per partition. */
export interface GroupView {
  groupId: string;
  coordinator: number;
  /** The __consumer_offsets partition holding the group. */
  offsetsPartition: number;
  state: GroupState;
  generation: number;
  protocol: string | null;
  leader: string | null;
  members: { memberId: string; client: string; assignment: string[] }[];
  /** Committed offset, the partition's high watermark, and lag = HW − committed. */
  offsets: { topic: string; partition: number; committed: number; highWatermark: number; lag: number }[];
}

export function groupViews(w: World): GroupView[] {
  const hw = new Map<string, number>();
  for (const node of w.nodes.values()) {
    if (node.kind !== "broker" || !node.up) continue;
    for (const p of vol(node as BrokerNode).partitions.values()) {
      if (p.role === "leader") hw.set(p.key, p.highWatermark);
    }
  }
  const out: GroupView[] = [];
  for (const node of w.nodes.values()) {
    if (node.kind !== "broker" || !node.up) continue;
    const broker = node as BrokerNode;
    for (const g of vol(broker).coordinator.groups.values()) {
      out.push({
        groupId: g.groupId,
        coordinator: broker.durable.id,
        offsetsPartition: g.partition,
        state: g.state,
        generation: g.generationId,
        protocol: g.protocolName,
        leader: g.leaderId,
        members: [...g.members.values()].map((m) => ({
          memberId: m.memberId,
          client: m.clientId,
          assignment: m.assignment.map((p) => tpKey(p.topic, p.partition)),
        })),
        offsets: [...g.offsets.values()]
          .map((o) => {
            const highWatermark = hw.get(tpKey(o.topic, o.partition)) ?? o.offset;
            return {
              topic: o.topic,
              partition: o.partition,
              committed: o.offset,
              highWatermark,
              lag: Math.max(0, highWatermark - o.offset),
            };
          })
          .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1)),
      });
    }
  }
  return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}
