import { describe, expect, it } from "vitest";
import type { ControllerRequestBody } from "../broker/requests";
import { send } from "../core/engine";
import { Simulation } from "../simulation";
import {
  awaitDeregistered,
  brokerState,
  eventsOf,
  injectProduce,
  keepMessages,
  leaderAndController,
  messagesOf,
  produceResponses,
  Recorder,
  registered,
  replicaView,
  runUntilTrue,
  testCluster,
  topic,
} from "../testing/helpers";
import { brokerNodeId } from "../world";

const controllerOf = (sim: Simulation) => sim.snapshot().controller;

describe("controller election", () => {
  it("makes the first broker to create /controller the controller; the others lose the race and follow it", () => {
    let lostRaces = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const sim = Simulation.create(testCluster({ brokers: 4 }), seed);
      sim.runUntil(3000);
      const elected = eventsOf(sim, "controller.elected");
      expect(elected).toHaveLength(1);
      const winner = elected[0].broker;
      expect(controllerOf(sim)).toEqual({ broker: winner, epoch: 1 });
      for (const lost of eventsOf(sim, "controller.lost-race")) {
        expect(lost.winner).toBe(winner);
        expect(lost.broker).not.toBe(winner);
        lostRaces++;
      }
      for (const id of [1, 2, 3, 4]) expect(brokerState(sim, id)!.controllerId).toBe(winner);
      expect(
        sim
          .snapshot()
          .brokers.filter((b) => b.isController)
          .map((b) => b.id),
      ).toEqual([winner]);
    }
    // Brokers start together, so some of them do race for /controller and lose.
    expect(lostRaces).toBeGreaterThan(0);
  });

  it("elects another controller with epoch + 1 when the controller dies", () => {
    const sim = Simulation.create(testCluster(), 42);
    sim.runUntil(3000);
    const first = controllerOf(sim)!;
    expect(first.epoch).toBe(1);
    sim.apply({ type: "crashBroker", broker: first.broker });
    runUntilTrue(sim, () => eventsOf(sim, "controller.elected").length === 2, 20_000);
    const second = eventsOf(sim, "controller.elected")[1];
    expect(second.broker).not.toBe(first.broker);
    expect(second.epoch).toBe(2);
    // The election waited for ZooKeeper to expire the dead controller's session.
    const expiry = eventsOf(sim, "zk.session.expired").find((e) => e.owner === brokerNodeId(first.broker))!;
    expect(expiry.ephemerals).toContain("/controller");
    expect(second.t).toBeGreaterThanOrEqual(expiry.t);
    sim.runUntil(sim.now + 1000);
    expect(controllerOf(sim)).toEqual({ broker: second.broker, epoch: 2 });
    for (const b of sim.snapshot().brokers.filter((x) => x.status === "running")) expect(b.controllerEpochSeen).toBe(2);
  });

  it("increases /controller_epoch with every new controller", () => {
    const sim = Simulation.create(testCluster({ brokers: 3 }), 9);
    sim.runUntil(3000);
    for (let round = 0; round < 4; round++) {
      const c = controllerOf(sim)!;
      sim.apply({ type: "controlledShutdown", broker: c.broker });
      runUntilTrue(sim, () => controllerOf(sim) !== null && controllerOf(sim)!.broker !== c.broker, 20_000);
      sim.runUntil(sim.now + 500);
      sim.apply({ type: "startBroker", broker: c.broker });
      sim.runUntil(sim.now + 2000);
    }
    const epochs = eventsOf(sim, "controller.elected").map((e) => e.epoch);
    expect(epochs).toEqual([1, 2, 3, 4, 5]);
    const znode = sim.snapshot().zookeeper.znodes.find((z) => z.path === "/controller_epoch")!;
    expect(Number(znode.data)).toBe(5);
    expect(controllerOf(sim)!.epoch).toBe(5);
  });

  it("rejects a request carrying an older controller epoch with STALE_CONTROLLER_EPOCH", () => {
    const sim = keepMessages(Simulation.create(testCluster(), 42));
    sim.runUntil(3000);
    const old = controllerOf(sim)!;
    sim.apply({ type: "crashBroker", broker: old.broker });
    runUntilTrue(sim, () => controllerOf(sim)?.epoch === 2, 20_000);
    sim.runUntil(sim.now + 1000);
    const target = [1, 2, 3].find((b) => b !== old.broker && b !== controllerOf(sim)!.broker)!;
    const before = structuredClone(brokerState(sim, target)!.partitions.get("orders-0")!);
    // A zombie controller (epoch 1) tells the broker to lead the partition.
    const body: ControllerRequestBody = {
      controllerId: old.broker,
      controllerEpoch: 1,
      partitions: [{ ...before, leader: target, leaderEpoch: before.leaderEpoch + 5, isr: [target] }],
    };
    send(sim.world, brokerNodeId(old.broker), brokerNodeId(target), "controller", "LeaderAndIsr", body);
    sim.runUntil(sim.now + 100);
    const rejected = eventsOf(sim, "request.rejected").filter((e) => e.broker === target);
    expect(rejected).toEqual([expect.objectContaining({ request: "LeaderAndIsr", error: "STALE_CONTROLLER_EPOCH" })]);
    const after = brokerState(sim, target)!.partitions.get("orders-0")!;
    expect(after.leaderEpoch).toBe(before.leaderEpoch);
    expect(after.role).toBe(before.role);
    expect(messagesOf(sim, "LeaderAndIsrResponse").at(-1)!.msg.body).toEqual({ error: "STALE_CONTROLLER_EPOCH" });
  });

  it("replaces a controller cut off from ZooKeeper; the old one resigns when it reconnects and finds its session expired", () => {
    const rec = new Recorder(Simulation.create(testCluster({ topics: [topic("orders", 3, 3)] }), 4)).runUntil(3000);
    const old = controllerOf(rec.sim)!;
    rec.apply({ type: "isolate", node: brokerNodeId(old.broker), from: "zookeeper" });
    rec.runUntil(20000);
    const elected = rec.of("controller.elected");
    expect(elected.at(-1)!.epoch).toBe(2);
    expect(elected.at(-1)!.broker).not.toBe(old.broker);
    rec.apply({ type: "heal" });
    rec.runUntil(30000);
    const resigned = rec.of("controller.resigned").filter((e) => e.broker === old.broker);
    expect(resigned.length).toBeGreaterThan(0);
    expect(resigned[0].epoch).toBe(1);
    expect(rec.sim.snapshot().brokers.filter((b) => b.isController)).toHaveLength(1);
    expect(rec.sim.snapshot().monitor.violations).toBe(0);
  });
});

