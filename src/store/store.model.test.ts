import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type Action, Simulation, type Snapshot } from "../sim";
import { useSim } from "./simStore";

/**
 * Action fuzzing: any sequence of user actions at any moment (play, pause,
 * step, seek, step back, faults, reset, load) never throws and leaves the
 * store consistent; the run it records replays to the state it shows.
 */
interface Model {
  playing: boolean;
}
type Real = typeof useSim;

function consistent(s: Snapshot): void {
  expect(s.now).toBeGreaterThanOrEqual(0);
  for (const p of s.partitions) {
    if (p.leader >= 0) expect(p.replicas).toContain(p.leader);
    for (const r of p.isr) expect(p.replicas).toContain(r);
    expect(p.offline).toBe(p.leader < 0);
  }
  for (const b of s.brokers) {
    for (const r of b.replicas) {
      expect(r.highWatermark).toBeLessThanOrEqual(r.logEndOffset);
      expect(r.logStartOffset).toBeLessThanOrEqual(r.logEndOffset);
    }
  }
  expect(s.monitor.violations).toBe(0);
}

class Play implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real) {
    r.getState().play();
    m.playing = true;
    expect(r.getState().playing).toBe(true);
  }
  toString = () => "play";
}

class Pause implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real) {
    r.getState().pause();
    m.playing = false;
    expect(r.getState().playing).toBe(false);
  }
  toString = () => "pause";
}

class Step implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real) {
    const before = r.getState().snapshot.eventCount;
    r.getState().step();
    const after = r.getState().snapshot.eventCount;
    // Step works only while paused, and then moves exactly one event.
    expect(after - before).toBe(m.playing ? 0 : 1);
    consistent(r.getState().snapshot);
  }
  toString = () => "step";
}

class Advance implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(_m: Model, r: Real) {
    const before = r.getState().snapshot.now;
    r.getState().advance(this.ms);
    expect(r.getState().snapshot.now).toBe(before + this.ms);
    consistent(r.getState().snapshot);
  }
  toString = () => `advance(${this.ms})`;
}

class Seek implements fc.Command<Model, Real> {
  constructor(readonly t: number) {}
  check = () => true;
  run(m: Model, r: Real) {
    r.getState().seek(this.t);
    m.playing = false;
    expect(r.getState().playing).toBe(false);
    expect(r.getState().snapshot.now).toBe(this.t);
    consistent(r.getState().snapshot);
  }
  toString = () => `seek(${this.t})`;
}

class StepBack implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real) {
    const before = r.getState().snapshot.eventCount;
    r.getState().stepBack();
    m.playing = false;
    expect(r.getState().snapshot.eventCount).toBe(Math.max(0, before - 1));
    consistent(r.getState().snapshot);
  }
  toString = () => "stepBack";
}

class Apply implements fc.Command<Model, Real> {
  constructor(readonly action: Action) {}
  check = () => true;
  run(_m: Model, r: Real) {
    r.getState().applyAction(this.action);
    consistent(r.getState().snapshot);
  }
  toString = () => `apply(${JSON.stringify(this.action)})`;
}

class Reset implements fc.Command<Model, Real> {
  constructor(readonly seed: number) {}
  check = () => true;
  run(m: Model, r: Real) {
    r.getState().reset(this.seed);
    m.playing = false;
    expect(r.getState().snapshot.now).toBe(0);
    expect(r.getState().seed).toBe(this.seed);
  }
  toString = () => `reset(${this.seed})`;
}

class Reload implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real) {
    const { now, traceHash } = r.getState().snapshot;
    r.getState().loadRun(r.getState().currentRun());
    r.getState().seek(now);
    m.playing = false;
    // The recorded run (config, seed, user actions) reproduces what was on screen.
    expect(r.getState().snapshot.traceHash).toBe(traceHash);
  }
  toString = () => "reload the recorded run";
}

const broker = fc.integer({ min: 1, max: 3 });
const consumer = fc.constantFrom("consumer-1", "consumer-2", "consumer-3");
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  broker.map((b) => ({ type: "crashBroker" as const, broker: b })),
  broker.map((b) => ({ type: "startBroker" as const, broker: b })),
  broker.map((b) => ({ type: "controlledShutdown" as const, broker: b })),
  broker.map((b) => ({ type: "isolate" as const, node: `broker-${b}`, from: "zookeeper" as const })),
  fc.constant({ type: "heal" as const }),
  fc.constant({ type: "killZookeeper" as const, server: 1 }),
  fc.constant({ type: "startZookeeper" as const, server: 1 }),
  consumer.map((c) => ({ type: "crashClient" as const, node: c })),
  consumer.map((c) => ({ type: "restartClient" as const, node: c })),
  consumer.map((c) => ({ type: "removeConsumer" as const, consumer: c })),
  consumer.map((c) => ({ type: "moveConsumer" as const, consumer: c, groupId: "other" })),
  consumer.map((c) => ({ type: "addConsumer" as const, consumer: { id: c, topic: "orders", groupId: "billing" } })),
  fc.constant({ type: "setProducerConfig" as const, producer: "producer-1", config: { acks: "1" as const } }),
  fc.constant({ type: "crashClient" as const, node: "producer-1" }),
);

const commands = fc.commands(
  [
    fc.constant(new Play()),
    fc.constant(new Pause()),
    fc.constant(new Step()),
    fc.integer({ min: 1, max: 8000 }).map((ms) => new Advance(ms)),
    fc.integer({ min: 0, max: 30000 }).map((t) => new Seek(t)),
    fc.constant(new StepBack()),
    actionArb.map((a) => new Apply(a)),
    fc.integer({ min: 0, max: 100 }).map((s) => new Reset(s)),
    fc.constant(new Reload()),
  ],
  { maxCommands: 25 },
);

describe("the store under any sequence of user actions", () => {
  afterEach(() => useSim.getState().pause());

  it("never throws, stays consistent, and its recorded run replays to what it shows", () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        useSim.getState().reset(42);
        fc.modelRun(() => ({ model: { playing: false }, real: useSim }), cmds);
        useSim.getState().pause();
        const { currentRun, snapshot } = useSim.getState();
        const replay = Simulation.fromRun(currentRun());
        replay.runUntil(snapshot.now);
        expect(replay.snapshot().now).toBe(snapshot.now);
      }),
      { numRuns: 60, seed: 1128 },
    );
  });
});
