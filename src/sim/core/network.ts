import { nextFloat, nextInt, type RngState } from "./rng";

export type NodeId = string;

/** What a message is for; the views colour and filter by it. */
export type MessageKind = "produce" | "fetch" | "replication" | "controller" | "zookeeper" | "group" | "metadata";

export type DropReason = "loss" | "cut" | "down";

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
  /** Set when the message was lost; it then vanishes at `deliverAt`. */
  dropped?: DropReason;
  /** Decided at send time so a lost message is drawn travelling and vanishing. */
  lost: boolean;
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
  /** Extra one-way latency on a directed link "from>to" (a slow link). */
  slow: Record<string, number>;
  cuts: Cut[];
  nextCutId: number;
  nextMessageId: number;
  /** Latest delivery time per directed link: links are FIFO, like a TCP connection. */
  lastDelivery: Record<string, number>;
  /** Messages sent and not yet delivered or dropped, for the views. */
  inFlight: Map<number, Message>;
  /** The latest delivered or dropped messages, newest last, for the views. */
  recent: Message[];
  recentWindow: number;
}

export function createNetwork(defaults: LinkConfig): NetworkState {
  return {
    defaults,
    slow: {},
    cuts: [],
    nextCutId: 1,
    nextMessageId: 1,
    lastDelivery: {},
    inFlight: new Map(),
    recent: [],
    recentWindow: 200,
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

/** When a message sent now on from→to arrives, and whether it is lost. */
export function route(
  net: NetworkState,
  rng: RngState,
  from: NodeId,
  to: NodeId,
  now: number,
): { deliverAt: number; lost: boolean } {
  const d = net.defaults;
  const link = `${from}>${to}`;
  let delay = d.latencyMs + (d.jitterMs > 0 ? nextInt(rng, d.jitterMs + 1) : 0) + (net.slow[link] ?? 0);
  if (from === to) delay = 0;
  const lost = d.lossProbability > 0 && from !== to && nextFloat(rng) < d.lossProbability;
  const fifo = net.lastDelivery[link] ?? 0;
  const deliverAt = Math.max(now + delay, fifo);
  net.lastDelivery[link] = deliverAt;
  return { deliverAt, lost };
}

export function settle(net: NetworkState, msg: Message): void {
  net.inFlight.delete(msg.id);
  net.recent.push(msg);
  if (net.recent.length > net.recentWindow * 2) net.recent.splice(0, net.recent.length - net.recentWindow);
}
