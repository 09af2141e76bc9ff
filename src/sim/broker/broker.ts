import {
  controllerOnMessage,
  controllerOnTimer,
  onControllerRequestResponse,
  onControllerWatch,
  onControllerZkReply,
  resignController,
} from "../controller/controller";
import { onElectionReply, startControllerElection } from "../controller/election-zk";
import { brokerIdPath, brokerJson, CONTROLLER } from "../controller/zkPaths";
import { emit, send, setTimer } from "../core/engine";
import type { Message } from "../core/network";
import { createCoordinatorState, handleGroupRequest, onGroupTimer } from "../group/coordinator";
import type { BrokerNode, World } from "../world";
import { brokerIdOf, brokerNodeId, tpKey } from "../world";
import {
  createZkClient,
  zkClose,
  zkConnect,
  zkOnConnectionReset,
  zkOnMessage,
  zkOnPingTimer,
  zkRequest,
  zkStart,
} from "../zookeeper/client";
import { handleProduce, onDelayedProduceTimer } from "./produce";
import {
  ensureFetching,
  handleFetch,
  handleFetchResponse,
  handleOffsetsForLeaderEpoch,
  handleOffsetsForLeaderEpochResponse,
  onAlterPartitionResponse,
  onAlterPartitionTimeout,
  onDelayedFetchTimer,
  onFetchTimeout,
  onFollowerRetry,
  onIsrExpiration,
  onRetentionCheck,
} from "./replication";
import { handleLeaderAndIsr, handleStopReplica, handleUpdateMetadata } from "./requests";
import type { BrokerVolatile } from "./types";

/**
 * A Kafka broker in ZooKeeper mode: it registers /brokers/ids/<id>, races for
 * /controller, hosts replicas (leader or follower), serves produce and fetch,
 * and obeys the controller's LeaderAndIsr / UpdateMetadata / StopReplica.
 */
export function createBrokerVolatile(w: World, id: number): BrokerVolatile {
  return {
    status: "starting",
    zk: createZkClient(w.config.broker["zookeeper.session.timeout.ms"], id - 1),
    registered: false,
    brokerEpoch: -1,
    controllerId: -1,
    controllerEpoch: 0,
    controller: null,
    metadata: { brokers: [], partitions: new Map() },
    partitions: new Map(),
    fetchers: new Map(),
    delayedFetches: [],
    delayedProduces: [],
    controlledShutdownAttempts: 0,
    coordinator: createCoordinatorState(),
  };
}

export function vol(node: BrokerNode): BrokerVolatile {
  return node.volatile as BrokerVolatile;
}

