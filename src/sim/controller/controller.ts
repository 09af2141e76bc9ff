import { vol } from "../broker/broker";
import type { PartitionStateBody } from "../broker/requests";
import { type TopicSpec, topicSetting } from "../config";
import { emit, send, setTimer, stream } from "../core/engine";
import type { Message } from "../core/network";
import { nextInt } from "../core/rng";
import type { LeaderElectionReason, PartitionStateName, ReplicaStateName } from "../events";
import { onUncleanElection } from "../monitor";
import { type BrokerNode, brokerNodeId, tpKey, type World } from "../world";
import { zkRequest } from "../zookeeper/client";
import type { ZkOp, ZkResult } from "../zookeeper/types";
import {
  controlledShutdownPartitionLeaderElection,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
} from "./election";
import { assignReplicasToBrokers, randomPlacementChoices } from "./replicaPlacement";
import type { AlterPartitionBody, ControllerEvent, ControllerPartition, ControllerState } from "./types";
import { NO_LEADER } from "./types";
import {
  BROKER_IDS,
  BROKER_TOPICS,
  CONTROLLER,
  CONTROLLER_EPOCH,
  parseTopicAssignment,
  partitionStateJson,
  partitionStatePath,
  topicAssignmentJson,
  topicPath,
} from "./zkPaths";

/**
 * The controller (KafkaController in ZooKeeper mode). It processes one event
 * at a time; every decision is written to ZooKeeper, conditional on the
 * controller epoch's zkVersion, before LeaderAndIsr and UpdateMetadata go out.
 */

function ctlOf(node: BrokerNode): ControllerState {
  return vol(node).controller!;
}

export function startController(w: World, node: BrokerNode, epoch: number, epochZkVersion: number): void {
  vol(node).controller = {
    queue: [],
    busy: false,
    epoch,
    epochZkVersion,
    initialized: false,
    liveBrokers: [],
    brokerEpochs: new Map(),
    shuttingDown: [],
    topics: new Map(),
    partitions: new Map(),
    replicaStates: new Map(),
    inFlight: new Map(),
    nextCorrelationId: 1,
  };
  enqueue(w, node, { type: "Startup" });
  scheduleAutoRebalance(w, node);
}

export function resignController(w: World, node: BrokerNode, reason: string): void {
  const v = vol(node);
  if (v.controller === null) return;
  emit(w, { t: w.now, type: "controller.resigned", broker: node.durable.id, epoch: v.controller.epoch, reason });
  v.controller = null;
  if (v.controllerId === node.durable.id) v.controllerId = -1;
}

export function enqueue(w: World, node: BrokerNode, event: ControllerEvent): void {
  const ctl = ctlOf(node);
  ctl.queue.push(event);
  processNext(w, node);
}

function processNext(w: World, node: BrokerNode): void {
  const ctl = vol(node).controller;
  while (ctl !== null && !ctl.busy && ctl.queue.length > 0) {
    const event = ctl.queue.shift()!;
    if (!ctl.initialized && event.type !== "Startup") {
      ctl.queue.unshift(event);
      return;
    }
    ctl.busy = true;
    begin(w, node, event);
  }
}

function done(w: World, node: BrokerNode): void {
  const ctl = vol(node).controller;
  if (ctl === null) return;
  ctl.busy = false;
  processNext(w, node);
}

function zk(w: World, node: BrokerNode, ops: ZkOp[], purpose: string, ctx: unknown = null, multi = false): void {
  zkRequest(w, node, vol(node).zk, ops, purpose, ctx, multi);
}

function begin(w: World, node: BrokerNode, event: ControllerEvent): void {
  const ctl = ctlOf(node);
  switch (event.type) {
    case "Startup":
    case "BrokerChange":
      zk(w, node, [{ op: "getChildren", path: BROKER_IDS, watch: true }], "ctl.brokers", event.type);
      return;
    case "TopicChange":
      zk(w, node, [{ op: "getChildren", path: BROKER_TOPICS, watch: true }], "ctl.topics", "TopicChange");
      return;
    case "AlterPartition":
      alterPartition(w, node, event.from, event.body);
      return;
    case "ControlledShutdown":
      controlledShutdown(w, node, event.from, event.brokerId);
      return;
    case "AutoPreferredReplicaLeaderElection":
      write(w, node, preferredReplicaElections(w, ctl), { kind: "done" });
      return;
    case "CreateTopic":
      createTopic(w, node, event.spec);
      return;
  }
}

