import type { ConsumerSpec, ProducerConfig, ProducerSpec } from "../config";
import { addNode, type Behaviours, crashNode, startNode } from "../core/engine";
import type { World } from "../world";
import { type ConsumerNode, closeConsumer, createConsumerNode } from "./consumer";
import { createProducerNode, type ProducerNode } from "./producer";

/** Add a producer or consumer application to the world and start it. */
export function addClient(
  w: World,
  behaviours: Behaviours<World>,
  spec: ProducerSpec | ConsumerSpec,
  kind: "addProducer" | "addConsumer",
): void {
  const node =
    kind === "addProducer" ? createProducerNode(spec as ProducerSpec) : createConsumerNode(spec as ConsumerSpec);
  addNode(w, node);
  startNode(w, behaviours, node.id);
}

/**
 * Stop a client for good. A consumer closes first (commit, LeaveGroup, so its
 * group rebalances at once); then the node stops and leaves the world.
 */
export function removeClient(w: World, behaviours: Behaviours<World>, id: string): void {
  const node = w.nodes.get(id);
  if (node?.kind === "consumer") closeConsumer(w, node as ConsumerNode);
  crashNode(w, behaviours, id);
  w.nodes.delete(id);
}

/** Live settings (acks, partitioner): kept with the spec, so they also hold after a restart; the next batches use them. */
export function setProducerConfig(w: World, id: string, config: Partial<ProducerConfig>): void {
  const node = w.nodes.get(id) as ProducerNode;
  node.durable.spec.config = { ...node.durable.spec.config, ...config };
}

/** A consumer restarted with another group.id: it leaves its group (LeaveGroup) and joins the new one. */
export function moveConsumer(w: World, behaviours: Behaviours<World>, id: string, groupId: string): void {
  const node = w.nodes.get(id) as ConsumerNode;
  closeConsumer(w, node);
  crashNode(w, behaviours, id);
  node.durable.spec = { ...node.durable.spec, groupId };
  startNode(w, behaviours, id);
}