describe("leader failover (the 'done when' scenario)", () => {
  it("shows session expiry, a new controller and leader, LeaderAndIsr/UpdateMetadata, the ISR shrink and no lost data when the leader's broker dies", () => {
    const rec = new Recorder(Simulation.create(testCluster({ topics: [topic("orders", 1, 3)] }), 42)).runUntil(3000);
    const sim = rec.sim;
    const before = sim.snapshot().partitions[0];
    const oldLeader = before.leader;
    const oldController = controllerOf(sim)!;
    for (let i = 0; i < 10; i++)
      injectProduce(sim.world, oldLeader, { acks: -1, topic: "orders", partition: 0, ids: [`r${i}`] });
    rec.runUntil(4000);
    const acked = produceResponses(sim).filter((r) => r.error === null);
    expect(acked).toHaveLength(10);

    rec.apply({ type: "crashBroker", broker: oldLeader });
    rec.runUntil(25000);

    const expiry = rec.of("zk.session.expired").find((e) => e.owner === brokerNodeId(oldLeader))!;
    expect(expiry).toBeDefined();
    expect(expiry.ephemerals).toContain(`/brokers/ids/${oldLeader}`);

    const election = rec.of("leader.elected").find((e) => e.reason === "offline")!;
    expect(election).toMatchObject({ topic: "orders", partition: 0, leaderEpoch: before.leaderEpoch + 1 });
    // The first live ISR replica in assignment order.
    expect(election.leader).toBe(before.replicas.find((r) => r !== oldLeader));
    expect(election.t).toBeGreaterThanOrEqual(expiry.t);
    // With this seed the leader's broker is also the controller: a new controller is elected first, epoch + 1.
    expect(oldController.broker).toBe(oldLeader);
    const newController = rec.of("controller.elected").at(-1)!;
    expect(newController).toMatchObject({ epoch: oldController.epoch + 1 });
    expect(newController.broker).not.toBe(oldLeader);
    expect(newController.t).toBeGreaterThanOrEqual(expiry.t);
    expect(election.controller).toBe(newController.broker);
    expect(sim.snapshot().controller).toEqual({ broker: newController.broker, epoch: oldController.epoch + 1 });

    const shrink = rec.of("isr.changed").find((e) => e.t >= expiry.t)!;
    expect(shrink.previous).toContain(oldLeader);
    expect(shrink.isr).not.toContain(oldLeader);

    const afterElection = (type: string) => rec.messages(type).filter((m) => m.t >= election.t && !m.msg.dropped);
    const survivors = before.replicas.filter((r) => r !== oldLeader).map(brokerNodeId);
    expect(new Set(afterElection("LeaderAndIsr").map((m) => m.msg.to))).toEqual(new Set(survivors));
    expect(new Set(afterElection("UpdateMetadata").map((m) => m.msg.to))).toEqual(new Set(survivors));
    const lai = afterElection("LeaderAndIsr")[0].msg.body as ControllerRequestBody;
    expect(lai.partitions[0]).toMatchObject({ leader: election.leader, leaderEpoch: election.leaderEpoch });

    const after = sim.snapshot();
    expect(after.partitions[0]).toMatchObject({ leader: election.leader, leaderEpoch: before.leaderEpoch + 1 });
    expect(after.partitions[0].isr).not.toContain(oldLeader);
    const newLeader = after.brokers.find((b) => b.id === election.leader)!.replicas[0];
    expect(newLeader).toMatchObject({ role: "leader", logEndOffset: 10, highWatermark: 10 });
    expect(after.monitor).toEqual({ violations: 0, dataLosses: 0 });
    expect(rec.of("data.loss")).toEqual([]);
    expect(rec.of("invariant.violated")).toEqual([]);
  });
});

