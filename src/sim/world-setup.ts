import { brokerBehaviour } from "./broker/broker";
import { consumerBehaviour } from "./clients/consumer";
import { addClient } from "./clients/nodes";
import { producerBehaviour } from "./clients/producer";
import type { ClusterConfig, TopicSpec } from "./config";
import { assignReplicasToBrokers, randomPlacementChoices } from "./controller/replicaPlacement";
import { BROKER_TOPICS, topicAssignmentJson, topicPath } from "./controller/zkPaths";
import { addNode, type Behaviours, startNode, stream } from "./core/engine";
import { nextInt } from "./core/rng";
import { createMonitor } from "./monitor";
import { type BrokerNode, brokerNodeId, createWorldBase, type World, type ZookeeperNode, zkNodeId } from "./world";
import { zookeeperBehaviour } from "./zookeeper/server";
import { applyOps } from "./zookeeper/tree";

export const behaviours: Behaviours<World> = {
  broker: brokerBehaviour,
  zookeeper: zookeeperBehaviour,
  producer: producerBehaviour,
  consumer: consumerBehaviour,
} as unknown as Behaviours<World>;

/** Replica placement for a topic, drawn from a named seeded stream (AdminUtils.assignReplicasToBrokers). */
export function placeTopic(w: World, spec: TopicSpec, brokers: number[], streamName: string): number[][] {
  const rng = stream(w, streamName);
  const choices = randomPlacementChoices(brokers.length, (n) => nextInt(rng, n));
  return assignReplicasToBrokers(brokers, spec.partitions, spec.replicationFactor, choices);
}

/**
 * A new world: the ZooKeeper ensemble up, the configured topics already
 * defined in ZooKeeper (as if an admin created them before the cluster
 * started), and every broker starting at t = 0 and racing for /controller.
 */
export function createWorld(config: ClusterConfig, seed: number): World {
  const w = createWorldBase(structuredClone(config), seed, createMonitor());
  for (let i = 1; i <= config.zookeeperServers; i++) {
    addNode<ZookeeperNode>(w, {
      id: zkNodeId(i),
      kind: "zookeeper",
      up: false,
      incarnation: 0,
      durable: null,
      volatile: null,
    });
    startNode(w, behaviours, zkNodeId(i));
  }
  const brokerIds = Array.from({ length: config.brokers }, (_, i) => i + 1);
  applyOps(w.zk, 0, [{ op: "create", path: BROKER_TOPICS, data: "" }], false, []);
  for (const spec of config.topics) {
    const assignment = placeTopic(w, spec, brokerIds, "admin:placement");
    applyOps(w.zk, 0, [{ op: "create", path: topicPath(spec.name), data: topicAssignmentJson(assignment) }], false, []);
  }
  for (const id of brokerIds) {
    addNode<BrokerNode>(w, {
      id: brokerNodeId(id),
      kind: "broker",
      up: false,
      incarnation: 0,
      durable: { id, cleanShutdown: false, logs: new Map() },
      volatile: null,
    });
    startNode(w, behaviours, brokerNodeId(id));
  }
  // Configured clients start with the cluster; they bootstrap once a broker answers Metadata.
  for (const spec of config.producers ?? []) addClient(w, behaviours, spec, "addProducer");
  for (const spec of config.consumers ?? []) addClient(w, behaviours, spec, "addConsumer");
  return w;
}
