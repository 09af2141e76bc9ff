import fc from "fast-check";
import type { Action } from "../actions";
import { logEndOffset, recordAt } from "../broker/log";
import type { ClusterConfigInput, TopicSpec } from "../config";
import { messagesInFlight } from "../core/engine";
import { Simulation } from "../simulation";
import { type BrokerNode, brokerNodeId, tpKey, zkNodeId } from "../world";
import { injectProduce, Recorder } from "./helpers";

/**
 * Seeded fault schedules over random cluster shapes, for property tests and
 * the soak script: crashes, restarts, controlled shutdowns, isolation,
 * network partitions, slow links, packet loss, ZooKeeper outages and session
 * expiry, mixed with acks=all produce traffic (also to zombie leaders). A
 * schedule is plain data, so fast-check can shrink it and a failure prints as
 * a short list of timed actions.
 *
 * After the schedule the run heals, restarts everything and settles; then it
 * checks: no invariant.violated; every acknowledged record is in the leader's
 * log (or, with unclean election, named by a data.loss event); ISR members
 * hold the leader's records below its HW; every partition has a leader that
 * knows it.
 */

export interface ClusterShape {
  brokers: number;
  zookeeperServers: 1 | 3;
  /** Per topic: partitions and replication factor (capped at the broker count). */
  topics: { partitions: number; replicationFactor: number; minInsync: number }[];
  sessionTimeoutMs: number;
  replicaLagMs: number;
  autoRebalance: boolean;
  /** Packet loss: over TCP a lost packet is retransmitted, so messages arrive late, not never. */
  lossProbability?: number;
}

/** Node references are indices, resolved modulo the shape, so steps shrink independently of the shape. */
export type NodeRef = { kind: "broker"; i: number } | { kind: "zk"; i: number };

export type FaultStep =
  | { at: number; do: "crash"; broker: number }
  | { at: number; do: "start"; broker: number }
  | { at: number; do: "controlledShutdown"; broker: number }
  | { at: number; do: "expireSession"; broker: number }
  | { at: number; do: "isolate"; node: NodeRef; from: "zookeeper" | "brokers" | "everyone" }
  | { at: number; do: "slowLink"; from: number; to: number; extraMs: number }
  /** Split the nodes in two: brokers then ZooKeeper servers, in order, each on the side its flag says. */
  | { at: number; do: "partitionNetwork"; sides: boolean[] }
  | { at: number; do: "killZookeeper"; server: number }
  | { at: number; do: "startZookeeper"; server: number }
  | { at: number; do: "heal" }
  /** Produce acks=all; with `stale`, to a broker that still believes it leads (a zombie leader), if there is one. */
  | { at: number; do: "produce"; topic: number; partition: number; count: number; stale: boolean };

export interface FaultSchedule {
  seed: number;
  shape: ClusterShape;
  steps: FaultStep[];
}

export interface FaultOptions {
  unclean: boolean;
  /** Simulated time over which faults happen; the run then heals and settles. */
  horizonMs?: number;
  maxSteps?: number;
  /** One acks=all record per partition every 500 ms besides the schedule's own (default on). */
  backgroundTraffic?: boolean;
}

const DEFAULT_HORIZON = 25_000;
/** Besides the schedule's own produce steps, every partition gets one acks=all record this often. */
const TRAFFIC_EVERY_MS = 500;

// ---- generation ----