describe("controller to broker requests", () => {
  it("resends a LeaderAndIsr lost to a network cut until the broker answers (ControllerChannelManager)", () => {
    const { rec, sim, c } = leaderAndController(3);
    rec.apply({ type: "isolate", node: brokerNodeId(c), from: "brokers" });
    rec.apply({ type: "crashBroker", broker: c });
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 2000);
    const toC = () => rec.messages("LeaderAndIsr").filter((m) => m.msg.to === brokerNodeId(c) && m.t > 3000);
    expect(toC().length).toBeGreaterThan(0);
    expect(toC().every((m) => m.msg.dropped === "cut")).toBe(true);
    expect(brokerState(sim, c)!.partitions.size).toBe(0);

    rec.apply({ type: "heal" });
    rec.runUntil(sim.now + 6000);
    const delivered = toC().filter((m) => m.msg.dropped === undefined);
    expect(delivered.length).toBeGreaterThan(0);
    const id = (m: { msg: { body: unknown } }) => (m.msg.body as ControllerRequestBody).correlationId;
    // The very request that was lost, sent again.
    expect(
      toC()
        .filter((m) => m.msg.dropped === "cut")
        .map(id),
    ).toContain(id(delivered[0]));
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ role: "follower", inIsr: true });
  });

  it("treats a broker that died and registered again unseen (a new broker epoch) as failed and restarted", () => {
    const { rec, sim, a, b } = leaderAndController(4, {}, { "zookeeper.session.timeout.ms": 9000 });
    const t0 = sim.now;
    rec.apply({ type: "crashBroker", broker: a });
    // a's session cannot expire before t0 + 9 s; from just before, the controller is cut off from ZooKeeper
    // (briefly: it keeps its own session) and misses a's departure and return.
    rec.runUntil(t0 + 8000);
    rec.apply({ type: "isolate", node: brokerNodeId(b), from: "zookeeper" });
    awaitDeregistered(sim, a);
    rec.apply({ type: "startBroker", broker: a });
    rec.until(() => registered(sim, a), 1000);
    rec.apply({ type: "heal" });
    rec.runUntil(sim.now + 8000);
    expect(rec.of("zk.session.expired").filter((e) => e.owner === brokerNodeId(b))).toEqual([]);
    expect(rec.of("controller.elected")).toHaveLength(1);
    // The controller noticed: leadership moved off the bounced broker, which now follows with the partition known.
    const p = sim.snapshot().partitions[0];
    expect(p.leaderEpoch).toBeGreaterThan(0);
    expect(replicaView(sim, p.leader, "orders", 0)).toMatchObject({ role: "leader", leaderEpoch: p.leaderEpoch });
    expect(replicaView(sim, a, "orders", 0).role).not.toBe("none");
    expect(sim.snapshot().monitor.violations).toBe(0);
  });
});

