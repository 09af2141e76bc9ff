import type { Action } from "./actions";
import { requestControlledShutdown, vol } from "./broker/broker";
import { type ConsumerNode, stallConsumer } from "./clients/consumer";
import { addClient, moveConsumer, removeClient, setProducerConfig } from "./clients/nodes";
import { requestCreateTopic } from "./controller/controller";
import { crashNode, emit, startNode } from "./core/engine";
import { setSlow } from "./core/network";
import { type BrokerNode, brokerNode, brokerNodeId, type World, zkNodeId, zkQuorum } from "./world";
import { behaviours } from "./world-setup";
import { expireSession, reportQuorum } from "./zookeeper/server";

/** Carry out one action now. An action that cannot apply is reported and changes nothing. */
export function applyAction(w: World, action: Action): void {
  const problem = validate(w, action);
  if (problem !== null) {
    emit(w, { t: w.now, type: "action.rejected", action, reason: problem });
    return;
  }
  emit(w, { t: w.now, type: "action", action });
  switch (action.type) {
    case "crashBroker":
      crashNode(w, behaviours, brokerNodeId(action.broker));
      return;
    case "startBroker":
      startNode(w, behaviours, brokerNodeId(action.broker));
      return;
    case "controlledShutdown": {
      const node = brokerNode(w, action.broker)!;
      vol(node).controlledShutdownAttempts = 0;
      requestControlledShutdown(w, node);
      return;
    }
    case "killZookeeper":
      crashNode(w, behaviours, zkNodeId(action.server));
      return;
    case "startZookeeper":
      startNode(w, behaviours, zkNodeId(action.server));
      reportQuorum(w);
      return;
    case "expireSession": {
      const session = [...w.zk.sessions.values()].find((s) => s.owner === brokerNodeId(action.broker));
      if (session !== undefined) expireSession(w, session.id);
      return;
    }
    case "isolate": {
      const others =
        action.from === "zookeeper"
          ? w.zk.servers
          : action.from === "brokers"
            ? [...w.nodes.values()].filter((n) => n.kind === "broker" && n.id !== action.node).map((n) => n.id)
            : ("everyone" as const);
      w.net.cuts.push({ id: w.net.nextCutId++, a: [action.node], b: others });
      return;
    }
    case "partitionNetwork":
      w.net.cuts.push({ id: w.net.nextCutId++, a: action.a, b: action.b });
      return;
    case "heal":
      w.net.cuts = [];
      w.net.slow = {};
      return;
    case "slowLink":
      setSlow(w.net, action.from, action.to, action.extraMs);
      return;
    case "slowNode":
      for (const other of w.nodes.keys()) {
        if (other === action.node) continue;
        setSlow(w.net, action.node, other, action.extraMs);
        setSlow(w.net, other, action.node, action.extraMs);
      }
      return;
    case "createTopic": {
      const controller = findController(w)!;
      requestCreateTopic(w, controller, action.topic);
      return;
    }
    case "addProducer":
    case "addConsumer":
      addClient(w, behaviours, action.type === "addProducer" ? action.producer : action.consumer, action.type);
      return;
    case "removeProducer":
      removeClient(w, behaviours, action.producer);
      return;
    case "removeConsumer":
      removeClient(w, behaviours, action.consumer);
      return;
    case "moveConsumer":
      moveConsumer(w, behaviours, action.consumer, action.groupId);
      return;
    case "stallConsumer":
      stallConsumer(w, w.nodes.get(action.consumer) as ConsumerNode, action.ms);
      return;
    case "setProducerConfig":
      setProducerConfig(w, action.producer, action.config);
      return;
    case "crashClient":
      crashNode(w, behaviours, action.node);
      return;
    case "restartClient":
      startNode(w, behaviours, action.node);
      return;
  }
}

export function findController(w: World): BrokerNode | undefined {
  for (const node of w.nodes.values()) {
    if (node.kind === "broker" && node.up && (node as BrokerNode).volatile?.controller?.initialized)
      return node as BrokerNode;
  }
  return undefined;
}

