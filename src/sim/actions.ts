import type { ConsumerSpec, ProducerConfig, ProducerSpec, TopicSpec } from "./config";

/**
 * Everything a user or a scenario can do to a run. A run is (config, seed,
 * actions): each action is data, so it replays exactly.
 */
export type Action =
  | { type: "crashBroker"; broker: number }
  | { type: "startBroker"; broker: number }
  | { type: "controlledShutdown"; broker: number }
  | { type: "killZookeeper"; server: number }
  | { type: "startZookeeper"; server: number }
  | { type: "expireSession"; broker: number }
  /** Cut `node` off from ZooKeeper, from the brokers, or from everyone. */
  | { type: "isolate"; node: string; from: "zookeeper" | "brokers" | "everyone" }
  | { type: "partitionNetwork"; a: string[]; b: string[] }
  | { type: "heal" }
  | { type: "slowLink"; from: string; to: string; extraMs: number }
  /** Slow every link to and from a node (a follower on a congested network); 0 restores it. */
  | { type: "slowNode"; node: string; extraMs: number }
  | { type: "createTopic"; topic: TopicSpec }
  /** Start a new producer application (its node id is `producer.id`). */
  | { type: "addProducer"; producer: ProducerSpec }
  | { type: "removeProducer"; producer: string }
  /** Change a running producer's settings live: the next batches use them. */
  | { type: "setProducerConfig"; producer: string; config: Partial<Pick<ProducerConfig, "acks" | "partitioner">> }
  | { type: "addConsumer"; consumer: ConsumerSpec }
  /** Close a consumer (commit, LeaveGroup) and remove it. */
  | { type: "removeConsumer"; consumer: string }
  /** The consumer's application stops calling poll() for `ms` (a slow handler); past max.poll.interval.ms it leaves its group. */
  | { type: "stallConsumer"; consumer: string; ms: number }
  /** Restart a consumer with another group.id: it leaves its group and joins the other one. */
  | { type: "moveConsumer"; consumer: string; groupId: string }
  /** Crash a producer or consumer: it loses everything it had in memory. */
  | { type: "crashClient"; node: string }
  | { type: "restartClient"; node: string };

export type ActionType = Action["type"];

/** An action in a run. User actions pin the event count they followed, so replay is exact. */
export interface TimedAction {
  at: number;
  afterEvent?: number;
  action: Action;
}