// ---- ZooKeeper replies and watches ----

export function onControllerWatch(w: World, node: BrokerNode, path: string): void {
  if (path === BROKER_IDS) enqueue(w, node, { type: "BrokerChange" });
  else if (path === BROKER_TOPICS) enqueue(w, node, { type: "TopicChange" });
}

export function onControllerZkReply(
  w: World,
  node: BrokerNode,
  purpose: string,
  results: ZkResult[],
  ctx: unknown,
): void {
  const ctl = vol(node).controller;
  if (ctl === null) return;
  switch (purpose) {
    case "ctl.brokers": {
      const r = results[0];
      const brokers = r.ok ? (r.children ?? []).map(Number).sort((a, b) => a - b) : [];
      // Read each broker's znode too: its stat gives the broker epoch (KafkaZkClient.getAllBrokerAndEpochsInCluster).
      zk(
        w,
        node,
        brokers.map((b) => ({ op: "getData", path: `${BROKER_IDS}/${b}` })),
        "ctl.brokerEpochs",
        { next: ctx, brokers },
      );
      return;
    }
    case "ctl.brokerEpochs": {
      const c = ctx as { next: string; brokers: number[] };
      const epochs = new Map<number, number>();
      c.brokers.forEach((b, i) => {
        const r = results[i];
        if (r?.ok) epochs.set(b, r.ephemeralOwner ?? 0);
      });
      const brokers = c.brokers.filter((b) => epochs.has(b));
      if (c.next === "Startup") {
        ctl.liveBrokers = brokers;
        ctl.brokerEpochs = epochs;
        zk(w, node, [{ op: "getChildren", path: BROKER_TOPICS, watch: true }], "ctl.topics", "Startup");
      } else {
        onBrokerChange(w, node, brokers, epochs);
      }
      return;
    }
    case "ctl.topics": {
      const r = results[0];
      const names = r.ok ? (r.children ?? []) : [];
      const fresh = names.filter((t) => !ctl.topics.has(t));
      if (fresh.length === 0) {
        if (ctx === "Startup") onControllerFailover(w, node);
        else done(w, node);
        return;
      }
      zk(
        w,
        node,
        fresh.map((t) => ({ op: "getData", path: topicPath(t) })),
        "ctl.assignments",
        { next: ctx, topics: fresh },
      );
      return;
    }
    case "ctl.assignments": {
      const c = ctx as { next: string; topics: string[] };
      const ops: ZkOp[] = [];
      c.topics.forEach((topic, i) => {
        const r = results[i];
        if (!r.ok || r.data === undefined) return;
        const assignment = parseTopicAssignment(r.data);
        ctl.topics.set(topic, assignment);
        assignment.forEach((replicas, p) => {
          ctl.partitions.set(tpKey(topic, p), {
            topic,
            partition: p,
            replicas,
            leader: NO_LEADER,
            leaderEpoch: -1,
            isr: [],
            zkVersion: -1,
            state: "NonExistentPartition",
          });
          ops.push({ op: "getData", path: partitionStatePath(topic, p) });
        });
      });
      zk(w, node, ops, "ctl.states", { next: c.next, topics: c.topics });
      return;
    }
    case "ctl.states": {
      const c = ctx as { next: string; topics: string[] };
      let i = 0;
      for (const topic of c.topics) {
        for (let p = 0; p < (ctl.topics.get(topic)?.length ?? 0); p++) {
          const r = results[i++];
          const part = ctl.partitions.get(tpKey(topic, p))!;
          if (r?.ok && r.data !== undefined) {
            const s = JSON.parse(r.data) as { leader: number; leader_epoch: number; isr: number[] };
            Object.assign(part, {
              leader: s.leader,
              leaderEpoch: s.leader_epoch,
              isr: s.isr,
              zkVersion: r.version ?? 0,
            });
            initialState(
              w,
              ctl,
              part,
              ctl.liveBrokers.includes(s.leader) ? "OnlinePartition" : "OfflinePartition",
              c.next,
            );
          } else {
            initialState(w, ctl, part, "NewPartition", c.next);
          }
        }
      }
      if (c.next === "Startup") onControllerFailover(w, node);
      else write(w, node, reconcile(w, ctl), { kind: "done" });
      return;
    }
    case "ctl.write":
      onWriteResult(w, node, results, ctx as WriteContext);
      return;
    case "ctl.createTopic": {
      const spec = ctx as TopicSpec;
      if (!results[0].ok) rejectTopic(w, spec, "TOPIC_ALREADY_EXISTS", `Topic '${spec.name}' already exists.`);
      done(w, node);
      return;
    }
  }
}