function validate(w: World, action: Action): string | null {
  const broker = (id: number) => w.nodes.get(brokerNodeId(id));
  switch (action.type) {
    case "crashBroker":
    case "controlledShutdown":
    case "expireSession":
      if (broker(action.broker) === undefined) return `there is no broker ${action.broker}`;
      if (!broker(action.broker)!.up) return `broker ${action.broker} is not running`;
      // Only a ZooKeeper with a quorum expires sessions.
      return zkQuorum(w) ? null : "ZooKeeper has no quorum, so no session can expire";
    case "startBroker":
      if (broker(action.broker) === undefined) return `there is no broker ${action.broker}`;
      return broker(action.broker)!.up ? `broker ${action.broker} is already running` : null;
    case "killZookeeper":
    case "startZookeeper": {
      const node = w.nodes.get(zkNodeId(action.server));
      if (node === undefined) return `there is no ZooKeeper server ${action.server}`;
      if (action.type === "killZookeeper") return node.up ? null : `ZooKeeper server ${action.server} is already down`;
      return node.up ? `ZooKeeper server ${action.server} is already running` : null;
    }
    case "isolate":
      return w.nodes.has(action.node) ? null : `there is no node ${action.node}`;
    case "partitionNetwork": {
      const unknown = [...action.a, ...action.b].find((n) => !w.nodes.has(n));
      return unknown === undefined ? null : `there is no node ${unknown}`;
    }
    case "slowLink":
      if (!w.nodes.has(action.from)) return `there is no node ${action.from}`;
      if (!w.nodes.has(action.to)) return `there is no node ${action.to}`;
      return Number.isFinite(action.extraMs) && action.extraMs >= 0 && action.extraMs <= 600000
        ? null
        : "extra latency must be between 0 and 600000 ms";
    case "slowNode":
      if (!w.nodes.has(action.node)) return `there is no node ${action.node}`;
      return Number.isFinite(action.extraMs) && action.extraMs >= 0 && action.extraMs <= 600000
        ? null
        : "extra latency must be between 0 and 600000 ms";
    case "heal":
      return null;
    case "createTopic":
      return findController(w) === undefined ? "no controller is available to create the topic" : null;
    case "addProducer":
    case "addConsumer": {
      const spec = action.type === "addProducer" ? action.producer : action.consumer;
      const kind = action.type === "addProducer" ? "producer" : "consumer";
      // The same node ids the scenario format accepts (producer-1, consumer-2).
      if (!new RegExp(`^${kind}-[0-9]+$`).test(spec.id)) return `a ${kind}'s id must look like ${kind}-1`;
      if (w.nodes.has(spec.id)) return `there is already a node ${spec.id}`;
      if (action.type === "addProducer" && !(Number.isFinite(action.producer.rate) && action.producer.rate >= 0))
        return "the rate must be a number of records per second, 0 or more";
      return w.config.topics.some((t) => t.name === spec.topic) ? null : `there is no topic ${spec.topic}`;
    }
    case "removeProducer":
      return w.nodes.get(action.producer)?.kind === "producer" ? null : `there is no producer ${action.producer}`;
    case "removeConsumer":
      return w.nodes.get(action.consumer)?.kind === "consumer" ? null : `there is no consumer ${action.consumer}`;
    case "stallConsumer": {
      const node = w.nodes.get(action.consumer);
      if (node?.kind !== "consumer") return `there is no consumer ${action.consumer}`;
      if (!node.up) return `${action.consumer} is not running`;
      return Number.isInteger(action.ms) && action.ms > 0 && action.ms <= 3_600_000
        ? null
        : "a stall lasts 1 ms to 1 hour";
    }
    case "moveConsumer":
      if (w.nodes.get(action.consumer)?.kind !== "consumer") return `there is no consumer ${action.consumer}`;
      return /^[^\s]{1,249}$/.test(action.groupId) ? null : "a group id is 1 to 249 characters without spaces";
    case "setProducerConfig": {
      if (w.nodes.get(action.producer)?.kind !== "producer") return `there is no producer ${action.producer}`;
      const { acks, partitioner } = action.config;
      if (acks !== undefined && !["all", "1", "0"].includes(acks)) return `acks must be all, 1 or 0, not ${acks}`;
      if (partitioner !== undefined && partitioner !== "sticky" && partitioner !== "round-robin")
        return `partitioner must be sticky or round-robin, not ${partitioner}`;
      return null;
    }
    case "crashClient":
    case "restartClient": {
      const node = w.nodes.get(action.node);
      if (node === undefined || (node.kind !== "producer" && node.kind !== "consumer"))
        return `there is no producer or consumer ${action.node}`;
      if (action.type === "crashClient") return node.up ? null : `${action.node} is not running`;
      return node.up ? `${action.node} is already running` : null;
    }
  }
}
