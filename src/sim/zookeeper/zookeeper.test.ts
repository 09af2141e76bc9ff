import { describe, expect, it } from "vitest";
import { send } from "../core/engine";
import { Simulation } from "../simulation";
import { eventsOf, keepMessages, messagesOf, Recorder, testCluster, topic } from "../testing/helpers";
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

describe("ZooKeeper client connections", () => {
  it("keeps pinging every third of the session timeout after a session expiry, not twice as often", () => {
    const rec = new Recorder(Simulation.create(testCluster(), 8)).runUntil(3000);
    rec.apply({ type: "expireSession", broker: 1 });
    rec.runUntil(6000);
    rec.runUntil(26_000);
    const pings = rec.messages("Ping").filter((m) => m.msg.from === "broker-1" && m.msg.sentAt >= 6000);
    // 20 s at one ping per 2 s.
    expect(pings.length).toBeGreaterThanOrEqual(9);
    expect(pings.length).toBeLessThanOrEqual(11);
  });

  it("answers a client whose server restarted with ConnectionLoss, and the client reconnects at once", () => {
    const rec = new Recorder(Simulation.create(testCluster({ zookeeperServers: 3 }), 9)).runUntil(3000);
    const session = [...rec.sim.world.zk.sessions.values()].find((s) => s.owner === "broker-2")!;
    const server = Number(session.server.slice("zk-".length));
    rec.apply({ type: "killZookeeper", server });
    rec.apply({ type: "startZookeeper", server });
    rec.runUntil(8000);
    const loss = rec
      .messages("Reply")
      .find((m) => m.msg.to === "broker-2" && (m.msg.body as { error?: string }).error === "ConnectionLoss")!;
    expect(loss).toBeDefined();
    const reconnect = rec.messages("ConnectRequest").find((m) => m.msg.from === "broker-2" && m.msg.sentAt >= loss.t)!;
    expect(reconnect.msg.sentAt).toBe(loss.t);
    expect((reconnect.msg.body as { session: number }).session).toBe(session.id);
    expect(rec.of("zk.session.expired")).toEqual([]);
  });

  it("delivers a watch that fired while the client's server was down once the client reconnects (SetWatches)", () => {
    const rec = new Recorder(Simulation.create(testCluster({ zookeeperServers: 3 }), 10)).runUntil(3000);
    const sim = rec.sim;
    const controller = sim.snapshot().controller!.broker;
    const victim = [1, 2, 3].find((b) => b !== controller)!;
    const session = [...sim.world.zk.sessions.values()].find((s) => s.owner === `broker-${controller}`)!;
    const server = session.server;
    const t0 = sim.now;
    rec.apply({ type: "crashBroker", broker: victim });
    rec.runUntil(t0 + 5900);
    // The victim's session expires while the controller's server is down: the watch cannot be delivered then.
    rec.apply({ type: "killZookeeper", server: Number(server.slice("zk-".length)) });
    rec.runUntil(t0 + 20_000);
    const expiry = rec.of("zk.session.expired").find((e) => e.owner === `broker-${victim}`)!;
    const notice = rec
      .messages("WatchEvent")
      .find((m) => m.msg.to === `broker-${controller}` && (m.msg.body as { path: string }).path === "/brokers/ids")!;
    expect(notice).toBeDefined();
    expect(notice.msg.from).not.toBe(server);
    expect(notice.msg.sentAt).toBeGreaterThan(expiry.t);
    // ...and the controller acted on it.
    expect(rec.of("replica.state").some((e) => e.broker === victim && e.to === "OfflineReplica")).toBe(true);
  });

  it("answers a request resent after a lost reply from the session's record, without applying it twice", () => {
    const sim = keepMessages(Simulation.create(testCluster(), 11));
    sim.runUntil(3000);
    const session = [...sim.world.zk.sessions.values()].find((s) => s.owner === "broker-1")!;
    const request = {
      session: session.id,
      xid: 9999,
      ops: [{ op: "create", path: "/dedupe", data: "" }],
      multi: false,
    };
    send(sim.world, "broker-1", session.server, "zookeeper", "Request", request);
    send(sim.world, "broker-1", session.server, "zookeeper", "Request", request);
    send(sim.world, "broker-1", session.server, "zookeeper", "Request", { ...request, xid: 10_000 });
    sim.runUntil(3100);
    const replies = messagesOf(sim, "Reply")
      .map((m) => m.msg.body as { xid: number; results: unknown[] })
      .filter((b) => b.xid >= 9999)
      .map(({ xid, results }) => ({ xid, results }));
    expect(replies).toEqual([
      { xid: 9999, results: [{ ok: true }] },
      { xid: 9999, results: [{ ok: true }] },
      { xid: 10_000, results: [{ ok: false, error: "NodeExists" }] },
    ]);
  });
});

describe("ZooKeeper watch notifications", () => {
  it("sends a notification lost to a network cut again once the client notices the gap", () => {
    const rec = new Recorder(Simulation.create(testCluster(), 12)).runUntil(3000);
    const sim = rec.sim;
    const controller = sim.snapshot().controller!.broker;
    const other = [1, 2, 3].find((b) => b !== controller)!;
    // The notification leaves the server, then the controller is cut off before it arrives.
    rec.apply({ type: "expireSession", broker: other });
    rec.apply({ type: "isolate", node: `broker-${controller}`, from: "zookeeper" });
    rec.runUntil(3500);
    rec.apply({ type: "heal" });
    rec.runUntil(8000);
    const notices = rec
      .messages("WatchEvent")
      .filter((m) => m.msg.to === `broker-${controller}` && (m.msg.body as { path: string }).path === "/brokers/ids");
    expect(notices[0].msg.dropped).toBe("cut");
    const again = notices.find((m) => m.msg.dropped === undefined)!;
    expect(again).toBeDefined();
    expect((again.msg.body as { seq: number }).seq).toBe((notices[0].msg.body as { seq: number }).seq);
    // The controller saw the broker go (and come back with a new session).
    expect(rec.of("replica.state").some((e) => e.broker === other && e.to === "OfflineReplica")).toBe(true);
    expect(rec.of("zk.session.expired").filter((e) => e.owner === `broker-${controller}`)).toEqual([]);
  });
});
