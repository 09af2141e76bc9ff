import type { Action } from "../actions";
import type { BrokerVolatile } from "../broker/types";
import type { ClusterConfigInput, TopicSpec } from "../config";
import { send } from "../core/engine";
import type { Message } from "../core/network";
import type { SimEvent, SimEventType } from "../events";
import { type Simulation, Simulation as SimulationClass } from "../simulation";
import type { PartitionView, ReplicaView } from "../snapshot";
import { type BrokerNode, brokerNode, brokerNodeId, type World } from "../world";

/**
 * Helpers for the engine's tests: small clusters with short timeouts, a fake
 * producer that injects Produce requests as messages, and trace queries.
 */

/** A test cluster: Kafka's rules with timeouts short enough that a lesson takes seconds. */
export function testCluster(overrides: ClusterConfigInput = {}): ClusterConfigInput {
  return {
    brokers: 3,
    zookeeperServers: 1,
    topics: [{ name: "orders", partitions: 1, replicationFactor: 3 }],
    ...overrides,
    broker: {
      "zookeeper.session.timeout.ms": 6000,
      "replica.lag.time.max.ms": 4000,
      "replica.socket.timeout.ms": 3000,
      "request.timeout.ms": 5000,
      "controlled.shutdown.retry.backoff.ms": 1000,
      "auto.leader.rebalance.enable": false,
      ...overrides.broker,
    },
  };
}

export function topic(name: string, partitions: number, replicationFactor: number, config?: TopicSpec["config"]) {
  return { name, partitions, replicationFactor, config };
}

// ---- trace queries ----

export type EventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;

/** Every kept trace event of one type (the trace window is large enough for a test run). */
export function eventsOf<T extends SimEventType>(sim: Simulation, type: T): EventOf<T>[] {
  return sim.trace().filter((e): e is EventOf<T> => e.type === type);
}

/** From now on, keep every settled message of this run for `messagesOf` (the engine keeps only a window). */
export function keepMessages(sim: Simulation): Simulation {
  sim.world.net.archive ??= [];
  return sim;
}

/** Every settled (delivered or dropped) message of a given Kafka or ZooKeeper type, at its delivery time. */
export function messagesOf(sim: Simulation, type: string): { t: number; msg: Message }[] {
  const archive = sim.world.net.archive;
  if (archive === null) throw new Error("call keepMessages(sim) before running to see its messages");
  return archive.filter((m) => m.type === type).map((msg) => ({ t: msg.deliverAt, msg }));
}

export function violations(sim: Simulation): EventOf<"invariant.violated">[] {
  return eventsOf(sim, "invariant.violated");
}

// ---- cluster state ----

export function partitionView(sim: Simulation, topicName: string, partition: number): PartitionView {
  const p = sim.snapshot().partitions.find((x) => x.topic === topicName && x.partition === partition);
  if (p === undefined) throw new Error(`no partition ${topicName}-${partition}`);
  return p;
}

export function replicaView(sim: Simulation, broker: number, topicName: string, partition: number): ReplicaView {
  const b = sim.snapshot().brokers.find((x) => x.id === broker);
  const r = b?.replicas.find((x) => x.topic === topicName && x.partition === partition);
  if (r === undefined) throw new Error(`broker ${broker} hosts no replica of ${topicName}-${partition}`);
  return r;
}

/** The broker's volatile state, or null when it is down. */
export function brokerState(sim: Simulation, broker: number): BrokerVolatile | null {
  const node = brokerNode(sim.world, broker) as BrokerNode | undefined;
  return node?.up ? (node.volatile as BrokerVolatile) : null;
}

/** Run until `predicate` holds, checking after every event; fails after `limitMs` of simulated time. */
export function runUntilTrue(sim: Simulation, predicate: () => boolean, limitMs = 60_000): number {
  const deadline = sim.now + limitMs;
  while (!predicate()) {
    if (sim.now >= deadline || !sim.step()) throw new Error(`condition not reached by t=${sim.now}`);
  }
  return sim.now;
}

/** Whether /brokers/ids/<id> exists: a crashed broker can start again only once its old session is gone. */
export function registered(sim: Simulation, broker: number): boolean {
  return sim.world.zk.tree.has(`/brokers/ids/${broker}`);
}

/** Run until the crashed broker's session has expired, so that it can start again. */
export function awaitDeregistered(sim: Simulation, broker: number): void {
  runUntilTrue(sim, () => !registered(sim, broker), 30_000);
}

