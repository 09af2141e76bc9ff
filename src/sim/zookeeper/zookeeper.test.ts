import { describe, expect, it } from "vitest";
import { Simulation } from "../simulation";
import { eventsOf, messagesOf, Recorder, testCluster, topic } from "../testing/helpers";
import { applyOps, createEnsemble, type Fired } from "./tree";

const znodes = (sim: Simulation) => sim.snapshot().zookeeper.znodes.map((z) => z.path);

describe("ZooKeeper sessions", () => {
  it("removes a session's ephemeral znodes when the session expires, and tells the watchers", () => {
    const sim = Simulation.create(testCluster(), 7);
    sim.runUntil(3000);
    expect(znodes(sim)).toContain("/brokers/ids/2");
    const controller = sim.snapshot().controller!.broker;
    const victim = controller === 2 ? 3 : 2;

    sim.apply({ type: "expireSession", broker: victim });

    const expired = eventsOf(sim, "zk.session.expired");
    expect(expired).toHaveLength(1);
    expect(expired[0].owner).toBe(`broker-${victim}`);
    expect(expired[0].ephemerals).toEqual([`/brokers/ids/${victim}`]);
    expect(znodes(sim)).not.toContain(`/brokers/ids/${victim}`);
    // The controller watches /brokers/ids: its child watch fires at once.
    expect(eventsOf(sim, "zk.watch.fired")).toContainEqual(
      expect.objectContaining({ owner: `broker-${controller}`, path: "/brokers/ids", event: "NodeChildrenChanged" }),
    );
    // The broker learns of the expiry on its next ping; KafkaZkClient opens a new session and the broker registers again.
    sim.runUntil(sim.now + 3000);
    expect(znodes(sim)).toContain(`/brokers/ids/${victim}`);
    const registered = eventsOf(sim, "broker.registered").filter((e) => e.broker === victim);
    expect(registered).toHaveLength(2);
  });

  it("expires the session of a broker cut off from ZooKeeper after zookeeper.session.timeout.ms", () => {
    const sim = Simulation.create(testCluster(), 11);
    sim.runUntil(5000);
    sim.apply({ type: "isolate", node: "broker-2", from: "zookeeper" });
    sim.runUntil(20000);
    const expired = eventsOf(sim, "zk.session.expired").filter((e) => e.owner === "broker-2");
    expect(expired).toHaveLength(1);
    // Last heard just before the cut; expiry is checked every tick (2 s).
    expect(expired[0].t).toBeGreaterThanOrEqual(5000 + 6000 - 2000);
    expect(expired[0].t).toBeLessThanOrEqual(5000 + 6000 + 2000);
    expect(expired[0].ephemerals).toContain("/brokers/ids/2");
    expect(znodes(sim)).not.toContain("/brokers/ids/2");
    // The broker is still running; it simply cannot reach ZooKeeper.
    expect(sim.snapshot().brokers.find((b) => b.id === 2)!.status).toBe("running");
  });

  it("keeps the session of a broker that keeps pinging, however long it runs", () => {
    const sim = Simulation.create(testCluster(), 3);
    sim.runUntil(60000);
    expect(eventsOf(sim, "zk.session.expired")).toHaveLength(0);
    expect(eventsOf(sim, "zk.session.created")).toHaveLength(3);
  });
});