function replicaStateFor(ctl: ControllerState, broker: number): ReplicaStateName {
  return ctl.liveBrokers.includes(broker) ? "OnlineReplica" : "OfflineReplica";
}

/** KafkaController.onControllerFailover: announce metadata, resend LeaderAndIsr, elect where needed. */
function onControllerFailover(w: World, node: BrokerNode): void {
  const ctl = ctlOf(node);
  ctl.initialized = true;
  sendUpdateMetadata(w, node, ctl.liveBrokers);
  const online = [...ctl.partitions.values()].filter((p) => p.state === "OnlinePartition");
  sendLeaderAndIsr(w, node, online, ctl.liveBrokers);
  write(w, node, reconcile(w, ctl), { kind: "done" });
}

/** onBrokerStartup / onBrokerFailure (KafkaController.processBrokerChange). */
function onBrokerChange(w: World, node: BrokerNode, current: number[], epochs: Map<number, number>): void {
  const ctl = ctlOf(node);
  // A broker that failed and registered again between two reads has a new epoch: handle it as failed now and
  // as started on a re-read (KafkaController.processBrokerChange: bouncedBrokerIds).
  const bounced = current.filter((b) => ctl.liveBrokers.includes(b) && ctl.brokerEpochs.get(b) !== epochs.get(b));
  const brokers = current.filter((b) => !bounced.includes(b));
  ctl.brokerEpochs = new Map(brokers.map((b) => [b, epochs.get(b)!]));
  if (bounced.length > 0) enqueue(w, node, { type: "BrokerChange" });
  const started = brokers.filter((b) => !ctl.liveBrokers.includes(b));
  const failed = ctl.liveBrokers.filter((b) => !brokers.includes(b));
  ctl.liveBrokers = brokers;
  ctl.shuttingDown = ctl.shuttingDown.filter((b) => brokers.includes(b));
  for (const [id, pending] of ctl.inFlight) if (failed.includes(pending.broker)) ctl.inFlight.delete(id);
  for (const part of ctl.partitions.values()) {
    for (const b of part.replicas) {
      if (started.includes(b) || failed.includes(b)) setReplicaState(w, ctl, part, b, replicaStateFor(ctl, b));
    }
  }
  if (started.length > 0) {
    sendUpdateMetadata(w, node, brokers);
    // The restarted broker learns every partition it hosts, as a follower or leader.
    const hosted = [...ctl.partitions.values()].filter(
      (p) => p.replicas.some((r) => started.includes(r)) && p.leaderEpoch >= 0,
    );
    sendLeaderAndIsr(w, node, hosted, started);
  }
  write(w, node, reconcile(w, ctl), { kind: "done" });
}

// ---- decisions ----

/** A decided change of one partition's leader and ISR, to be written to ZooKeeper. */
interface Change {
  key: string;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  state: PartitionStateName;
  reason: LeaderElectionReason | "isr-shrink" | "no-leader";
  create: boolean;
}

type WriteContext =
  | { kind: "done"; changes?: Change[] }
  | { kind: "alterPartition"; changes?: Change[]; from: string; body: AlterPartitionBody }
  | { kind: "controlledShutdown"; changes?: Change[]; from: string; brokerId: number; stop: string[] };

