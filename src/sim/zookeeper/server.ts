import { emit, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { type World, type ZookeeperNode, zkQuorum } from "../world";
import { applyOps, type Fired, removeSession } from "./tree";
import {
  type WatchedEvent,
  ZK_TICK_MS,
  type ZkConnectBody,
  type ZkConnectReplyBody,
  type ZkPingReplyBody,
  type ZkReplyBody,
  type ZkRequestBody,
  type ZkSession,
  type ZkWatchBody,
} from "./types";

/**
 * A ZooKeeper server. The ensemble's data is replicated by ZAB, which the
 * simulator does not model message by message: the tree lives once in
 * `w.zk` and a server answers only while a majority of servers is up.
 * The lowest-numbered live server acts as leader and expires sessions.
 */
export const zookeeperBehaviour = {
  start(w: World, node: ZookeeperNode): void {
    node.volatile = null;
    emit(w, { t: w.now, type: "node.started", node: node.id });
    setTimer(w, node, ZK_TICK_MS, "tick");
  },

  message(w: World, node: ZookeeperNode, msg: Message): void {
    if (!zkQuorum(w)) return; // without a quorum a server does not serve clients
    const zk = w.zk;
    switch (msg.type) {
      case "ConnectRequest": {
        const body = msg.body as ZkConnectBody;
        let session = body.session;
        let expired = false;
        if (session !== 0) {
          const existing = zk.sessions.get(session);
          if (existing === undefined) expired = true;
          else {
            existing.server = node.id;
            existing.serverIncarnation = node.incarnation;
            existing.lastHeard = w.now;
            acknowledge(existing, body.lastNotification);
          }
        } else {
          session = zk.nextSession++;
          zk.sessions.set(session, {
            id: session,
            owner: msg.from,
            server: node.id,
            serverIncarnation: node.incarnation,
            timeoutMs: body.timeoutMs,
            lastHeard: w.now,
            notifications: [],
            notificationSeq: 0,
            replies: [],
          });
          emit(w, { t: w.now, type: "zk.session.created", session, owner: msg.from });
        }
        send<ZkConnectReplyBody>(w, node.id, msg.from, "zookeeper", "ConnectResponse", {
          session,
          expired,
          requestId: msg.id,
        });
        const resumed = zk.sessions.get(session);
        // SetWatches: the notifications the client missed while disconnected follow, in order.
        if (!expired && resumed !== undefined) for (const n of resumed.notifications) deliver(w, resumed, n);
        return;
      }
      case "Ping":
      case "Request":
      case "CloseSession": {
        const body = msg.body as ZkRequestBody;
        const session = zk.sessions.get(body.session);
        if (session === undefined) {
          send<ZkReplyBody>(w, node.id, msg.from, "zookeeper", "Reply", {
            xid: body.xid,
            session: body.session,
            results: [],
            error: "SessionExpired",
          });
          return;
        }
        if (
          msg.type !== "CloseSession" &&
          (session.server !== node.id || session.serverIncarnation !== node.incarnation)
        ) {
          // No connection to this server any more (it restarted, or the client never connected here):
          // the client sees the connection drop and reconnects, resending what is pending (ClientCnxn).
          send<ZkReplyBody>(w, node.id, msg.from, "zookeeper", "Reply", {
            xid: body.xid,
            session: body.session,
            results: [],
            error: "ConnectionLoss",
          });
          return;
        }
        session.lastHeard = w.now;
        if (msg.type === "Ping") {
          acknowledge(session, body.lastNotification);
          send<ZkPingReplyBody>(w, node.id, msg.from, "zookeeper", "PingResponse", {
            xid: body.xid,
            lastNotification: session.notificationSeq,
          });
          return;
        }
        const fired: Fired[] = [];
        if (msg.type === "CloseSession") {
          const ephemerals = removeSession(zk, session.id, fired);
          emit(w, { t: w.now, type: "zk.session.closed", session: session.id, owner: session.owner, ephemerals });
          send<ZkReplyBody>(w, node.id, msg.from, "zookeeper", "Reply", {
            xid: body.xid,
            session: body.session,
            results: [],
          });
        } else {
          const seen = session.replies.find(([xid]) => xid === body.xid);
          const results = seen !== undefined ? seen[1] : applyOps(zk, session.id, body.ops, body.multi, fired);
          if (seen === undefined) {
            session.replies.push([body.xid, results]);
            if (session.replies.length > 64) session.replies.shift();
          }
          send<ZkReplyBody>(w, node.id, msg.from, "zookeeper", "Reply", {
            xid: body.xid,
            session: body.session,
            results,
          });
        }
        notify(w, fired);
        return;
      }
    }
  },

  timer(w: World, node: ZookeeperNode, name: string): void {
    if (name !== "tick") return;
    setTimer(w, node, ZK_TICK_MS, "tick");
    const leader = w.zk.servers.find((id) => w.nodes.get(id)?.up);
    if (leader !== node.id) return;
    const quorum = zkQuorum(w);
    if (quorum && !w.zk.hadQuorum) {
      // A newly elected ZooKeeper leader gives every session a fresh timeout.
      for (const s of w.zk.sessions.values()) s.lastHeard = w.now;
    }
    w.zk.hadQuorum = quorum;
    if (!quorum) return;
    for (const s of [...w.zk.sessions.values()]) {
      if (w.now - s.lastHeard >= s.timeoutMs) expireSession(w, s.id);
    }
  },

  crashed(w: World, node: ZookeeperNode): void {
    emit(w, { t: w.now, type: "node.crashed", node: node.id });
    // Losing the majority ends the leader's term; whoever leads next restarts every session's clock
    // (ZooKeeper's SessionTrackerImpl is rebuilt by the new leader). Noted here, as no tick may run.
    if (!zkQuorum(w)) w.zk.hadQuorum = false;
    reportQuorum(w);
  },
};

export function reportQuorum(w: World): void {
  const up = w.zk.servers.filter((id) => w.nodes.get(id)?.up).length;
  emit(w, { t: w.now, type: "zk.quorum", available: zkQuorum(w), up, of: w.zk.servers.length });
}

/** Watch notifications travel from the session's server to its client, numbered in order. */
function notify(w: World, fired: Fired[]): void {
  for (const f of fired) {
    const session = w.zk.sessions.get(f.session);
    if (session === undefined) continue;
    const n = { seq: ++session.notificationSeq, path: f.path, event: f.event };
    session.notifications.push(n);
    deliver(w, session, n);
  }
}

/** Send one notification, unless the session's server is down (the client will ask again on reconnecting). */
function deliver(w: World, session: ZkSession, n: { seq: number; path: string; event: WatchedEvent }): void {
  if (!w.nodes.get(session.server)?.up) return;
  emit(w, {
    t: w.now,
    type: "zk.watch.fired",
    session: session.id,
    owner: session.owner,
    path: n.path,
    event: n.event,
  });
  send<ZkWatchBody>(w, session.server, session.owner, "zookeeper", "WatchEvent", {
    path: n.path,
    event: n.event,
    seq: n.seq,
  });
}

/** The client has every notification up to `last`: forget them. */
function acknowledge(session: ZkSession, last: number | undefined): void {
  if (last === undefined) return;
  while (session.notifications.length > 0 && session.notifications[0].seq <= last) session.notifications.shift();
}

/** Expire a session at once, as an operator or a test can (and as a timeout does). */
export function expireSession(w: World, sessionId: number): void {
  const session = w.zk.sessions.get(sessionId);
  if (session === undefined) return;
  const fired: Fired[] = [];
  const ephemerals = removeSession(w.zk, sessionId, fired);
  emit(w, { t: w.now, type: "zk.session.expired", session: sessionId, owner: session.owner, ephemerals });
  notify(w, fired);
}
