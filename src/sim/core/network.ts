import { nextFloat, nextInt, type RngState } from "./rng";

export type NodeId = string;

/** What a message is for; the views colour and filter by it. */
export type MessageKind = "produce" | "fetch" | "replication" | "controller" | "zookeeper" | "group" | "metadata";

/**
 * Why a message never arrived: a network partition ("cut") or a receiver that
 * is not running ("down"). Packet loss does not drop messages: Kafka and
 * ZooKeeper talk over TCP, which retransmits, so a lost packet only makes the
 * message late (see `route`).
 */
export type DropReason = "cut" | "down";

export interface Message<B = unknown> {
  id: number;
  from: NodeId;
  to: NodeId;
  kind: MessageKind;
  /** Kafka's or ZooKeeper's name for the request or response, e.g. "LeaderAndIsr". */
  type: string;
  body: B;
  sentAt: number;
  deliverAt: number;
  /** The sender's incarnation, so a connection reset reaches only the life that sent it. */
  fromIncarnation: number;
  /** Set when the message never arrived; it vanishes at `deliverAt`. */
  dropped?: DropReason;
  /** How many times TCP had to retransmit it (each adds a retransmission timeout). */
  retransmissions: number;
}

export interface LinkConfig {
  latencyMs: number;
  jitterMs: number;
  lossProbability: number;
}

/** A network partition: nothing crosses between `a` and `b` (both directions). */
export interface Cut {
  id: number;
  a: NodeId[];
  b: NodeId[] | "everyone";
}

export interface NetworkState {
  defaults: LinkConfig;
  /** Extra one-way latency on a directed link, by sender then receiver (a slow link). */
  slow: Record<NodeId, Record<NodeId, number>>;
  cuts: Cut[];
  nextCutId: number;
  nextMessageId: number;
  /** Latest delivery time per directed link, by sender then receiver: links are FIFO, like a TCP connection. */
  lastDelivery: Record<NodeId, Record<NodeId, number>>;
  /** The latest delivered or dropped messages, newest last, for the views. */
  recent: Message[];
  recentWindow: number;
  /** Every settled message, when a test or tool asks for them (null by default: it grows without bound). */
  archive: Message[] | null;
}

export function createNetwork(defaults: LinkConfig): NetworkState {
  return {
    defaults,
    slow: {},
    cuts: [],
    nextCutId: 1,
    nextMessageId: 1,
    lastDelivery: {},
    recent: [],
    recentWindow: 200,
    archive: null,
  };
}

export function isCut(net: NetworkState, from: NodeId, to: NodeId): boolean {
  for (const cut of net.cuts) {
    const fromInA = cut.a.includes(from);
    const toInA = cut.a.includes(to);
    if (cut.b === "everyone") {
      if (fromInA !== toInA) return true;
    } else if ((fromInA && cut.b.includes(to)) || (toInA && cut.b.includes(from))) {
      return true;
    }
  }
  return false;
}

/** Linux's minimum TCP retransmission timeout; it doubles on each further loss. */
export const TCP_MIN_RTO_MS = 200;
const MAX_RETRANSMISSIONS = 6;

/** Slow the directed link from→to by `extraMs` (0 restores it). */
export function setSlow(net: NetworkState, from: NodeId, to: NodeId, extraMs: number): void {
  if (extraMs > 0) (net.slow[from] ??= {})[to] = extraMs;
  else if (net.slow[from] !== undefined) {
    delete net.slow[from][to];
    if (Object.keys(net.slow[from]).length === 0) delete net.slow[from];
  }
}

/** One-way delay on from→to now: base latency, seeded jitter, a slow link's extra. */
export function linkDelay(net: NetworkState, rng: RngState, from: NodeId, to: NodeId): number {
  if (from === to) return 0;
  const d = net.defaults;
  return d.latencyMs + (d.jitterMs > 0 ? nextInt(rng, d.jitterMs + 1) : 0) + (net.slow[from]?.[to] ?? 0);
}

/**
 * When `msg`, sent now, arrives: sets its `deliverAt` and `retransmissions`.
 * Each lost transmission (drawn from the sender's stream) costs a
 * retransmission timeout; the link stays FIFO, like the TCP connection it
 * stands for.
 */
export function route(net: NetworkState, rng: RngState, msg: Message, now: number): void {
  const { from, to } = msg;
  let delay = linkDelay(net, rng, from, to);
  let retransmissions = 0;
  const p = net.defaults.lossProbability;
  if (p > 0 && from !== to) {
    let rto = TCP_MIN_RTO_MS;
    while (retransmissions < MAX_RETRANSMISSIONS && nextFloat(rng) < p) {
      delay += rto;
      rto *= 2;
      retransmissions++;
    }
  }
  const fifo = (net.lastDelivery[from] ??= {});
  const deliverAt = Math.max(now + delay, fifo[to] ?? 0);
  fifo[to] = deliverAt;
  msg.deliverAt = deliverAt;
  msg.retransmissions = retransmissions;
}

export function settle(net: NetworkState, msg: Message): void {
  net.recent.push(msg);
  net.archive?.push(msg);
  // Trimmed into a new array: a checkpoint may share the old one.
  if (net.recent.length > net.recentWindow * 2) net.recent = net.recent.slice(-net.recentWindow);
}