/**
 * Bring every partition in line with the live brokers: elect a leader where it
 * is missing (new or offline partitions), drop dead brokers from ISRs.
 */
function reconcile(w: World, ctl: ControllerState): Change[] {
  const changes: Change[] = [];
  const live = ctl.liveBrokers;
  for (const [key, part] of ctl.partitions) {
    const liveReplicas = part.replicas.filter((r) => live.includes(r));
    if (part.state === "NewPartition") {
      // NewPartition → OnlinePartition: the first live replica leads, the live replicas form the ISR.
      if (liveReplicas.length === 0) continue;
      changes.push({
        key,
        leader: liveReplicas[0],
        leaderEpoch: 0,
        isr: liveReplicas,
        state: "OnlinePartition",
        reason: "new-partition",
        create: true,
      });
    } else if (!live.includes(part.leader)) {
      const unclean = topicSetting(w.config, topicSpec(w, part.topic), "unclean.leader.election.enable");
      const elected = offlinePartitionLeaderElection(part.replicas, part.isr, liveReplicas, unclean);
      if (elected !== null) {
        const isr = elected.unclean ? [elected.leader] : part.isr.filter((r) => live.includes(r));
        changes.push({
          key,
          leader: elected.leader,
          leaderEpoch: part.leaderEpoch + 1,
          isr,
          state: "OnlinePartition",
          reason: elected.unclean ? "unclean" : "offline",
          create: false,
        });
      } else if (part.leader !== NO_LEADER || part.state !== "OfflinePartition") {
        // No eligible replica: the partition goes offline, keeping its last ISR member so it can come back clean.
        changes.push({
          key,
          leader: NO_LEADER,
          leaderEpoch: part.leaderEpoch + 1,
          isr: shrinkIsr(part.isr, live),
          state: "OfflinePartition",
          reason: "no-leader",
          create: false,
        });
      }
    } else if (part.isr.some((r) => !live.includes(r))) {
      changes.push({
        key,
        leader: part.leader,
        leaderEpoch: part.leaderEpoch + 1,
        isr: shrinkIsr(part.isr, live),
        state: "OnlinePartition",
        reason: "isr-shrink",
        create: false,
      });
    }
  }
  return changes;
}

/** ReplicaStateMachine.removeReplicasFromIsr: never empties the ISR; the last member stays. */
function shrinkIsr(isr: number[], live: number[]): number[] {
  const kept = isr.filter((r) => live.includes(r));
  return kept.length > 0 ? kept : isr.slice(-1);
}

function preferredReplicaElections(w: World, ctl: ControllerState): Change[] {
  const pct = w.config.broker["leader.imbalance.per.broker.percentage"];
  const changes: Change[] = [];
  for (const b of ctl.liveBrokers) {
    const preferredHere = [...ctl.partitions.entries()].filter(
      ([, p]) => p.replicas[0] === b && p.state === "OnlinePartition",
    );
    const imbalanced = preferredHere.filter(([, p]) => p.leader !== b);
    if (preferredHere.length === 0 || (imbalanced.length * 100) / preferredHere.length <= pct) continue;
    for (const [key, p] of imbalanced) {
      const leader = preferredReplicaPartitionLeaderElection(p.replicas, p.isr, ctl.liveBrokers);
      if (leader !== null)
        changes.push({
          key,
          leader,
          leaderEpoch: p.leaderEpoch + 1,
          isr: p.isr,
          state: "OnlinePartition",
          reason: "preferred-replica",
          create: false,
        });
    }
  }
  return changes;
}

