import { hashInt, hashName, hashValue } from "./hash";
import {
  createNetwork,
  isCut,
  type LinkConfig,
  linkDelay,
  type Message,
  type MessageKind,
  type NetworkState,
  type NodeId,
  route,
  settle,
} from "./network";
import { createQueue, type EventQueue, pop, push } from "./queue";
import { forkStream, type RngState } from "./rng";
import { createTrace, record, type TraceState } from "./trace";

/**
 * The discrete-event core: a virtual clock, the event queue, nodes with a
 * lifecycle, the simulated network and the trace. It knows nothing of Kafka:
 * node kinds plug in their behaviour. Everything here is plain data, so a
 * world can be cloned into a snapshot and resumed exactly.
 */

export type CoreEvent =
  | { at: number; seq: number; type: "deliver"; msg: Message }
  /** The receiver was down: its host answers the connection with a reset, which reaches the sender. */
  | { at: number; seq: number; type: "reset"; msg: Message }
  | { at: number; seq: number; type: "timer"; node: NodeId; incarnation: number; name: string; data: unknown };

export interface NodeState<Kind extends string = string, Durable = unknown, Volatile = unknown> {
  id: NodeId;
  kind: Kind;
  up: boolean;
  /** Bumped on every crash, so timers set by an earlier life never fire. */
  incarnation: number;
  /** Survives a crash: a broker's logs, a ZooKeeper server's data. */
  durable: Durable;
  /** Lost on a crash, rebuilt from `durable` on start. */
  volatile: Volatile | null;
  /** Armed timers (see `armTimer`), valid for one incarnation. */
  armed?: { incarnation: number; at: Record<string, number> };
}

export interface CoreWorld<T extends { t: number; type: string } = { t: number; type: string }> {
  seed: number;
  /** Simulated time in integer milliseconds. */
  now: number;
  /** Events processed so far (message deliveries and timers). */
  processed: number;
  queue: EventQueue<CoreEvent>;
  nodes: Map<NodeId, NodeState>;
  rng: Map<string, RngState>;
  net: NetworkState;
  /** Kafka-level events; messages are hashed into it but kept only in `net.recent` (see `traceMessage`). */
  trace: TraceState<T>;
}

export interface Behaviour<W extends CoreWorld, N extends NodeState = NodeState> {
  start(w: W, node: N): void;
  message(w: W, node: N, msg: Message): void;
  timer(w: W, node: N, name: string, data: unknown): void;
  /** Called after the node's volatile state is gone, to tidy world-level indexes. */
  crashed?(w: W, node: N): void;
  /**
   * `msg` reached a node that is not running: the connection was reset
   * (a crashed process's host refuses it), as NetworkClient sees a disconnect.
   * A network cut gives no such signal: only timeouts tell.
   */
  connectionReset?(w: W, node: N, msg: Message): void;
}

export type Behaviours<W extends CoreWorld> = Record<string, Behaviour<W, never>>;

export function createCoreWorld<T extends { t: number; type: string }>(
  seed: number,
  link: LinkConfig,
  traceWindow: number,
): CoreWorld<T> {
  return {
    seed: seed >>> 0,
    now: 0,
    processed: 0,
    queue: createQueue<CoreEvent>(),
    nodes: new Map(),
    rng: new Map(),
    net: createNetwork(link),
    trace: createTrace<T>(traceWindow),
  };
}

/** The node's own random stream, forked from the run's seed on first use. */
export function stream(w: CoreWorld, name: string): RngState {
  let s = w.rng.get(name);
  if (s === undefined) {
    s = forkStream(w.seed, name);
    w.rng.set(name, s);
  }
  return s;
}

export function emit<T extends { t: number; type: string }>(w: CoreWorld<T>, event: T): void {
  record(w.trace, event);
}

export function addNode<N extends NodeState>(w: CoreWorld, node: N): N {
  if (w.nodes.has(node.id)) throw new Error(`node ${node.id} already exists`);
  w.nodes.set(node.id, node);
  return node;
}

export function setTimer(w: CoreWorld, node: NodeState, delayMs: number, name: string, data: unknown = null): void {
  const q = w.queue;
  push(q, {
    at: w.now + Math.max(0, Math.round(delayMs)),
    seq: q.nextSeq++,
    type: "timer",
    node: node.id,
    incarnation: node.incarnation,
    name,
    data,
  });
}

/**
 * One pending timer per (node, name), due at the earliest time asked for. A
 * timeout that covers many requests (request.timeout.ms, delivery.timeout.ms)
 * arms this instead of scheduling one event per request, so the event queue
 * does not fill with timers that almost never fire. When it fires, the
 * handler checks what really expired and arms the next deadline.
 */
export function armTimer(w: CoreWorld, node: NodeState, name: string, at: number): void {
  const due = Math.max(w.now, Math.round(at));
  let armed = node.armed;
  if (armed === undefined || armed.incarnation !== node.incarnation)
    node.armed = armed = { incarnation: node.incarnation, at: {} };
  const current = armed.at[name];
  if (current !== undefined && current >= w.now && current <= due) return;
  armed.at[name] = due;
  setTimer(w, node, due - w.now, name);
}

