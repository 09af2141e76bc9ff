import type { TimedAction } from "./actions";
import type { BrokerDurable, BrokerVolatile } from "./broker/types";
import type { ClusterConfig } from "./config";
import { type CoreWorld, createCoreWorld, type NodeState } from "./core/engine";
import type { SimEvent } from "./events";
import type { MonitorState } from "./monitor";
import { createEnsemble } from "./zookeeper/tree";
import type { ZkEnsemble } from "./zookeeper/types";

export type BrokerNode = NodeState<"broker", BrokerDurable, BrokerVolatile>;
export type ZookeeperNode = NodeState<"zookeeper", null, null>;

/** The whole simulated world: the core plus Kafka's cluster-wide pieces. Plain data throughout. */
export interface World extends CoreWorld<SimEvent> {
  config: ClusterConfig;
  zk: ZkEnsemble;
  monitor: MonitorState;
  /** Actions not yet applied, in order. */
  pendingActions: TimedAction[];
}

/** Memoized: ids are built on every request, and a pure function of the number. */
const brokerNodeIds: string[] = [];
export const brokerNodeId = (id: number) => brokerNodeIds[id] ?? (brokerNodeIds[id] = `broker-${id}`);
export const zkNodeId = (i: number) => `zk-${i}`;
export const brokerIdOf = (node: string) => Number(node.slice("broker-".length));
const tpKeys = new Map<string, string[]>();
/** "topic-partition", memoized like `brokerNodeId`. */
export function tpKey(topic: string, partition: number): string {
  let row = tpKeys.get(topic);
  if (row === undefined) tpKeys.set(topic, (row = []));
  return row[partition] ?? (row[partition] = `${topic}-${partition}`);
}

export function createWorldBase(config: ClusterConfig, seed: number, monitor: MonitorState): World {
  const core = createCoreWorld<SimEvent>(seed, config.network, 5000);
  const servers = Array.from({ length: config.zookeeperServers }, (_, i) => zkNodeId(i + 1));
  return { ...core, config, zk: createEnsemble(servers), monitor, pendingActions: [] };
}

export function brokerNode(w: World, id: number): BrokerNode | undefined {
  return w.nodes.get(brokerNodeId(id)) as BrokerNode | undefined;
}

export function zkQuorum(w: World): boolean {
  let up = 0;
  for (const id of w.zk.servers) if (w.nodes.get(id)?.up) up++;
  return up > w.zk.servers.length / 2;
}