function controlledShutdown(w: World, node: BrokerNode, from: string, brokerId: number): void {
  const ctl = ctlOf(node);
  if (!ctl.shuttingDown.includes(brokerId)) ctl.shuttingDown.push(brokerId);
  const changes: Change[] = [];
  const stop: string[] = [];
  for (const [key, part] of ctl.partitions) {
    if (!part.replicas.includes(brokerId) || part.state !== "OnlinePartition") continue;
    if (part.leader === brokerId) {
      const leader = controlledShutdownPartitionLeaderElection(
        part.replicas,
        part.isr,
        ctl.liveBrokers,
        ctl.shuttingDown,
      );
      if (leader !== null) {
        const isr = part.isr.filter((r) => r !== brokerId);
        changes.push({
          key,
          leader,
          leaderEpoch: part.leaderEpoch + 1,
          isr,
          state: "OnlinePartition",
          reason: "controlled-shutdown",
          create: false,
        });
      }
    } else if (part.isr.includes(brokerId) && part.isr.length > 1) {
      changes.push({
        key,
        leader: part.leader,
        leaderEpoch: part.leaderEpoch + 1,
        isr: part.isr.filter((r) => r !== brokerId),
        state: "OnlinePartition",
        reason: "isr-shrink",
        create: false,
      });
      stop.push(key);
    }
  }
  write(w, node, changes, { kind: "controlledShutdown", from, brokerId, stop });
}

function alterPartition(w: World, node: BrokerNode, from: string, body: AlterPartitionBody): void {
  const ctl = ctlOf(node);
  const key = tpKey(body.topic, body.partition);
  const part = ctl.partitions.get(key);
  let error: string | null = null;
  if (part === undefined) error = "UNKNOWN_TOPIC_OR_PARTITION";
  else if (body.leaderEpoch !== part.leaderEpoch || part.leader !== body.brokerId) error = "FENCED_LEADER_EPOCH";
  else if (body.newIsr.length === part.isr.length && body.newIsr.every((r) => part.isr.includes(r))) {
    // Already the state (a retry whose first answer was lost): answer with it, before the version check
    // (KafkaController.processAlterPartition: equalsAllowStalePartitionEpoch, for idempotency).
    answerAlterPartition(w, node, from, body, null, part);
    done(w, node);
    return;
  } else if (body.partitionEpoch !== part.zkVersion) error = "INVALID_UPDATE_VERSION";
  else if (body.newIsr.some((r) => !ctl.liveBrokers.includes(r) || !part.replicas.includes(r)))
    error = "INELIGIBLE_REPLICA";
  if (error !== null || part === undefined) {
    emit(w, {
      t: w.now,
      type: "request.rejected",
      broker: node.durable.id,
      request: "AlterPartition",
      error: error!,
      detail: `${key} from broker ${body.brokerId}`,
    });
    answerAlterPartition(w, node, from, body, error, part);
    done(w, node);
    return;
  }
  const change: Change = {
    key,
    leader: part.leader,
    leaderEpoch: part.leaderEpoch,
    isr: body.newIsr,
    state: "OnlinePartition",
    reason: "isr-shrink",
    create: false,
  };
  write(w, node, [change], { kind: "alterPartition", from, body });
}

function answerAlterPartition(
  w: World,
  node: BrokerNode,
  to: string,
  body: AlterPartitionBody,
  error: string | null,
  part: ControllerPartition | undefined,
): void {
  send(w, node.id, to, "controller", "AlterPartitionResponse", {
    topic: body.topic,
    partition: body.partition,
    error,
    leaderEpoch: part?.leaderEpoch ?? -1,
    isr: part?.isr ?? [],
    partitionEpoch: part?.zkVersion ?? -1,
    requested: body.newIsr,
  });
}

function createTopic(w: World, node: BrokerNode, spec: TopicSpec): void {
  const ctl = ctlOf(node);
  const brokers = [...ctl.liveBrokers].sort((a, b) => a - b);
  if (ctl.topics.has(spec.name)) {
    rejectTopic(w, spec, "TOPIC_ALREADY_EXISTS", `Topic '${spec.name}' already exists.`);
    done(w, node);
    return;
  }
  let assignment: number[][];
  try {
    const rng = stream(w, `${node.id}:placement`);
    const choices = randomPlacementChoices(brokers.length, (n) => nextInt(rng, n));
    assignment = assignReplicasToBrokers(brokers, spec.partitions, spec.replicationFactor, choices);
  } catch (e) {
    const code = (e as { code?: string }).code ?? "INVALID_REQUEST";
    rejectTopic(w, spec, code, (e as Error).message);
    done(w, node);
    return;
  }
  if (!w.config.topics.some((t) => t.name === spec.name)) w.config.topics.push(spec);
  zk(
    w,
    node,
    [{ op: "create", path: topicPath(spec.name), data: topicAssignmentJson(assignment) }],
    "ctl.createTopic",
    spec,
  );
}

