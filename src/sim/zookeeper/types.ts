/** ZooKeeper's data model and wire messages, as far as Kafka uses them. */
export interface Znode {
  data: string;
  version: number;
  /** Session that owns this ephemeral znode; 0 for a persistent one. */
  ephemeralOwner: number;
}

export interface ZkSession {
  id: number;
  owner: string;
  /** The server this session is connected through, and that server's life (a restart drops its connections). */
  server: string;
  serverIncarnation: number;
  timeoutMs: number;
  lastHeard: number;
  /**
   * Watch notifications in the order they fired, numbered, kept until the client reports it has
   * them. Over TCP a notification is either delivered in order or the connection breaks; on
   * reconnecting the client re-registers its watches (SetWatches) and gets the ones it missed.
   */
  notifications: { seq: number; path: string; event: WatchedEvent }[];
  notificationSeq: number;
  /**
   * The latest replies by xid. A client resends unanswered requests after reconnecting; one that was
   * applied before its reply was lost is answered from here, not applied twice (the simulator's
   * stand-in for ZooKeeper's ordered, exactly-once session pipeline).
   */
  replies: [number, ZkResult[]][];
}

export type ZkOp =
  | { op: "create"; path: string; data: string; ephemeral?: boolean }
  | { op: "delete"; path: string; version?: number }
  | { op: "setData"; path: string; data: string; version?: number }
  | { op: "check"; path: string; version: number }
  | { op: "getData"; path: string; watch?: boolean }
  | { op: "getChildren"; path: string; watch?: boolean }
  | { op: "exists"; path: string; watch?: boolean };

export type ZkError = "NodeExists" | "NoNode" | "BadVersion" | "NotEmpty" | "RolledBack";

export type ZkResult =
  | { ok: true; data?: string; version?: number; children?: string[]; exists?: boolean; ephemeralOwner?: number }
  | { ok: false; error: ZkError };

export type WatchedEvent = "NodeCreated" | "NodeDeleted" | "NodeDataChanged" | "NodeChildrenChanged";

/** Client → server. `multi` applies every write atomically or none (ZooKeeper's multi). */
export interface ZkRequestBody {
  session: number;
  xid: number;
  ops: ZkOp[];
  multi: boolean;
  /** Pings: the last watch notification the client has. */
  lastNotification?: number;
}

export interface ZkReplyBody {
  xid: number;
  /** The session the request came on: a reply meant for an earlier session (or life) is ignored. */
  session?: number;
  results: ZkResult[];
  /** ConnectionLoss: the client's connection is gone (its server restarted); it must reconnect. */
  error?: "SessionExpired" | "ConnectionLoss";
}

export interface ZkConnectBody {
  /** The session to resume, or 0 to open a new one. */
  session: number;
  timeoutMs: number;
  /** Resuming: the last watch notification the client has; later ones are sent again. */
  lastNotification?: number;
}

export interface ZkConnectReplyBody {
  session: number;
  expired: boolean;
  /** The ConnectRequest answered: only the client's latest attempt counts (a TCP connection of its own). */
  requestId?: number;
}

export interface ZkWatchBody {
  path: string;
  event: WatchedEvent;
  /** The notification's number in its session: the client notices a gap. */
  seq?: number;
}

export interface ZkPingReplyBody {
  xid: number;
  /** The newest notification fired for the session: if the client lacks it, one was lost. */
  lastNotification: number;
}

export interface ZkEnsemble {
  servers: string[];
  tree: Map<string, Znode>;
  sessions: Map<number, ZkSession>;
  nextSession: number;
  dataWatches: Map<string, Set<number>>;
  childWatches: Map<string, Set<number>>;
  /** Whether a majority was up at the last tick; on regaining it, sessions get a fresh timeout. */
  hadQuorum: boolean;
}

/** ZooKeeper's tickTime: session expiry is checked at this granularity. */
export const ZK_TICK_MS = 2000;
