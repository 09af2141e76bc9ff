import { describe, expect, it } from "vitest";
import { Simulation } from "../simulation";
import {
  awaitDeregistered,
  eventsOf,
  injectProduce,
  produceResponses,
  Recorder,
  replicaView,
  testCluster,
  topic,
} from "../testing/helpers";
import {
  controlledShutdownPartitionLeaderElection,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
} from "./election";

describe("PartitionLeaderElectionAlgorithms", () => {
  it("offline election picks the first live ISR replica in assignment order, not the ISR's order", () => {
    expect(offlinePartitionLeaderElection([3, 1, 2], [2, 1], [1, 2], false)).toEqual({ leader: 1, unclean: false });
    expect(offlinePartitionLeaderElection([3, 1, 2], [3, 2], [1, 2], false)).toEqual({ leader: 2, unclean: false });
  });

  it("offline election with no live ISR replica elects nobody unless unclean election is enabled", () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], [2, 3], false)).toBeNull();
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], [3, 2], true)).toEqual({ leader: 2, unclean: true });
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], [], true)).toBeNull();
  });

  it("controlled-shutdown election skips brokers that are shutting down", () => {
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2])).toBe(3);
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [1, 2], [1, 2, 3], [1, 2])).toBeNull();
  });

  it("preferred-replica election picks the first assigned replica only when it is alive and in the ISR", () => {
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 2], [1, 2, 3])).toBe(2);
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 3], [1, 2, 3])).toBeNull();
    expect(preferredReplicaPartitionLeaderElection([2, 1, 3], [1, 2], [1, 3])).toBeNull();
  });
});

/** One partition with RF 3 on 3 brokers; returns the run and the assignment. */
function onePartition(seed: number, config: Parameters<typeof topic>[3] = {}, broker = {}) {
  const rec = new Recorder(Simulation.create(testCluster({ topics: [topic("orders", 1, 3, config)], broker }), seed));
  rec.runUntil(3000);
  const p = rec.sim.snapshot().partitions[0];
  expect(p.isr).toHaveLength(3);
  return { rec, sim: rec.sim, replicas: p.replicas };
}