export const brokerBehaviour = {
  start(w: World, node: BrokerNode): void {
    node.volatile = createBrokerVolatile(w, node.durable.id);
    node.durable.cleanShutdown = false;
    emit(w, { t: w.now, type: "node.started", node: node.id });
    zkStart(w, node, vol(node).zk);
    const cfg = w.config.broker;
    setTimer(w, node, cfg["replica.lag.time.max.ms"] / 2, "isr.expiration");
    setTimer(w, node, cfg["log.retention.check.interval.ms"], "retention");
  },

  message(w: World, node: BrokerNode, msg: Message): void {
    const v = vol(node);
    if (msg.kind === "zookeeper") {
      onZookeeper(w, node, msg);
      return;
    }
    switch (msg.type) {
      case "LeaderAndIsr":
        handleLeaderAndIsr(w, node, msg);
        return;
      case "UpdateMetadata":
        handleUpdateMetadata(w, node, msg);
        return;
      case "StopReplica":
        handleStopReplica(w, node, msg);
        return;
      case "Fetch":
        handleFetch(w, node, msg);
        return;
      case "FetchResponse":
        handleFetchResponse(w, node, msg);
        return;
      case "OffsetsForLeaderEpoch":
        handleOffsetsForLeaderEpoch(w, node, msg);
        return;
      case "OffsetsForLeaderEpochResponse":
        handleOffsetsForLeaderEpochResponse(w, node, msg);
        return;
      case "AlterPartitionResponse":
        onAlterPartitionResponse(w, node, msg);
        return;
      case "Produce":
        handleProduce(w, node, msg);
        return;
      case "Metadata":
        send(
          w,
          node.id,
          msg.from,
          "metadata",
          "MetadataResponse",
          metadataResponse(v, (msg.body as { correlationId: number }).correlationId),
        );
        return;
      case "ControlledShutdownResponse":
        onControlledShutdownResponse(w, node, msg);
        return;
      case "LeaderAndIsrResponse":
      case "UpdateMetadataResponse":
      case "StopReplicaResponse":
        onControllerRequestResponse(node, msg);
        return;
      default:
        if (!handleGroupRequest(w, node, msg)) controllerOnMessage(w, node, msg);
    }
  },

  timer(w: World, node: BrokerNode, name: string, data: unknown): void {
    const v = vol(node);
    switch (name) {
      case "zk.ping":
        zkOnPingTimer(w, node, v.zk);
        return;
      case "isr.expiration":
        setTimer(w, node, w.config.broker["replica.lag.time.max.ms"] / 2, "isr.expiration");
        onIsrExpiration(w, node);
        return;
      case "retention":
        setTimer(w, node, w.config.broker["log.retention.check.interval.ms"], "retention");
        onRetentionCheck(w, node);
        return;
      case "delayedFetch":
        onDelayedFetchTimer(w, node);
        return;
      case "delayedProduce":
        onDelayedProduceTimer(w, node);
        return;
      case "fetch.timeout":
        onFetchTimeout(w, node);
        return;
      case "fetch.backoff":
        ensureFetching(w, node, data as number);
        return;
      case "follower.retry":
        onFollowerRetry(w, node, data as string);
        return;
      case "alterPartition.timeout":
        onAlterPartitionTimeout(w, node, data as { key: string; partitionEpoch: number });
        return;
      case "controlledShutdown.retry":
        requestControlledShutdown(w, node);
        return;
      default:
        if (!onGroupTimer(w, node, name, data)) controllerOnTimer(w, node, name, data);
    }
  },

  crashed(w: World, node: BrokerNode): void {
    emit(w, { t: w.now, type: "node.crashed", node: node.id });
  },

  /** A peer is down (its connection was refused): give up what waits on it and retry elsewhere or later. */
  connectionReset(w: World, node: BrokerNode, msg: Message): void {
    const v = vol(node);
    const backoff = w.config.broker["replica.fetch.backoff.ms"];
    if (msg.kind === "zookeeper") {
      zkOnConnectionReset(w, node, v.zk, msg);
    } else if (msg.type === "Fetch") {
      const leader = brokerIdOf(msg.to);
      const f = v.fetchers.get(leader);
      if (f === undefined || f.msgId !== msg.id) return;
      f.inFlight = false;
      setTimer(w, node, backoff, "fetch.backoff", leader);
    } else if (msg.type === "OffsetsForLeaderEpoch") {
      for (const p of (msg.body as { partitions: { topic: string; partition: number }[] }).partitions) {
        setTimer(w, node, backoff, "follower.retry", tpKey(p.topic, p.partition));
      }
    } else if (msg.type === "AlterPartition") {
      const body = msg.body as { topic: string; partition: number };
      const p = v.partitions.get(tpKey(body.topic, body.partition));
      if (p !== undefined) p.pendingIsr = null;
    }
  },
};