describe("broker epochs (KIP-380)", () => {
  it("refuses a controller request meant for an earlier life of the broker with STALE_BROKER_EPOCH", () => {
    const { rec, sim, c } = leaderAndController(5);
    const oldEpoch = brokerState(sim, c)!.brokerEpoch;
    expect(oldEpoch).toBeGreaterThan(0);
    rec.apply({ type: "crashBroker", broker: c });
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.until(() => brokerState(sim, c)?.registered === true, 2000);
    rec.runUntil(sim.now + 1000);
    expect(brokerState(sim, c)!.brokerEpoch).toBeGreaterThan(oldEpoch);
    const before = structuredClone(brokerState(sim, c)!.partitions.get("orders-0")!);
    const controller = sim.snapshot().controller!;
    const body: ControllerRequestBody = {
      controllerId: controller.broker,
      controllerEpoch: controller.epoch,
      brokerEpoch: oldEpoch,
      partitions: [{ ...before, leader: c, leaderEpoch: before.leaderEpoch + 1, isr: [c] }],
    };
    send(sim.world, brokerNodeId(controller.broker), brokerNodeId(c), "controller", "LeaderAndIsr", body);
    rec.runUntil(sim.now + 100);
    expect(rec.of("request.rejected").filter((e) => e.broker === c)).toEqual([
      expect.objectContaining({ request: "LeaderAndIsr", error: "STALE_BROKER_EPOCH" }),
    ]);
    expect(brokerState(sim, c)!.partitions.get("orders-0")).toMatchObject({
      role: "follower",
      leaderEpoch: before.leaderEpoch,
    });
  });
});

describe("AlterPartition", () => {
  it("answers a retried AlterPartition that is already the state with success, whatever its partition epoch", () => {
    const { rec, sim, a, b } = leaderAndController(6);
    const p = brokerState(sim, a)!.partitions.get("orders-0")!;
    const request = (partitionEpoch: number, newIsr: number[]) =>
      send(sim.world, brokerNodeId(a), brokerNodeId(b), "controller", "AlterPartition", {
        brokerId: a,
        topic: "orders",
        partition: 0,
        leaderEpoch: p.leaderEpoch,
        newIsr,
        partitionEpoch,
      });
    request(p.partitionEpoch - 1, [...p.isr].reverse());
    request(p.partitionEpoch - 1, [a]);
    rec.runUntil(sim.now + 100);
    const answers = rec
      .messages("AlterPartitionResponse")
      .map((m) => m.msg.body as { error: string | null; isr: number[]; partitionEpoch: number });
    // The same ISR: idempotent success with the current state. A different one on a stale epoch: fenced.
    expect(answers).toEqual([
      expect.objectContaining({ error: null, isr: p.isr, partitionEpoch: p.partitionEpoch }),
      expect.objectContaining({ error: "INVALID_UPDATE_VERSION" }),
    ]);
    expect(sim.snapshot().partitions[0].isr).toEqual(p.isr);
  });
});