describe("leader election in the cluster", () => {
  it("elects the first live ISR replica in assignment order when the leader fails", () => {
    const { rec, sim, replicas } = onePartition(8);
    const [a, b, c] = replicas;
    // b falls out of the ISR first (cut off from the other brokers), then the leader dies.
    rec.apply({ type: "isolate", node: `broker-${b}`, from: "brokers" });
    rec.until(() => !sim.snapshot().partitions[0].isr.includes(b), 20_000);
    rec.apply({ type: "crashBroker", broker: a });
    rec.runUntil(sim.now + 15_000);
    const elected = rec.of("leader.elected").filter((e) => e.reason === "offline");
    expect(elected).toHaveLength(1);
    // b is alive and comes first in the assignment, but it is not in the ISR: c leads.
    expect(elected[0].leader).toBe(c);
    expect(sim.snapshot().partitions[0].leader).toBe(c);
  });

  it("takes a partition offline (leader -1) when no ISR replica is alive and unclean election is off, and brings it back when an ISR member returns", () => {
    const { rec, sim, replicas } = onePartition(12);
    const [a, b, c] = replicas;
    rec.apply({ type: "crashBroker", broker: b });
    rec.apply({ type: "crashBroker", broker: c });
    rec.until(() => sim.snapshot().partitions[0].isr.length === 1, 20_000);
    awaitDeregistered(sim, b);
    const lastIsrMemberCrashedAt = sim.now;
    rec.apply({ type: "crashBroker", broker: a });
    rec.apply({ type: "startBroker", broker: b });
    rec.runUntil(sim.now + 20_000);
    const p = sim.snapshot().partitions[0];
    expect(p).toMatchObject({ leader: -1, offline: true, isr: [a] });
    expect(rec.of("partition.offline")).toHaveLength(1);
    // A new controller initializes the partition as OfflinePartition from ZooKeeper; it never goes online.
    expect(
      rec.of("partition.state").filter((e) => e.t >= lastIsrMemberCrashedAt && e.to === "OnlinePartition"),
    ).toEqual([]);
    expect(rec.of("leader.elected").filter((e) => e.t > 3000)).toEqual([]);

    awaitDeregistered(sim, a);
    rec.apply({ type: "startBroker", broker: a });
    rec.runUntil(sim.now + 5000);
    expect(sim.snapshot().partitions[0]).toMatchObject({ leader: a, offline: false });
    expect(rec.of("leader.elected").at(-1)).toMatchObject({ leader: a, reason: "offline" });
    expect(sim.snapshot().monitor.violations).toBe(0);
  });

  it("with unclean election on, elects the first live out-of-sync replica and reports the lost offsets as data.loss", () => {
    const { rec, sim, replicas } = onePartition(42, { "unclean.leader.election.enable": true });
    const [a, b, c] = replicas;
    rec.apply({ type: "crashBroker", broker: b });
    rec.apply({ type: "crashBroker", broker: c });
    rec.until(() => sim.snapshot().partitions[0].isr.length === 1, 20_000);
    for (let i = 0; i < 5; i++)
      injectProduce(sim.world, a, { acks: -1, topic: "orders", partition: 0, ids: [`r${i}`] });
    rec.runUntil(sim.now + 500);
    expect(produceResponses(sim).map((r) => r.error)).toEqual([null, null, null, null, null]);
    rec.apply({ type: "crashBroker", broker: a });
    awaitDeregistered(sim, b);
    rec.apply({ type: "startBroker", broker: b });
    rec.runUntil(sim.now + 15_000);

    const elected = rec.of("leader.elected").at(-1)!;
    expect(elected).toMatchObject({ leader: b, reason: "unclean", isr: [b] });
    const loss = rec.of("data.loss");
    expect(loss).toEqual([
      expect.objectContaining({
        topic: "orders",
        partition: 0,
        offsets: [0, 1, 2, 3, 4],
        cause: "unclean leader election",
      }),
    ]);
    // An unclean election explains the loss: it is not an invariant violation.
    expect(rec.of("invariant.violated")).toEqual([]);

    // The old leader comes back, truncates its divergent tail and follows.
    awaitDeregistered(sim, a);
    rec.apply({ type: "startBroker", broker: a });
    rec.runUntil(sim.now + 10_000);
    expect(rec.of("log.truncated").filter((e) => e.broker === a)).toEqual([
      expect.objectContaining({ toOffset: 0, removed: [0, 1, 2, 3, 4].map((o) => ({ offset: o, id: `r${o}` })) }),
    ]);
    expect(replicaView(sim, a, "orders", 0)).toMatchObject({ role: "follower", logEndOffset: 0, inIsr: true });
  });

  it("controlled shutdown moves leadership away before the broker stops and deregisters at once", () => {
    const { rec, sim, replicas } = onePartition(3);
    const [a, b] = replicas;
    const t0 = sim.now;
    rec.apply({ type: "controlledShutdown", broker: a });
    rec.runUntil(t0 + 2000);
    const moved = rec.of("leader.elected").find((e) => e.reason === "controlled-shutdown")!;
    const stopped = rec.of("broker.shutdown").find((e) => e.broker === a)!;
    expect(moved).toMatchObject({ leader: b });
    expect(moved.isr).not.toContain(a);
    expect(stopped.controlled).toBe(true);
    expect(moved.t).toBeLessThanOrEqual(stopped.t);
    // The session is closed, not left to expire: /brokers/ids/<a> goes within milliseconds.
    const closed = rec.of("zk.session.closed").find((e) => e.owner === `broker-${a}`)!;
    expect(closed.ephemerals).toContain(`/brokers/ids/${a}`);
    expect(closed.t - t0).toBeLessThan(100);
    expect(rec.of("zk.session.expired")).toEqual([]);
    expect(sim.snapshot().brokers.find((x) => x.id === a)!.status).toBe("stopped");
    expect(sim.snapshot().partitions[0].leader).toBe(b);
  });

  it("lets a restarted broker rejoin as a follower and return to the ISR", () => {
    const { rec, sim, replicas } = onePartition(5);
    const [a, , c] = replicas;
    rec.apply({ type: "crashBroker", broker: c });
    rec.until(() => !sim.snapshot().partitions[0].isr.includes(c), 20_000);
    for (let i = 0; i < 4; i++) injectProduce(sim.world, a, { acks: 1, topic: "orders", partition: 0, ids: [`m${i}`] });
    rec.runUntil(sim.now + 1000);
    expect(replicaView(sim, c, "orders", 0).logEndOffset).toBe(0);
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 5000);
    expect(
      rec
        .of("follower.became")
        .filter((e) => e.broker === c)
        .at(-1),
    ).toMatchObject({ leader: a });
    expect(rec.of("isr.changed").at(-1)!.isr).toContain(c);
    expect(sim.snapshot().partitions[0].isr).toHaveLength(3);
    expect(replicaView(sim, c, "orders", 0)).toMatchObject({ role: "follower", logEndOffset: 4, inIsr: true });
  });

  it("restores the preferred leader with auto.leader.rebalance.enable", () => {
    const { rec, sim, replicas } = onePartition(
      6,
      {},
      {
        "auto.leader.rebalance.enable": true,
        "leader.imbalance.check.interval.seconds": 5,
      },
    );
    const [a, b] = replicas;
    rec.apply({ type: "controlledShutdown", broker: a });
    rec.runUntil(sim.now + 1000);
    expect(sim.snapshot().partitions[0].leader).toBe(b);
    rec.apply({ type: "startBroker", broker: a });
    rec.runUntil(sim.now + 12_000);
    const preferred = rec.of("leader.elected").filter((e) => e.reason === "preferred-replica");
    expect(preferred).toHaveLength(1);
    expect(preferred[0].leader).toBe(a);
    expect(sim.snapshot().partitions[0].leader).toBe(a);
  });

  it("leaves a moved leader where it is when auto.leader.rebalance.enable is off", () => {
    const { rec, sim, replicas } = onePartition(6);
    const [a, b] = replicas;
    rec.apply({ type: "controlledShutdown", broker: a });
    rec.runUntil(sim.now + 1000);
    rec.apply({ type: "startBroker", broker: a });
    rec.runUntil(sim.now + 30_000);
    expect(eventsOf(sim, "leader.elected").filter((e) => e.reason === "preferred-replica")).toEqual([]);
    expect(sim.snapshot().partitions[0].leader).toBe(b);
  });
});

describe("broker startup", () => {
  it("fails to start a broker whose previous session still holds /brokers/ids/<id>, and starts it once the session expired", () => {
    const { rec, sim, replicas } = onePartition(14);
    const c = replicas[2];
    rec.apply({ type: "crashBroker", broker: c });
    rec.runUntil(sim.now + 500);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 500);
    expect(rec.of("broker.startup.failed")).toEqual([expect.objectContaining({ broker: c })]);
    expect(sim.snapshot().brokers.find((b) => b.id === c)!.status).toBe("crashed");
    awaitDeregistered(sim, c);
    rec.apply({ type: "startBroker", broker: c });
    rec.runUntil(sim.now + 3000);
    expect(rec.of("broker.registered").filter((e) => e.broker === c)).toHaveLength(2);
    expect(sim.snapshot().brokers.find((b) => b.id === c)!.status).toBe("running");
  });
});