function onZookeeper(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  const event = zkOnMessage(w, node, v.zk, msg);
  if (event === null) return;
  switch (event.kind) {
    case "connected":
      if (event.newSession) register(w, node);
      return;
    case "expired":
      // KafkaZkClient re-creates the session; the broker re-registers and the controller resigns.
      if (v.controller !== null) resignController(w, node, "ZooKeeper session expired");
      v.registered = false;
      // Reconnect only: the ping timer is still running (a second zkStart would double it).
      if (v.status !== "shutting-down") zkConnect(w, node, v.zk);
      return;
    case "watch":
      if (event.path === CONTROLLER) {
        if (event.event === "NodeDeleted") startControllerElection(w, node);
        else zkRequest(w, node, v.zk, [{ op: "getData", path: CONTROLLER, watch: true }], "controller.read");
      } else if (v.controller !== null) {
        onControllerWatch(w, node, event.path);
      }
      return;
    case "reply":
      if (event.purpose === "register") {
        const r = event.results[0];
        if (r.ok) {
          v.registered = true;
          v.brokerEpoch = v.zk.session;
          if (v.status === "starting") v.status = "running";
          emit(w, { t: w.now, type: "broker.registered", broker: node.durable.id });
          startControllerElection(w, node);
        } else if (v.status === "starting") {
          // /brokers/ids/<id> still belongs to the previous life's session: startup fails and the broker exits
          // (KafkaZkClient.registerBroker → checkedEphemeralCreate throws NodeExistsException; KafkaServer.startup).
          failStartup(w, node);
        }
      } else if (event.purpose.startsWith("controller.") || event.purpose.startsWith("elect.")) {
        onElectionReply(w, node, event.purpose, event.results, event.ctx);
      } else {
        onControllerZkReply(w, node, event.purpose, event.results, event.ctx);
      }
      return;
  }
}

function register(w: World, node: BrokerNode): void {
  const v = vol(node);
  zkRequest(
    w,
    node,
    v.zk,
    [{ op: "create", path: brokerIdPath(node.durable.id), data: brokerJson(node.durable.id, w.now), ephemeral: true }],
    "register",
  );
}

export function metadataResponse(v: BrokerVolatile, correlationId: number) {
  return {
    correlationId,
    controllerId: v.controllerId,
    brokers: v.metadata.brokers,
    partitions: [...v.metadata.partitions.values()],
  };
}

/** Controlled shutdown (KafkaServer.controlledShutdown): ask the controller to move leadership first. */
export function requestControlledShutdown(w: World, node: BrokerNode): void {
  const v = vol(node);
  v.status = "shutting-down";
  const max = w.config.broker["controlled.shutdown.max.retries"];
  if (v.controllerId < 0 || v.controlledShutdownAttempts >= max) {
    finishShutdown(w, node);
    return;
  }
  v.controlledShutdownAttempts++;
  send(w, node.id, brokerNodeId(v.controllerId), "controller", "ControlledShutdown", {
    brokerId: node.durable.id,
    attempt: v.controlledShutdownAttempts,
  });
  // No answer (or a failed one) within the backoff: try again, then stop anyway.
  setTimer(w, node, w.config.broker["controlled.shutdown.retry.backoff.ms"], "controlledShutdown.retry");
}

function onControlledShutdownResponse(w: World, node: BrokerNode, msg: Message): void {
  const v = vol(node);
  if (v.status !== "shutting-down") return;
  const body = msg.body as { error: string | null; partitionsRemaining: string[] };
  if (body.error === null && body.partitionsRemaining.length === 0) finishShutdown(w, node);
}

function failStartup(w: World, node: BrokerNode): void {
  zkClose(w, node, vol(node).zk);
  emit(w, {
    t: w.now,
    type: "broker.startup.failed",
    broker: node.durable.id,
    reason: `its previous ZooKeeper session still holds /brokers/ids/${node.durable.id}`,
  });
  node.up = false;
  node.incarnation++;
  node.volatile = null;
}

/** The last step of a shutdown: close the ZooKeeper session, so /brokers/ids/<id> goes at once. */
function finishShutdown(w: World, node: BrokerNode): void {
  const v = vol(node);
  if (v.controller !== null) resignController(w, node, "controlled shutdown");
  zkClose(w, node, v.zk);
  emit(w, { t: w.now, type: "broker.shutdown", broker: node.durable.id, controlled: true });
  node.up = false;
  node.incarnation++;
  node.volatile = null;
  node.durable.cleanShutdown = true;
}