function rejectTopic(w: World, spec: TopicSpec, error: string, message: string): void {
  emit(w, { t: w.now, type: "topic.rejected", topic: spec.name, error, message });
}

// ---- writing decisions ----

/** Write every change in one multi, conditional on the controller epoch's zkVersion (fencing). */
function write(w: World, node: BrokerNode, changes: Change[], ctx: WriteContext): void {
  const ctl = ctlOf(node);
  if (changes.length === 0 && ctx.kind === "done") {
    done(w, node);
    return;
  }
  const ops: ZkOp[] = [{ op: "check", path: CONTROLLER_EPOCH, version: ctl.epochZkVersion }];
  for (const c of changes) {
    const part = ctl.partitions.get(c.key)!;
    const data = partitionStateJson({
      leader: c.leader,
      leader_epoch: c.leaderEpoch,
      isr: c.isr,
      controller_epoch: ctl.epoch,
    });
    const path = partitionStatePath(part.topic, part.partition);
    ops.push(c.create ? { op: "create", path, data } : { op: "setData", path, data, version: part.zkVersion });
  }
  zk(w, node, ops, "ctl.write", { ...ctx, changes }, true);
}

function onWriteResult(w: World, node: BrokerNode, results: ZkResult[], ctx: WriteContext): void {
  const ctl = ctlOf(node);
  if (!results.every((r) => r.ok)) {
    // A failed epoch check means another controller was elected: this one is a zombie and resigns.
    const fencedOut = !results[0].ok && results[0].error !== "RolledBack";
    resignController(
      w,
      node,
      fencedOut ? "controller epoch changed in ZooKeeper (ControllerMovedException)" : "conditional write failed",
    );
    zkRequest(w, node, vol(node).zk, [{ op: "getData", path: CONTROLLER, watch: true }], "controller.read");
    return;
  }
  const changed: ControllerPartition[] = [];
  for (const c of ctx.changes ?? []) {
    const part = ctl.partitions.get(c.key)!;
    apply(w, node, ctl, part, c);
    changed.push(part);
  }
  const live = ctl.liveBrokers;
  if (ctx.kind === "alterPartition") {
    answerAlterPartition(
      w,
      node,
      ctx.from,
      ctx.body,
      null,
      ctl.partitions.get(tpKey(ctx.body.topic, ctx.body.partition)),
    );
  } else {
    sendLeaderAndIsr(w, node, changed, live);
  }
  if (ctx.kind === "controlledShutdown") {
    const stop = ctx.stop.map((k) => ctl.partitions.get(k)!);
    if (stop.length > 0) sendControllerRequest(w, node, ctx.brokerId, "StopReplica", stop.map(stateBody));
    const remaining = [...ctl.partitions.entries()].filter(([, p]) => p.leader === ctx.brokerId).map(([k]) => k);
    send(w, node.id, ctx.from, "controller", "ControlledShutdownResponse", {
      error: null,
      partitionsRemaining: remaining,
    });
  }
  if (changed.length > 0) sendUpdateMetadata(w, node, live);
  done(w, node);
}

function apply(w: World, node: BrokerNode, ctl: ControllerState, part: ControllerPartition, c: Change): void {
  const previousIsr = part.isr;
  const leaderChanged = part.leader !== c.leader || part.state !== c.state;
  part.zkVersion = c.create ? 0 : part.zkVersion + 1;
  part.leader = c.leader;
  part.leaderEpoch = c.leaderEpoch;
  part.isr = c.isr;
  setPartitionState(w, part, c.state);
  if (c.create) for (const b of part.replicas) setReplicaState(w, ctl, part, b, replicaStateFor(ctl, b));
  const where = { topic: part.topic, partition: part.partition };
  if (c.reason === "no-leader") {
    emit(w, { t: w.now, type: "partition.offline", ...where, leaderEpoch: c.leaderEpoch, isr: c.isr });
  } else if (leaderChanged && c.reason !== "isr-shrink") {
    if (c.reason === "unclean") onUncleanElection(w, tpKey(part.topic, part.partition));
    emit(w, {
      t: w.now,
      type: "leader.elected",
      ...where,
      leader: c.leader,
      leaderEpoch: c.leaderEpoch,
      isr: c.isr,
      reason: c.reason,
      controller: node.durable.id,
    });
  }
  if (!c.create && previousIsr.join() !== c.isr.join()) {
    emit(w, { t: w.now, type: "isr.changed", ...where, isr: c.isr, previous: previousIsr, leaderEpoch: c.leaderEpoch });
  }
}

