import type { WatchedEvent, ZkEnsemble, ZkError, ZkOp, ZkResult } from "./types";

/**
 * The znode tree and its operations, as the ensemble's leader applies them.
 * Watches are one-shot: `fired` collects (session, path, event) to notify.
 */
export interface Fired {
  session: number;
  path: string;
  event: WatchedEvent;
}

export function createEnsemble(servers: string[]): ZkEnsemble {
  const tree = new Map([["/", { data: "", version: 0, ephemeralOwner: 0 }]]);
  return {
    servers,
    tree,
    sessions: new Map(),
    nextSession: 1,
    dataWatches: new Map(),
    childWatches: new Map(),
    hadQuorum: true,
  };
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export function childrenOf(zk: ZkEnsemble, path: string): string[] {
  const prefix = path === "/" ? "/" : `${path}/`;
  const out: string[] = [];
  for (const key of zk.tree.keys()) {
    if (key.length > prefix.length && key.startsWith(prefix) && !key.includes("/", prefix.length)) {
      out.push(key.slice(prefix.length));
    }
  }
  return out.sort();
}

function addWatch(map: Map<string, Set<number>>, path: string, session: number): void {
  let set = map.get(path);
  if (set === undefined) map.set(path, (set = new Set()));
  set.add(session);
}

function trigger(map: Map<string, Set<number>>, path: string, event: WatchedEvent, fired: Fired[]): void {
  const set = map.get(path);
  if (set === undefined) return;
  map.delete(path);
  for (const session of [...set].sort((a, b) => a - b)) fired.push({ session, path, event });
}

/** Writes create missing parents, as Kafka's ZooKeeper client does (createRecursive). */
function ensureParents(zk: ZkEnsemble, path: string, undo: (() => void)[], fired: Fired[]): void {
  const parent = parentOf(path);
  if (zk.tree.has(parent)) return;
  ensureParents(zk, parent, undo, fired);
  zk.tree.set(parent, { data: "", version: 0, ephemeralOwner: 0 });
  undo.push(() => zk.tree.delete(parent));
  trigger(zk.dataWatches, parent, "NodeCreated", fired);
  trigger(zk.childWatches, parentOf(parent), "NodeChildrenChanged", fired);
}

function write(zk: ZkEnsemble, session: number, op: ZkOp, undo: (() => void)[], fired: Fired[]): ZkError | null {
  const node = zk.tree.get(op.path);
  switch (op.op) {
    case "create": {
      if (node !== undefined) return "NodeExists";
      ensureParents(zk, op.path, undo, fired);
      zk.tree.set(op.path, { data: op.data, version: 0, ephemeralOwner: op.ephemeral ? session : 0 });
      undo.push(() => zk.tree.delete(op.path));
      trigger(zk.dataWatches, op.path, "NodeCreated", fired);
      trigger(zk.childWatches, parentOf(op.path), "NodeChildrenChanged", fired);
      return null;
    }
    case "delete": {
      if (node === undefined) return "NoNode";
      if (op.version !== undefined && op.version !== node.version) return "BadVersion";
      if (childrenOf(zk, op.path).length > 0) return "NotEmpty";
      zk.tree.delete(op.path);
      undo.push(() => zk.tree.set(op.path, node));
      trigger(zk.dataWatches, op.path, "NodeDeleted", fired);
      trigger(zk.childWatches, op.path, "NodeDeleted", fired);
      trigger(zk.childWatches, parentOf(op.path), "NodeChildrenChanged", fired);
      return null;
    }
    case "setData": {
      if (node === undefined) return "NoNode";
      if (op.version !== undefined && op.version !== node.version) return "BadVersion";
      zk.tree.set(op.path, { ...node, data: op.data, version: node.version + 1 });
      undo.push(() => zk.tree.set(op.path, node));
      trigger(zk.dataWatches, op.path, "NodeDataChanged", fired);
      return null;
    }
    case "check":
      if (node === undefined) return "NoNode";
      return op.version === node.version ? null : "BadVersion";
    default:
      return null;
  }
}

function read(zk: ZkEnsemble, session: number, op: ZkOp): ZkResult {
  const node = zk.tree.get(op.path);
  switch (op.op) {
    case "getData":
      if (node === undefined) return { ok: false, error: "NoNode" };
      if (op.watch) addWatch(zk.dataWatches, op.path, session);
      // The Stat carries the owner session of an ephemeral znode (Kafka reads /brokers/ids/<id>'s stat as the broker epoch).
      return { ok: true, data: node.data, version: node.version, ephemeralOwner: node.ephemeralOwner };
    case "getChildren":
      if (node === undefined) return { ok: false, error: "NoNode" };
      if (op.watch) addWatch(zk.childWatches, op.path, session);
      return { ok: true, children: childrenOf(zk, op.path) };
    case "exists":
      // An exists watch is set whether or not the znode exists, so its creation is seen.
      if (op.watch) addWatch(zk.dataWatches, op.path, session);
      return node === undefined
        ? { ok: true, exists: false }
        : { ok: true, exists: true, version: node.version, data: node.data };
    default:
      return { ok: true };
  }
}

const isRead = (op: ZkOp) => op.op === "getData" || op.op === "getChildren" || op.op === "exists";

/**
 * Apply a request. With `multi`, writes are all-or-nothing: on the first
 * failure every earlier write is undone and the others report RolledBack.
 */
export function applyOps(zk: ZkEnsemble, session: number, ops: ZkOp[], multi: boolean, fired: Fired[]): ZkResult[] {
  if (!multi) {
    return ops.map((op) => {
      if (isRead(op)) return read(zk, session, op);
      const error = write(zk, session, op, [], fired);
      return error === null ? { ok: true } : { ok: false, error };
    });
  }
  const undo: (() => void)[] = [];
  const pending: Fired[] = [];
  const watches = [cloneWatches(zk.dataWatches), cloneWatches(zk.childWatches)] as const;
  const results: ZkResult[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const error = isRead(op) ? null : write(zk, session, op, undo, pending);
    if (error !== null) {
      for (let u = undo.length - 1; u >= 0; u--) undo[u]();
      zk.dataWatches = watches[0];
      zk.childWatches = watches[1];
      return ops.map((_, j) => ({ ok: false, error: j === i ? error : "RolledBack" }));
    }
    results.push(isRead(op) ? read(zk, session, op) : { ok: true });
  }
  fired.push(...pending);
  return results;
}

function cloneWatches(map: Map<string, Set<number>>): Map<string, Set<number>> {
  return new Map([...map].map(([path, set]) => [path, new Set(set)]));
}

/** Session expiry or close: its ephemeral znodes go, and their watchers are told. */
export function removeSession(zk: ZkEnsemble, session: number, fired: Fired[]): string[] {
  zk.sessions.delete(session);
  const deleted: string[] = [];
  for (const [path, node] of [...zk.tree]) {
    if (node.ephemeralOwner === session) {
      write(zk, session, { op: "delete", path }, [], fired);
      deleted.push(path);
    }
  }
  for (const map of [zk.dataWatches, zk.childWatches]) {
    for (const set of map.values()) set.delete(session);
  }
  return deleted;
}