/**
 * A 3-broker cluster with one RF 3 partition "orders-0" whose assignment is
 * [a, b, c], where a leads and b is the controller: cutting c off never cuts
 * the leader off from the controller. Tries seeds from `seed` upwards.
 */
export function leaderAndController(
  seed: number,
  topicConfig: TopicSpec["config"] = {},
  broker: ClusterConfigInput["broker"] = {},
): { rec: Recorder; sim: Simulation; a: number; b: number; c: number } {
  for (let s = seed; s < seed + 200; s++) {
    const rec = new Recorder(
      SimulationClass.create(testCluster({ topics: [topic("orders", 1, 3, topicConfig)], broker }), s),
    );
    rec.runUntil(3000);
    const p = rec.sim.snapshot().partitions[0];
    const [a, b, c] = p.replicas;
    if (p.leader === a && rec.sim.snapshot().controller?.broker === b && p.isr.length === 3)
      return { rec, sim: rec.sim, a, b, c };
  }
  throw new Error("no seed gives that layout");
}

// ---- a fake producer ----

export const TEST_CLIENT = "client-test";

export interface InjectedProduce {
  /** 1, 0 or -1 (all). */
  acks: number;
  topic: string;
  partition: number;
  /** Record ids; each must be unique in the run (the monitor tracks records by id). */
  ids: string[];
  timeoutMs?: number;
  from?: string;
  correlationId?: number;
}

let correlation = 0;

/**
 * Send a Produce request to `broker` as a client would. The client is not a
 * node, so the broker's reply is traced and then dropped as "down"; read it
 * back with `produceResponses`.
 */
export function injectProduce(w: World, broker: number, p: InjectedProduce): Message {
  const from = p.from ?? TEST_CLIENT;
  return send(w, from, brokerNodeId(broker), "produce", "Produce", {
    correlationId: p.correlationId ?? ++correlation,
    producer: from,
    acks: p.acks,
    timeoutMs: p.timeoutMs ?? 10_000,
    topic: p.topic,
    partition: p.partition,
    records: p.ids.map((id) => ({ id, n: -1, key: null, value: id, timestamp: w.now })),
  });
}

export interface ProduceResponseView {
  t: number;
  correlationId: number;
  error: string | null;
  baseOffset: number;
  to: string;
}

/** The ProduceResponses the brokers sent, in the order they were processed. */
export function produceResponses(sim: Simulation): ProduceResponseView[] {
  return messagesOf(sim, "ProduceResponse").map(({ t, msg }) => {
    const b = msg.body as { correlationId: number; error: string | null; baseOffset: number };
    return { t, correlationId: b.correlationId, error: b.error, baseOffset: b.baseOffset, to: msg.to };
  });
}

export function responseTo(sim: Simulation, request: Message): ProduceResponseView | undefined {
  const id = (request.body as { correlationId: number }).correlationId;
  return produceResponses(sim).find((r) => r.correlationId === id && r.to === request.from);
}

/**
 * Keeps every trace event of a run, however long: the engine keeps only a
 * window, so the recorder runs the simulation in short slices and harvests.
 */
export class Recorder {
  readonly events: SimEvent[] = [];
  private seen = 0;

  constructor(readonly sim: Simulation) {
    keepMessages(sim);
    this.harvest();
  }

  runUntil(t: number, sliceMs = 250): this {
    while (this.sim.now < t) {
      this.sim.runUntil(Math.min(t, this.sim.now + sliceMs));
      this.harvest();
    }
    this.harvest();
    return this;
  }

  /** Run event by event until `predicate` holds; fails after `limitMs` of simulated time. */
  until(predicate: () => boolean, limitMs = 60_000): number {
    const deadline = this.sim.now + limitMs;
    let n = 0;
    while (!predicate()) {
      if (this.sim.now >= deadline || !this.sim.step()) {
        this.harvest();
        throw new Error(`condition not reached by t=${this.sim.now}`);
      }
      if (++n % 500 === 0) this.harvest();
    }
    this.harvest();
    return this.sim.now;
  }

  apply(action: Action): this {
    this.sim.apply(action);
    this.harvest();
    return this;
  }

  harvest(): void {
    const trace = this.sim.world.trace;
    const total = trace.dropped + trace.events.length;
    const from = Math.max(0, this.seen - trace.dropped);
    for (let i = from; i < trace.events.length; i++) this.events.push(trace.events[i]);
    this.seen = total;
  }

  of<T extends SimEventType>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  messages(type: string): { t: number; msg: Message }[] {
    return messagesOf(this.sim, type);
  }
}