/**
 * A partition's state as the controller learns it. A new controller initializes
 * its state machines from ZooKeeper (PartitionStateMachine.initializePartitionState):
 * no transition happened, so none is reported. A new topic's partitions do move
 * NonExistentPartition → NewPartition.
 */
function initialState(
  w: World,
  ctl: ControllerState,
  part: ControllerPartition,
  to: PartitionStateName,
  why: string,
): void {
  if (why !== "Startup") {
    setPartitionState(w, part, to);
    for (const b of part.replicas)
      setReplicaState(w, ctl, part, b, to === "NewPartition" ? "NewReplica" : replicaStateFor(ctl, b));
    return;
  }
  part.state = to;
  for (const b of part.replicas) {
    ctl.replicaStates.set(
      `${tpKey(part.topic, part.partition)}:${b}`,
      to === "NewPartition" ? "NewReplica" : replicaStateFor(ctl, b),
    );
  }
}

function setPartitionState(w: World, part: ControllerPartition, to: PartitionStateName): void {
  if (part.state === to) return;
  emit(w, { t: w.now, type: "partition.state", topic: part.topic, partition: part.partition, from: part.state, to });
  part.state = to;
}

function setReplicaState(
  w: World,
  ctl: ControllerState,
  part: ControllerPartition,
  broker: number,
  to: ReplicaStateName,
): void {
  const key = `${tpKey(part.topic, part.partition)}:${broker}`;
  const from = ctl.replicaStates.get(key) ?? "NonExistentReplica";
  if (from === to) return;
  ctl.replicaStates.set(key, to);
  emit(w, { t: w.now, type: "replica.state", topic: part.topic, partition: part.partition, broker, from, to });
}

// ---- requests to brokers ----

function stateBody(p: ControllerPartition): PartitionStateBody {
  return {
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: p.isr,
    replicas: p.replicas,
    partitionEpoch: p.zkVersion,
  };
}

function sendControllerRequest(
  w: World,
  node: BrokerNode,
  broker: number,
  type: string,
  partitions: PartitionStateBody[],
  extra = {},
): void {
  const ctl = ctlOf(node);
  const correlationId = ctl.nextCorrelationId++;
  const body = {
    controllerId: node.durable.id,
    controllerEpoch: ctl.epoch,
    // KIP-380: the broker epoch the request is meant for, so an earlier life's request is refused.
    brokerEpoch: ctl.brokerEpochs.get(broker) ?? -1,
    correlationId,
    partitions,
    ...extra,
  };
  ctl.inFlight.set(correlationId, { broker, type, body });
  send(w, node.id, brokerNodeId(broker), "controller", type, body);
  setTimer(w, node, w.config.broker["request.timeout.ms"], "controller.resend", { epoch: ctl.epoch, correlationId });
}

/**
 * ControllerChannelManager's RequestSendThread keeps a request until the broker
 * answers, reconnecting and resending after a failure, and drops the broker's
 * queue when the broker leaves the live set.
 */
function resendControllerRequest(w: World, node: BrokerNode, correlationId: number): void {
  const ctl = ctlOf(node);
  const pending = ctl.inFlight.get(correlationId);
  if (pending === undefined) return;
  if (!ctl.liveBrokers.includes(pending.broker)) {
    ctl.inFlight.delete(correlationId);
    return;
  }
  send(w, node.id, brokerNodeId(pending.broker), "controller", pending.type, pending.body);
  setTimer(w, node, w.config.broker["request.timeout.ms"], "controller.resend", { epoch: ctl.epoch, correlationId });
}