export function shapeArbitrary(): fc.Arbitrary<ClusterShape> {
  return fc.record({
    brokers: fc.integer({ min: 3, max: 5 }),
    zookeeperServers: fc.constantFrom<1 | 3>(1, 3),
    topics: fc.array(
      fc.record({
        partitions: fc.integer({ min: 1, max: 3 }),
        replicationFactor: fc.integer({ min: 2, max: 3 }),
        minInsync: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    sessionTimeoutMs: fc.integer({ min: 3000, max: 6000 }),
    replicaLagMs: fc.integer({ min: 2000, max: 5000 }),
    autoRebalance: fc.boolean(),
    lossProbability: fc.constantFrom(0, 0, 0.01, 0.05),
  });
}

export function stepArbitrary(horizonMs = DEFAULT_HORIZON): fc.Arbitrary<FaultStep> {
  const at = fc.integer({ min: 1000, max: horizonMs });
  const broker = fc.integer({ min: 1, max: 5 });
  const server = fc.integer({ min: 1, max: 3 });
  const node: fc.Arbitrary<NodeRef> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("broker" as const), i: broker }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("zk" as const), i: server }) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ at, do: fc.constant("crash" as const), broker }) },
    { weight: 3, arbitrary: fc.record({ at, do: fc.constant("start" as const), broker }) },
    { weight: 2, arbitrary: fc.record({ at, do: fc.constant("controlledShutdown" as const), broker }) },
    { weight: 1, arbitrary: fc.record({ at, do: fc.constant("expireSession" as const), broker }) },
    {
      weight: 3,
      arbitrary: fc.record({
        at,
        do: fc.constant("isolate" as const),
        node,
        from: fc.constantFrom<"zookeeper" | "brokers" | "everyone">("zookeeper", "brokers", "everyone"),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at,
        do: fc.constant("slowLink" as const),
        from: broker,
        to: broker,
        extraMs: fc.constantFrom(200, 1500, 5000, 20_000),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at,
        do: fc.constant("partitionNetwork" as const),
        sides: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ at, do: fc.constant("killZookeeper" as const), server }) },
    { weight: 1, arbitrary: fc.record({ at, do: fc.constant("startZookeeper" as const), server }) },
    { weight: 2, arbitrary: fc.record({ at, do: fc.constant("heal" as const) }) },
    {
      weight: 8,
      arbitrary: fc.record({
        at,
        do: fc.constant("produce" as const),
        topic: fc.integer({ min: 0, max: 1 }),
        partition: fc.integer({ min: 0, max: 2 }),
        count: fc.integer({ min: 1, max: 3 }),
        stale: fc.boolean(),
      }),
    },
  );
}

export function scheduleArbitrary(opts: FaultOptions): fc.Arbitrary<FaultSchedule> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    shape: shapeArbitrary(),
    steps: fc.array(stepArbitrary(opts.horizonMs), { minLength: 0, maxLength: opts.maxSteps ?? 24 }),
  });
}

// ---- turning a schedule into a run ----

export function configFor(shape: ClusterShape, unclean: boolean): ClusterConfigInput {
  const topics: TopicSpec[] = shape.topics.map((t, i) => {
    const replicationFactor = Math.min(t.replicationFactor, shape.brokers);
    return {
      name: `t${i}`,
      partitions: t.partitions,
      replicationFactor,
      config: { "min.insync.replicas": Math.min(t.minInsync, replicationFactor) },
    };
  });
  return {
    brokers: shape.brokers,
    zookeeperServers: shape.zookeeperServers,
    network: { lossProbability: shape.lossProbability ?? 0 },
    topics,
    broker: {
      "zookeeper.session.timeout.ms": shape.sessionTimeoutMs,
      "replica.lag.time.max.ms": shape.replicaLagMs,
      "replica.socket.timeout.ms": 2000,
      "request.timeout.ms": 3000,
      "replica.fetch.backoff.ms": 200,
      "controlled.shutdown.retry.backoff.ms": 500,
      "auto.leader.rebalance.enable": shape.autoRebalance,
      "leader.imbalance.check.interval.seconds": 5,
      "unclean.leader.election.enable": unclean,
    },
  };
}

const brokerOf = (shape: ClusterShape, i: number) => ((i - 1) % shape.brokers) + 1;
const serverOf = (shape: ClusterShape, i: number) => ((i - 1) % shape.zookeeperServers) + 1;

export type ResolvedStep =
  | { at: number; action: Action }
  | { at: number; produce: { topic: string; partition: number; count: number; stale: boolean } };

