import type { NodeState } from "../core/engine";
import { send, setTimer } from "../core/engine";
import type { Message, NodeId } from "../core/network";
import type { World } from "../world";
import type {
  WatchedEvent,
  ZkConnectBody,
  ZkConnectReplyBody,
  ZkOp,
  ZkPingReplyBody,
  ZkReplyBody,
  ZkResult,
  ZkWatchBody,
} from "./types";

/**
 * A ZooKeeper client session as Kafka's ZooKeeperClient keeps one: it pings
 * every third of the session timeout, treats two thirds without an answer as a
 * lost connection and moves to the next server, and resends pending requests
 * once connected again (KafkaZkClient retries until connected).
 */
export interface PendingZk {
  purpose: string;
  ctx: unknown;
  ops: ZkOp[];
  multi: boolean;
  /** When it was last sent: unanswered for the read timeout means the connection is gone. */
  sentAt: number;
}

export interface ZkClientState {
  session: number;
  serverIndex: number;
  connected: boolean;
  lastHeard: number;
  connectSentAt: number;
  /** The message id of the latest ConnectRequest: a response to an older one (or an earlier life's) is stale. */
  connectRequestId: number;
  timeoutMs: number;
  nextXid: number;
  pending: Map<number, PendingZk>;
  /** The last watch notification received, in the session's numbering. */
  lastNotification: number;
}

export type ZkClientEvent =
  | { kind: "connected"; newSession: boolean }
  | { kind: "expired" }
  | { kind: "reply"; purpose: string; ctx: unknown; results: ZkResult[] }
  | { kind: "watch"; path: string; event: WatchedEvent };

export function createZkClient(timeoutMs: number, firstServer: number): ZkClientState {
  return {
    session: 0,
    serverIndex: firstServer,
    connected: false,
    lastHeard: 0,
    connectSentAt: 0,
    connectRequestId: 0,
    timeoutMs,
    nextXid: 1,
    pending: new Map(),
    lastNotification: 0,
  };
}

function server(w: World, c: ZkClientState): NodeId {
  return w.zk.servers[c.serverIndex % w.zk.servers.length];
}

export function zkConnect(w: World, node: NodeState, c: ZkClientState): void {
  c.connected = false;
  c.connectSentAt = w.now;
  const request: ZkConnectBody = { session: c.session, timeoutMs: c.timeoutMs, lastNotification: c.lastNotification };
  c.connectRequestId = send(w, node.id, server(w, c), "zookeeper", "ConnectRequest", request).id;
}

/** Open a session and keep it alive with pings. */
export function zkStart(w: World, node: NodeState, c: ZkClientState): void {
  zkConnect(w, node, c);
  setTimer(w, node, c.timeoutMs / 3, "zk.ping");
}

export function zkRequest(
  w: World,
  node: NodeState,
  c: ZkClientState,
  ops: ZkOp[],
  purpose: string,
  ctx: unknown = null,
  multi = false,
): void {
  const xid = c.nextXid++;
  c.pending.set(xid, { purpose, ctx, ops, multi, sentAt: w.now });
  if (c.connected) sendRequest(w, node, c, xid);
}

function sendRequest(w: World, node: NodeState, c: ZkClientState, xid: number): void {
  const p = c.pending.get(xid)!;
  p.sentAt = w.now;
  send(w, node.id, server(w, c), "zookeeper", "Request", { session: c.session, xid, ops: p.ops, multi: p.multi });
}

export function zkClose(w: World, node: NodeState, c: ZkClientState): void {
  if (c.session !== 0)
    send(w, node.id, server(w, c), "zookeeper", "CloseSession", { session: c.session, xid: 0, ops: [], multi: false });
  c.session = 0;
  c.connected = false;
  c.pending.clear();
}