/** Stream names "<purpose>:<node>", memoized: a pure function of the two, built once. */
const streamNames = new Map<string, Map<NodeId, string>>();

/** A node's random stream for one purpose (its network, its partitioner, ...). */
export function nodeStream(w: CoreWorld, purpose: string, node: NodeId): RngState {
  let names = streamNames.get(purpose);
  if (names === undefined) streamNames.set(purpose, (names = new Map()));
  let name = names.get(node);
  if (name === undefined) names.set(node, (name = `${purpose}:${node}`));
  return stream(w, name);
}

export function send<B>(w: CoreWorld, from: NodeId, to: NodeId, kind: MessageKind, type: string, body: B): Message<B> {
  const msg: Message<B> = {
    id: w.net.nextMessageId++,
    from,
    to,
    kind,
    type,
    body,
    sentAt: w.now,
    deliverAt: w.now,
    fromIncarnation: w.nodes.get(from)?.incarnation ?? 0,
    retransmissions: 0,
  };
  route(w.net, nodeStream(w, "net", from), msg, w.now);
  const q = w.queue;
  push(q, { at: msg.deliverAt, seq: q.nextSeq++, type: "deliver", msg });
  return msg;
}

/** Messages sent and not yet delivered or dropped, oldest first (read from the event queue, for the views). */
export function messagesInFlight(w: CoreWorld): Message[] {
  const out: Message[] = [];
  for (const ev of w.queue.heap) if (ev.type === "deliver") out.push(ev.msg);
  return out.sort((a, b) => a.id - b.id);
}

/** Process the next event. Returns false when nothing is scheduled. */
export function step<W extends CoreWorld>(w: W, behaviours: Behaviours<W>): boolean {
  const ev = pop(w.queue);
  if (ev === undefined) return false;
  w.now = ev.at;
  w.processed++;
  if (ev.type === "deliver") {
    deliver(w, behaviours, ev.msg);
  } else if (ev.type === "reset") {
    const sender = w.nodes.get(ev.msg.from);
    if (sender === undefined || !sender.up || sender.incarnation !== ev.msg.fromIncarnation) return true;
    (behaviours[sender.kind] as Behaviour<W>).connectionReset?.(w, sender, ev.msg);
  } else {
    const node = w.nodes.get(ev.node);
    if (node === undefined || !node.up || node.incarnation !== ev.incarnation) return true;
    const armed = node.armed;
    if (armed !== undefined && armed.at[ev.name] === ev.at) delete armed.at[ev.name];
    (behaviours[node.kind] as Behaviour<W>).timer(w, node, ev.name, ev.data);
  }
  return true;
}

function deliver<W extends CoreWorld>(w: W, behaviours: Behaviours<W>, msg: Message): void {
  settle(w.net, msg);
  const target = w.nodes.get(msg.to);
  if (isCut(w.net, msg.from, msg.to)) msg.dropped = "cut";
  else if (target === undefined || !target.up) msg.dropped = "down";
  traceMessage(w, msg);
  if (msg.dropped === undefined && target !== undefined) {
    (behaviours[target.kind] as Behaviour<W>).message(w, target, msg);
  } else if (msg.dropped === "down" && target !== undefined) {
    const q = w.queue;
    const back = linkDelay(w.net, nodeStream(w, "net", msg.to), msg.to, msg.from);
    push(q, { at: w.now + back, seq: q.nextSeq++, type: "reset", msg });
  }
}

/**
 * A processed message joins the run's hash (its identity and timing, not its
 * body: the body's effects show up in the events the receiver emits). It is
 * not stored as a trace event: the views read messages from `net.recent`, and
 * the trace window stays for the events a reader follows.
 */
function traceMessage(w: CoreWorld, msg: Message): void {
  const h = w.trace.hasher;
  hashInt(h, msg.id);
  hashName(h, msg.from);
  hashName(h, msg.to);
  hashName(h, msg.type);
  hashValue(h, msg.sentAt);
  hashValue(h, msg.deliverAt);
  hashName(h, msg.dropped ?? "");
}

/** A crash: volatile state is lost, durable state stays, pending timers die. */
export function crashNode<W extends CoreWorld>(w: W, behaviours: Behaviours<W>, id: NodeId): void {
  const node = w.nodes.get(id);
  if (node === undefined || !node.up) return;
  node.up = false;
  node.incarnation++;
  node.volatile = null;
  (behaviours[node.kind] as Behaviour<W>).crashed?.(w, node);
}

export function startNode<W extends CoreWorld>(w: W, behaviours: Behaviours<W>, id: NodeId): void {
  const node = w.nodes.get(id);
  if (node === undefined || node.up) return;
  node.up = true;
  (behaviours[node.kind] as Behaviour<W>).start(w, node);
}

export { record };