/** The concrete timed actions and produce requests of a schedule, in time order. */
export function resolve(s: FaultSchedule): ResolvedStep[] {
  const shape = s.shape;
  const out: ResolvedStep[] = [];
  for (const step of s.steps) {
    const at = step.at;
    switch (step.do) {
      case "crash":
        out.push({ at, action: { type: "crashBroker", broker: brokerOf(shape, step.broker) } });
        break;
      case "start":
        out.push({ at, action: { type: "startBroker", broker: brokerOf(shape, step.broker) } });
        break;
      case "controlledShutdown":
        out.push({ at, action: { type: "controlledShutdown", broker: brokerOf(shape, step.broker) } });
        break;
      case "expireSession":
        out.push({ at, action: { type: "expireSession", broker: brokerOf(shape, step.broker) } });
        break;
      case "isolate": {
        const node =
          step.node.kind === "broker"
            ? brokerNodeId(brokerOf(shape, step.node.i))
            : zkNodeId(serverOf(shape, step.node.i));
        out.push({ at, action: { type: "isolate", node, from: step.from } });
        break;
      }
      case "slowLink": {
        const from = brokerNodeId(brokerOf(shape, step.from));
        const to = brokerNodeId(brokerOf(shape, step.to));
        if (from !== to) out.push({ at, action: { type: "slowLink", from, to, extraMs: step.extraMs } });
        break;
      }
      case "partitionNetwork": {
        const nodes = [
          ...Array.from({ length: shape.brokers }, (_, i) => brokerNodeId(i + 1)),
          ...Array.from({ length: shape.zookeeperServers }, (_, i) => zkNodeId(i + 1)),
        ];
        const a = nodes.filter((_, i) => step.sides[i]);
        const b = nodes.filter((_, i) => !step.sides[i]);
        if (a.length > 0 && b.length > 0) out.push({ at, action: { type: "partitionNetwork", a, b } });
        break;
      }
      case "killZookeeper":
        out.push({ at, action: { type: "killZookeeper", server: serverOf(shape, step.server) } });
        break;
      case "startZookeeper":
        out.push({ at, action: { type: "startZookeeper", server: serverOf(shape, step.server) } });
        break;
      case "heal":
        out.push({ at, action: { type: "heal" } });
        break;
      case "produce": {
        const t = shape.topics[step.topic % shape.topics.length];
        out.push({
          at,
          produce: {
            topic: `t${step.topic % shape.topics.length}`,
            partition: step.partition % t.partitions,
            count: step.count,
            stale: step.stale,
          },
        });
        break;
      }
    }
  }
  // Stable: steps at the same instant keep their order.
  return out
    .map((x, i) => ({ x, i }))
    .sort((p, q) => p.x.at - q.x.at || p.i - q.i)
    .map((p) => p.x);
}

export interface FaultRun {
  schedule: FaultSchedule;
  unclean: boolean;
  /** Everything wrong with the run; empty when it passed. */
  failures: string[];
  acked: number;
  /** Produce requests sent to a broker that was no longer the leader in ZooKeeper. */
  staleProduces: number;
  dataLosses: number;
  events: number;
}

interface AckedRecord {
  tp: string;
  id: string;
  offset: number;
}

/**
 * Run a schedule, then heal everything, restart every node and let the
 * cluster settle; then check the invariants and audit every acknowledged
 * record against the logs.
 */
export function runSchedule(schedule: FaultSchedule, opts: FaultOptions): FaultRun {
  const horizon = opts.horizonMs ?? DEFAULT_HORIZON;
  const config = configFor(schedule.shape, opts.unclean);
  const sim = Simulation.create(config, schedule.seed);
  const rec = new Recorder(sim);
  const requests = new Map<number, { tp: string; ids: string[] }>();
  let nextId = 0;
  let staleProduces = 0;
  let correlationId = 0;

  const produce = (topic: string, partition: number, count: number, stale = false) => {
    const leader = stale ? staleLeader(sim, topic, partition) : currentLeader(sim, topic, partition);
    if (leader < 0) return;
    if (leader !== currentLeader(sim, topic, partition)) staleProduces++;
    const ids = Array.from({ length: count }, () => `p${nextId++}`);
    correlationId++;
    requests.set(correlationId, { tp: tpKey(topic, partition), ids });
    injectProduce(sim.world, leader, { acks: -1, topic, partition, ids, timeoutMs: 3000, correlationId });
  };
  // Background traffic: one acks=all record to every partition every TRAFFIC_EVERY_MS, on top of the schedule's.
  const partitions = config.topics!.flatMap((t) =>
    Array.from({ length: t.partitions }, (_, p) => [t.name, p] as const),
  );
  let nextTraffic = opts.backgroundTraffic === false ? Number.POSITIVE_INFINITY : TRAFFIC_EVERY_MS;
  const runTo = (t: number) => {
    while (nextTraffic <= t) {
      rec.runUntil(nextTraffic);
      for (const [topic, p] of partitions) {
        produce(topic, p, 1);
        // A zombie leader (cut off, not yet told) gets traffic too: it must never acknowledge what it cannot commit.
        if (staleLeader(sim, topic, p) !== currentLeader(sim, topic, p)) produce(topic, p, 1, true);
      }
      nextTraffic += TRAFFIC_EVERY_MS;
    }
    rec.runUntil(t);
  };
  for (const step of resolve(schedule)) {
    runTo(step.at);
    if ("action" in step) rec.apply(step.action);
    else produce(step.produce.topic, step.produce.partition, step.produce.count, step.produce.stale);
  }
  runTo(horizon);
  settle(rec, schedule.shape);

  const failures: string[] = [];
  for (const v of rec.of("invariant.violated"))
    failures.push(`invariant violated at t=${v.t}: ${v.rule} (${v.detail})`);
  if (sim.snapshot().monitor.violations > 0 && failures.length === 0)
    failures.push(`monitor counted ${sim.snapshot().monitor.violations} violations`);

  const acked: AckedRecord[] = [];
  for (const { msg } of rec.messages("ProduceResponse")) {
    const body = msg.body as { correlationId: number; error: string | null; baseOffset: number };
    const req = requests.get(body.correlationId);
    if (body.error !== null || req === undefined) continue;
    req.ids.forEach((id, i) => {
      acked.push({ tp: req.tp, id, offset: body.baseOffset + i });
    });
  }
  auditAcked(rec, acked, opts.unclean, failures);
  auditReplicas(rec, failures);
  auditLiveness(rec, failures);
  return {
    schedule,
    unclean: opts.unclean,
    failures,
    acked: acked.length,
    staleProduces,
    dataLosses: rec.of("data.loss").length,
    events: sim.eventCount,
  };
}