/** Handle a ZooKeeper message; returns what the owner must react to. */
export function zkOnMessage(w: World, node: NodeState, c: ZkClientState, msg: Message): ZkClientEvent | null {
  if (isStale(c, msg)) return null;
  c.lastHeard = w.now;
  switch (msg.type) {
    case "ConnectResponse": {
      const body = msg.body as ZkConnectReplyBody;
      if (body.expired) return expire(c);
      const newSession = c.session !== body.session;
      if (newSession) c.lastNotification = 0;
      c.session = body.session;
      c.connected = true;
      for (const xid of [...c.pending.keys()]) sendRequest(w, node, c, xid);
      return { kind: "connected", newSession };
    }
    case "Reply": {
      const body = msg.body as ZkReplyBody;
      if (body.error === "SessionExpired") return c.session === 0 ? null : expire(c);
      if (body.error === "ConnectionLoss") {
        if (c.connected) zkConnect(w, node, c);
        return null;
      }
      const pending = c.pending.get(body.xid);
      if (pending === undefined) return null; // an answer to a request resent after reconnecting
      c.pending.delete(body.xid);
      return { kind: "reply", purpose: pending.purpose, ctx: pending.ctx, results: body.results };
    }
    case "WatchEvent": {
      const body = msg.body as ZkWatchBody;
      if (body.seq !== undefined) {
        if (body.seq <= c.lastNotification) return null; // already had it (resent after a reconnect)
        if (body.seq > c.lastNotification + 1) {
          // One went missing: over TCP that is a broken connection. Reconnect; the server resends in order.
          zkConnect(w, node, c);
          return null;
        }
        c.lastNotification = body.seq;
      }
      return { kind: "watch", path: body.path, event: body.event };
    }
    case "PingResponse": {
      // Notifications travel on the same ordered connection before this answer: one we lack was lost.
      if ((msg.body as ZkPingReplyBody).lastNotification > c.lastNotification) zkConnect(w, node, c);
      return null;
    }
    default:
      return null;
  }
}

/** An answer on a connection this client no longer has: an earlier attempt's, an earlier session's or life's. */
function isStale(c: ZkClientState, msg: Message): boolean {
  if (msg.type === "ConnectResponse") {
    const id = (msg.body as ZkConnectReplyBody).requestId;
    return id !== undefined && id !== c.connectRequestId;
  }
  if (msg.type === "Reply") {
    const session = (msg.body as ZkReplyBody).session;
    return session !== undefined && session !== c.session;
  }
  return false;
}

function expire(c: ZkClientState): ZkClientEvent {
  c.session = 0;
  c.lastNotification = 0;
  c.connected = false;
  c.pending.clear();
  return { kind: "expired" };
}

/** The ping timer: keep the session alive, or move to the next server. */
export function zkOnPingTimer(w: World, node: NodeState, c: ZkClientState): void {
  setTimer(w, node, c.timeoutMs / 3, "zk.ping");
  const readTimeout = (c.timeoutMs * 2) / 3;
  if (c.connected) {
    // A request lost on the way (a cut drops it) means, over TCP, a broken connection: reconnect and resend.
    let stalled = false;
    for (const p of c.pending.values()) if (w.now - p.sentAt >= readTimeout) stalled = true;
    if (w.now - c.lastHeard >= readTimeout || stalled) {
      c.serverIndex++;
      zkConnect(w, node, c);
    } else {
      send(w, node.id, server(w, c), "zookeeper", "Ping", {
        session: c.session,
        xid: -2,
        ops: [],
        multi: false,
        lastNotification: c.lastNotification,
      });
    }
  } else if (w.now - c.connectSentAt >= readTimeout) {
    c.serverIndex++;
    zkConnect(w, node, c);
  }
}

/** The server we talk to is down: the client moves to the next one at once (ClientCnxn on a refused connection). */
export function zkOnConnectionReset(w: World, node: NodeState, c: ZkClientState, msg: Message): void {
  if (msg.to !== server(w, c) || (c.session === 0 && msg.type !== "ConnectRequest")) return;
  c.serverIndex++;
  zkConnect(w, node, c);
}