describe("ZooKeeper watches", () => {
  it("fires a one-shot data watch once, then never again until it is set again", () => {
    const zk = createEnsemble(["zk-1"]);
    const fired: Fired[] = [];
    applyOps(zk, 1, [{ op: "create", path: "/controller", data: "a" }], false, fired);
    applyOps(zk, 2, [{ op: "getData", path: "/controller", watch: true }], false, fired);
    applyOps(zk, 1, [{ op: "setData", path: "/controller", data: "b" }], false, fired);
    applyOps(zk, 1, [{ op: "setData", path: "/controller", data: "c" }], false, fired);
    expect(fired).toEqual([{ session: 2, path: "/controller", event: "NodeDataChanged" }]);
    applyOps(zk, 2, [{ op: "exists", path: "/controller", watch: true }], false, fired);
    applyOps(zk, 1, [{ op: "delete", path: "/controller" }], false, fired);
    expect(fired.at(-1)).toEqual({ session: 2, path: "/controller", event: "NodeDeleted" });
    expect(fired).toHaveLength(2);
  });

  it("fires an exists watch on a znode that does not exist yet when it is created", () => {
    const zk = createEnsemble(["zk-1"]);
    const fired: Fired[] = [];
    const [r] = applyOps(zk, 3, [{ op: "exists", path: "/controller", watch: true }], false, fired);
    expect(r).toEqual({ ok: true, exists: false });
    applyOps(zk, 1, [{ op: "create", path: "/controller", data: "x", ephemeral: true }], false, fired);
    expect(fired).toEqual([{ session: 3, path: "/controller", event: "NodeCreated" }]);
  });

  it("fires a child watch once for a run of child changes", () => {
    const zk = createEnsemble(["zk-1"]);
    const fired: Fired[] = [];
    applyOps(zk, 1, [{ op: "create", path: "/brokers/ids", data: "" }], false, fired);
    applyOps(zk, 9, [{ op: "getChildren", path: "/brokers/ids", watch: true }], false, fired);
    applyOps(zk, 1, [{ op: "create", path: "/brokers/ids/1", data: "", ephemeral: true }], false, fired);
    applyOps(zk, 2, [{ op: "create", path: "/brokers/ids/2", data: "", ephemeral: true }], false, fired);
    expect(fired).toEqual([{ session: 9, path: "/brokers/ids", event: "NodeChildrenChanged" }]);
  });

  it("applies a multi all or nothing: a failed check rolls back every write", () => {
    const zk = createEnsemble(["zk-1"]);
    const fired: Fired[] = [];
    applyOps(zk, 1, [{ op: "create", path: "/controller_epoch", data: "1" }], false, fired);
    const results = applyOps(
      zk,
      1,
      [
        { op: "create", path: "/controller", data: "x", ephemeral: true },
        { op: "check", path: "/controller_epoch", version: 5 },
      ],
      true,
      fired,
    );
    expect(results).toEqual([
      { ok: false, error: "RolledBack" },
      { ok: false, error: "BadVersion" },
    ]);
    expect(zk.tree.has("/controller")).toBe(false);
  });

  it("re-arms the controller's /brokers/ids watch after each change, so every broker failure is seen", () => {
    const sim = Simulation.create(testCluster({ brokers: 4, topics: [topic("orders", 4, 3)] }), 5);
    sim.runUntil(3000);
    const controller = sim.snapshot().controller!.broker;
    const [a, b] = [1, 2, 3, 4].filter((x) => x !== controller);
    sim.apply({ type: "controlledShutdown", broker: a });
    sim.runUntil(8000);
    sim.apply({ type: "controlledShutdown", broker: b });
    sim.runUntil(14000);
    const childWatches = eventsOf(sim, "zk.watch.fired").filter(
      (e) => e.path === "/brokers/ids" && e.owner === `broker-${controller}`,
    );
    expect(childWatches.length).toBe(2);
    const offline = eventsOf(sim, "replica.state").filter((e) => e.to === "OfflineReplica");
    expect(new Set(offline.map((e) => e.broker))).toEqual(new Set([a, b]));
  });
});

describe("ZooKeeper quorum", () => {
  const threeServers = () => testCluster({ zookeeperServers: 3 });

  it("stops answering clients without a majority, and expires nobody while it is down", () => {
    const rec = new Recorder(Simulation.create(threeServers(), 21)).runUntil(5000);
    rec.sim.apply({ type: "killZookeeper", server: 2 });
    rec.sim.apply({ type: "killZookeeper", server: 3 });
    rec.runUntil(25000);
    expect(rec.of("zk.quorum").at(-1)).toMatchObject({ available: false, up: 1, of: 3 });
    expect(rec.sim.snapshot().zookeeper.quorum).toBe(false);
    const answers = ["ConnectResponse", "Reply", "PingResponse", "WatchEvent"].flatMap((type) =>
      rec.messages(type).filter((m) => m.msg.sentAt > 5000),
    );
    expect(answers).toEqual([]);
    // Clients kept asking: pings and reconnects went unanswered.
    expect(rec.messages("Ping").filter((m) => m.msg.sentAt > 5000).length).toBeGreaterThan(0);
    expect(rec.of("zk.session.expired")).toEqual([]);
  });

  it("gives every session a fresh timeout when the quorum returns", () => {
    const rec = new Recorder(Simulation.create(threeServers(), 22)).runUntil(5000);
    rec.sim.apply({ type: "killZookeeper", server: 2 });
    rec.sim.apply({ type: "killZookeeper", server: 3 });
    rec.runUntil(25000);
    rec.apply({ type: "startZookeeper", server: 3 });
    expect(rec.of("zk.quorum").at(-1)).toMatchObject({ available: true, up: 2, of: 3 });
    // The leader's next tick restarts every session's clock.
    rec.runUntil(27001);
    for (const s of rec.sim.snapshot().zookeeper.sessions) expect(s.expiresInMs).toBeGreaterThan(3000);
    rec.runUntil(45000);
    // 20 s of outage with a 6 s session timeout, and not one session expired.
    expect(rec.of("zk.session.expired")).toEqual([]);
    expect(rec.sim.snapshot().zookeeper.sessions).toHaveLength(3);
    expect(rec.messages("ConnectResponse").some((m) => m.t > 25000)).toBe(true);
    expect(messagesOf(rec.sim, "PingResponse").some((m) => m.t > 30000)).toBe(true);
  });
});