/** Whom a producer with fresh metadata would send to: the leader in ZooKeeper, if it is up. */
function currentLeader(sim: Simulation, topic: string, partition: number): number {
  const state = sim.world.zk.tree.get(`/brokers/topics/${topic}/partitions/${partition}/state`);
  if (state === undefined) return -1;
  return (JSON.parse(state.data) as { leader: number }).leader;
}

/** A running broker that still acts as leader although ZooKeeper names another; else the current leader. */
function staleLeader(sim: Simulation, topic: string, partition: number): number {
  const current = currentLeader(sim, topic, partition);
  for (const node of sim.world.nodes.values()) {
    if (node.kind !== "broker" || !node.up) continue;
    const p = (node as BrokerNode).volatile!.partitions.get(tpKey(topic, partition));
    if (p?.role === "leader" && p.leader !== current) return p.leader;
  }
  return current;
}

/** Heal the network, restart every ZooKeeper server and broker, and give the cluster time to converge. */
function settle(rec: Recorder, shape: ClusterShape): void {
  const sim = rec.sim;
  rec.apply({ type: "heal" });
  for (let s = 1; s <= shape.zookeeperServers; s++)
    if (!sim.world.nodes.get(zkNodeId(s))!.up) rec.apply({ type: "startZookeeper", server: s });
  // A broker can start only once its previous session is gone; keep trying.
  const deadline = sim.now + 30_000;
  while (sim.now < deadline) {
    let allUp = true;
    for (let b = 1; b <= shape.brokers; b++) {
      const node = sim.world.nodes.get(brokerNodeId(b)) as BrokerNode;
      const status = node.up ? node.volatile!.status : "down";
      if (status === "running" && node.volatile!.registered) continue;
      allUp = false;
      // Starting or stopping: wait. Down: start it once its previous session is gone.
      if (status === "down" && !sim.world.zk.tree.has(`/brokers/ids/${b}`))
        rec.apply({ type: "startBroker", broker: b });
    }
    if (allUp) break;
    rec.runUntil(sim.now + 500);
  }
  // Converged: every partition led by a running broker that knows it. Slow messages already in flight
  // (up to 20 s) keep their links busy after the heal, so allow a generous limit.
  // Settled: nothing slow still on the wire, and the cluster has looked converged for a few seconds in a row.
  const limit = sim.now + 60_000;
  let stableSince = Number.POSITIVE_INFINITY;
  const needed = Math.max(5000, shape.replicaLagMs * 2);
  while (sim.now < limit) {
    rec.runUntil(sim.now + 500);
    let lastDelivery = 0;
    for (const m of messagesInFlight(sim.world)) lastDelivery = Math.max(lastDelivery, m.deliverAt);
    const ok = lastDelivery <= sim.now + 1000 && livenessProblems(rec).length === 0;
    if (!ok) stableSince = Number.POSITIVE_INFINITY;
    else if (stableSince === Number.POSITIVE_INFINITY) stableSince = sim.now;
    if (sim.now - stableSince >= needed) break;
  }
}

function logOf(rec: Recorder, broker: number, tp: string) {
  const node = rec.sim.world.nodes.get(brokerNodeId(broker)) as BrokerNode;
  return node.durable.logs.get(tp);
}