/** A broker answered LeaderAndIsr, UpdateMetadata or StopReplica. */
export function onControllerRequestResponse(node: BrokerNode, msg: Message): void {
  const ctl = vol(node).controller;
  const correlationId = (msg.body as { correlationId?: number }).correlationId;
  if (ctl !== null && correlationId !== undefined) ctl.inFlight.delete(correlationId);
}

/** LeaderAndIsr to each live replica of the given partitions, one request per broker. */
function sendLeaderAndIsr(w: World, node: BrokerNode, parts: ControllerPartition[], toBrokers: number[]): void {
  const byBroker = new Map<number, PartitionStateBody[]>();
  for (const p of parts) {
    for (const r of p.replicas) {
      if (!toBrokers.includes(r)) continue;
      let list = byBroker.get(r);
      if (list === undefined) byBroker.set(r, (list = []));
      list.push(stateBody(p));
    }
  }
  for (const [broker, list] of [...byBroker].sort((a, b) => a[0] - b[0]))
    sendControllerRequest(w, node, broker, "LeaderAndIsr", list);
}

/** UpdateMetadata to every live broker: the live brokers and every partition's state. */
function sendUpdateMetadata(w: World, node: BrokerNode, brokers: number[]): void {
  const ctl = ctlOf(node);
  const all = [...ctl.partitions.values()].filter((p) => p.leaderEpoch >= 0).map(stateBody);
  for (const b of brokers) sendControllerRequest(w, node, b, "UpdateMetadata", all, { liveBrokers: ctl.liveBrokers });
}

// ---- messages and timers addressed to the controller ----

export function controllerOnMessage(w: World, node: BrokerNode, msg: Message): void {
  const ctl = vol(node).controller;
  if (msg.type === "AlterPartition") {
    const body = msg.body as AlterPartitionBody;
    if (ctl === null) {
      answerAlterPartition(w, node, msg.from, body, "NOT_CONTROLLER", undefined);
      return;
    }
    enqueue(w, node, { type: "AlterPartition", from: msg.from, body });
  } else if (msg.type === "CreateTopics") {
    // Only the offsets topic is created this way (auto-creation on FindCoordinator); admins use the createTopic action.
    if (ctl !== null) enqueue(w, node, { type: "CreateTopic", spec: (msg.body as { topic: TopicSpec }).topic });
  } else if (msg.type === "ControlledShutdown") {
    const body = msg.body as { brokerId: number };
    if (ctl === null) {
      send(w, node.id, msg.from, "controller", "ControlledShutdownResponse", {
        error: "NOT_CONTROLLER",
        partitionsRemaining: [],
      });
      return;
    }
    enqueue(w, node, { type: "ControlledShutdown", from: msg.from, brokerId: body.brokerId });
  }
}

function scheduleAutoRebalance(w: World, node: BrokerNode): void {
  if (!w.config.broker["auto.leader.rebalance.enable"]) return;
  setTimer(
    w,
    node,
    w.config.broker["leader.imbalance.check.interval.seconds"] * 1000,
    "controller.autoRebalance",
    ctlOf(node).epoch,
  );
}

export function controllerOnTimer(w: World, node: BrokerNode, name: string, data: unknown): void {
  const ctl = vol(node).controller;
  if (name === "controller.resend") {
    const d = data as { epoch: number; correlationId: number };
    if (ctl !== null && ctl.epoch === d.epoch) resendControllerRequest(w, node, d.correlationId);
    return;
  }
  if (name !== "controller.autoRebalance" || ctl === null || ctl.epoch !== data) return;
  scheduleAutoRebalance(w, node);
  enqueue(w, node, { type: "AutoPreferredReplicaLeaderElection" });
}

/** An admin's CreateTopics, handled by the controller (ZkAdminManager). */
export function requestCreateTopic(w: World, node: BrokerNode, spec: TopicSpec): void {
  enqueue(w, node, { type: "CreateTopic", spec });
}

function topicSpec(w: World, topic: string): TopicSpec | undefined {
  return w.config.topics.find((t) => t.name === topic);
}
