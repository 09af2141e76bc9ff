import { vol } from "./broker/broker";
import { logEndOffset } from "./broker/log";
import { type ConsumerView, consumerViews, type ProducerView, producerViews } from "./clients/views";
import { CONTROLLER, CONTROLLER_EPOCH, parseTopicAssignment, partitionStatePath } from "./controller/zkPaths";
import { messagesInFlight } from "./core/engine";
import type { Message, MessageKind } from "./core/network";
import { traceCount, traceHash } from "./core/trace";
import { type GroupView, groupViews } from "./group/views";
import { type BrokerNode, brokerNodeId, tpKey, type World } from "./world";

/**
 * An immutable, plain view of the world for the UI, tests and the CLI. Built
 * fresh on each call; nothing in it aliases the engine's state.
 */
export interface ReplicaView {
  topic: string;
  partition: number;
  role: "leader" | "follower" | "none";
  leader: number;
  leaderEpoch: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  inIsr: boolean;
}

export type BrokerStatus = "running" | "starting" | "shutting-down" | "crashed" | "stopped";

export interface BrokerView {
  id: number;
  node: string;
  status: BrokerStatus;
  isController: boolean;
  /** Which cut the broker sits behind, if any. */
  cutOff: "none" | "zookeeper" | "brokers" | "everyone" | "partial";
  zkSession: number;
  controllerEpochSeen: number;
  replicas: ReplicaView[];
}

export interface PartitionView {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
  offline: boolean;
  underReplicated: boolean;
}

export interface MessageView {
  id: number;
  from: string;
  to: string;
  kind: MessageKind;
  type: string;
  sentAt: number;
  deliverAt: number;
  /** TCP retransmissions it needed (lost packets make a message late, never lost). */
  retransmissions: number;
}

export interface ZnodeView {
  path: string;
  data: string;
  version: number;
  ephemeralOwner: number;
}

export interface Snapshot {
  now: number;
  eventCount: number;
  traceCount: number;
  traceHash: string;
  zookeeper: {
    servers: { id: string; up: boolean }[];
    quorum: boolean;
    sessions: { id: number; owner: string; timeoutMs: number; expiresInMs: number }[];
    znodes: ZnodeView[];
  };
  controller: { broker: number; epoch: number } | null;
  brokers: BrokerView[];
  partitions: PartitionView[];
  inFlight: MessageView[];
  monitor: { violations: number; dataLosses: number };
  producers: ProducerView[];
  consumers: ConsumerView[];
  groups: GroupView[];
}

/** A message as the views see it: endpoints, kind and timing, not its body. */
export function messageView(m: Message): MessageView {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind,
    type: m.type,
    sentAt: m.sentAt,
    deliverAt: m.deliverAt,
    retransmissions: m.retransmissions,
  };
}

export function takeSnapshot(w: World): Snapshot {
  const zk = w.zk;
  const controllerData = zk.tree.get(CONTROLLER)?.data;
  const controllerId = controllerData ? (JSON.parse(controllerData) as { brokerid: number }).brokerid : -1;
  const epoch = Number(zk.tree.get(CONTROLLER_EPOCH)?.data ?? 0);
  const partitions: PartitionView[] = [];
  for (const topic of w.config.topics) {
    const assignmentJson = zk.tree.get(`/brokers/topics/${topic.name}`)?.data;
    if (assignmentJson === undefined) continue;
    parseTopicAssignment(assignmentJson).forEach((replicas, p) => {
      const state = zk.tree.get(partitionStatePath(topic.name, p))?.data;
      const s = state
        ? (JSON.parse(state) as { leader: number; leader_epoch: number; isr: number[]; controller_epoch: number })
        : null;
      partitions.push({
        topic: topic.name,
        partition: p,
        replicas: [...replicas],
        leader: s?.leader ?? -1,
        leaderEpoch: s?.leader_epoch ?? -1,
        isr: s ? [...s.isr] : [],
        controllerEpoch: s?.controller_epoch ?? -1,
        offline: s === null || s.leader < 0,
        underReplicated: s !== null && s.isr.length < replicas.length,
      });
    });
  }
  const brokers: BrokerView[] = [];
  for (const node of w.nodes.values()) {
    if (node.kind !== "broker") continue;
    brokers.push(brokerView(w, node as BrokerNode, partitions));
  }
  return {
    now: w.now,
    eventCount: w.processed,
    traceCount: traceCount(w.trace),
    traceHash: traceHash(w.trace),
    zookeeper: {
      servers: zk.servers.map((id) => ({ id, up: w.nodes.get(id)?.up ?? false })),
      quorum: zk.servers.filter((id) => w.nodes.get(id)?.up).length > zk.servers.length / 2,
      sessions: [...zk.sessions.values()].map((s) => ({
        id: s.id,
        owner: s.owner,
        timeoutMs: s.timeoutMs,
        expiresInMs: Math.max(0, s.lastHeard + s.timeoutMs - w.now),
      })),
      znodes: [...zk.tree.entries()]
        .map(([path, z]) => ({ path, data: z.data, version: z.version, ephemeralOwner: z.ephemeralOwner }))
        .sort((a, b) => (a.path < b.path ? -1 : 1)),
    },
    controller: controllerId >= 0 ? { broker: controllerId, epoch } : null,
    brokers,
    partitions,
    inFlight: messagesInFlight(w).map(messageView),
    monitor: { violations: w.monitor.violations, dataLosses: w.monitor.dataLosses },
    producers: producerViews(w),
    consumers: consumerViews(w),
    groups: groupViews(w),
  };
}

function cutOff(w: World, nodeId: string): BrokerView["cutOff"] {
  for (const cut of w.net.cuts) {
    if (!cut.a.includes(nodeId) && !(cut.b !== "everyone" && cut.b.includes(nodeId))) continue;
    if (cut.b === "everyone") return "everyone";
    if (cut.a.length === 1 && cut.a[0] === nodeId && cut.b.every((n) => n.startsWith("zk-"))) return "zookeeper";
    if (cut.a.length === 1 && cut.a[0] === nodeId && cut.b.every((n) => n.startsWith("broker-"))) return "brokers";
    return "partial";
  }
  return "none";
}

function brokerView(w: World, node: BrokerNode, partitions: PartitionView[]): BrokerView {
  const id = node.durable.id;
  const v = node.up ? vol(node) : null;
  const replicas: ReplicaView[] = [];
  for (const part of partitions) {
    if (!part.replicas.includes(id)) continue;
    const log = node.durable.logs.get(tpKey(part.topic, part.partition));
    const hosted = v?.partitions.get(tpKey(part.topic, part.partition));
    replicas.push({
      topic: part.topic,
      partition: part.partition,
      role: hosted?.role ?? "none",
      leader: hosted?.leader ?? -1,
      leaderEpoch: hosted?.leaderEpoch ?? -1,
      logStartOffset: log?.logStartOffset ?? 0,
      logEndOffset: log ? logEndOffset(log) : 0,
      highWatermark: hosted?.highWatermark ?? log?.highWatermarkCheckpoint ?? 0,
      inIsr: part.isr.includes(id),
    });
  }
  const status: BrokerStatus = v === null ? (node.durable.cleanShutdown ? "stopped" : "crashed") : v.status;
  return {
    id,
    node: brokerNodeId(id),
    status,
    isController: v?.controller != null,
    cutOff: cutOff(w, node.id),
    zkSession: v?.zk.session ?? 0,
    controllerEpochSeen: v?.controllerEpoch ?? 0,
    replicas,
  };
}