/** Every acknowledged acks=all record is in the leader's log, or (unclean only) was reported lost. */
function auditAcked(rec: Recorder, acked: AckedRecord[], unclean: boolean, failures: string[]): void {
  const reported = new Map<string, Set<number>>();
  for (const e of rec.of("data.loss")) {
    const tp = tpKey(e.topic, e.partition);
    let set = reported.get(tp);
    if (set === undefined) reported.set(tp, (set = new Set()));
    for (const o of e.offsets) set.add(o);
    if (!unclean)
      failures.push(
        `data.loss without unclean election at t=${e.t}: ${tp} offsets ${e.offsets.join(",")} (${e.cause})`,
      );
  }
  for (const p of rec.sim.snapshot().partitions) {
    if (p.leader < 0) continue;
    const tp = tpKey(p.topic, p.partition);
    const log = logOf(rec, p.leader, tp);
    if (log === undefined) continue;
    for (const a of acked) {
      if (a.tp !== tp || a.offset < log.logStartOffset) continue;
      if (recordAt(log, a.offset)?.id === a.id) continue;
      if (unclean && reported.get(tp)?.has(a.offset)) continue;
      failures.push(
        `acknowledged record ${a.id} (${tp} offset ${a.offset}) is not in leader ${p.leader}'s log` +
          (unclean ? " and no data.loss event names its offset" : ""),
      );
    }
  }
}

/** Log matching: below the leader's HW, every ISR member holds exactly the leader's records. */
function auditReplicas(rec: Recorder, failures: string[]): void {
  const snap = rec.sim.snapshot();
  for (const p of snap.partitions) {
    if (p.leader < 0) continue;
    const tp = tpKey(p.topic, p.partition);
    const leaderView = snap.brokers
      .find((b) => b.id === p.leader)
      ?.replicas.find((r) => r.topic === p.topic && r.partition === p.partition);
    const leaderLog = logOf(rec, p.leader, tp);
    if (leaderView === undefined || leaderLog === undefined || leaderView.role !== "leader") continue;
    if (leaderView.highWatermark > leaderView.logEndOffset)
      failures.push(`${tp}: leader ${p.leader} has HW ${leaderView.highWatermark} > LEO ${leaderView.logEndOffset}`);
    for (const r of p.isr) {
      if (r === p.leader) continue;
      const log = logOf(rec, r, tp);
      if (log === undefined) continue;
      const from = Math.max(log.logStartOffset, leaderLog.logStartOffset);
      const to = Math.min(logEndOffset(log), leaderView.highWatermark);
      for (let o = from; o < to; o++) {
        const mine = recordAt(log, o)?.id;
        const theirs = recordAt(leaderLog, o)?.id;
        if (mine !== theirs) {
          failures.push(`${tp}: ISR member ${r} has ${mine} at offset ${o}, leader ${p.leader} has ${theirs}`);
          break;
        }
      }
    }
  }
}

/** After healing and restarting everything, every partition is led by a running broker that knows it. */
function auditLiveness(rec: Recorder, failures: string[]): void {
  failures.push(...livenessProblems(rec));
}

function livenessProblems(rec: Recorder): string[] {
  const failures: string[] = [];
  const snap = rec.sim.snapshot();
  const notRunning = snap.brokers.filter((b) => b.status !== "running").map((b) => b.id);
  if (notRunning.length > 0) failures.push(`after settling, brokers ${notRunning.join(", ")} are not running`);
  if (snap.controller === null) failures.push("after settling, there is no controller");
  for (const p of snap.partitions) {
    const tp = tpKey(p.topic, p.partition);
    if (p.leader < 0) {
      failures.push(`after settling, ${tp} has no leader (ISR [${p.isr.join(", ")}])`);
      continue;
    }
    const view = snap.brokers
      .find((b) => b.id === p.leader)
      ?.replicas.find((r) => r.topic === p.topic && r.partition === p.partition);
    if (view?.role !== "leader" || view.leaderEpoch !== p.leaderEpoch)
      failures.push(
        `after settling, ${tp}: ZooKeeper names leader ${p.leader} in epoch ${p.leaderEpoch}, but that broker has role ${view?.role} in epoch ${view?.leaderEpoch}`,
      );
  }
  return failures;
}

// ---- reporting ----

/** A failure as a reader needs it: the seed, the cluster and the minimal list of timed steps. */
export function describeRun(run: FaultRun): string {
  const s = run.schedule;
  const lines = [
    `seed ${s.seed}, unclean.leader.election.enable=${run.unclean}`,
    `cluster: ${JSON.stringify(configFor(s.shape, run.unclean))}`,
    "steps:",
    ...resolve(s).map((step) =>
      "action" in step
        ? `  t=${step.at} ${JSON.stringify(step.action)}`
        : `  t=${step.at} produce acks=all ${step.produce.count} record(s) to ${step.produce.topic}-${step.produce.partition}${step.produce.stale ? " via a stale leader" : ""}`,
    ),
    "failures:",
    ...run.failures.map((f) => `  ${f}`),
  ];
  return lines.join("\n");
}
