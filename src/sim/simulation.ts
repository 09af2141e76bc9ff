import type { Action, TimedAction } from "./actions";
import { applyAction } from "./apply-action";
import { logEndOffset, readRecords } from "./broker/log";
import { type Frozen, freeze, thaw } from "./checkpoint";
import { type ClusterConfig, type ClusterConfigInput, resolveConfig } from "./config";
import { step as coreStep } from "./core/engine";
import { peek } from "./core/queue";
import { traceCount, traceHash } from "./core/trace";
import type { SimEvent } from "./events";
import { type MessageView, messageView, type Snapshot, takeSnapshot } from "./snapshot";
import { brokerNode, tpKey, type World } from "./world";
import { behaviours, createWorld } from "./world-setup";

export interface ReplicaLogRecord {
  offset: number;
  leaderEpoch: number;
  key: string | null;
}

/** A run is fully described by these three things. */
export interface RunDescription {
  config: ClusterConfig;
  seed: number;
  actions: TimedAction[];
}

interface Checkpoint extends Frozen {
  /** How many of the run's actions had been applied. */
  applied: number;
}

/**
 * Checkpoint policy. A seek restores the nearest earlier checkpoint and
 * re-simulates from there, so its cost is bounded by the events between two
 * checkpoints: `runUntil` keeps one every CHECKPOINT_EVENTS events (or every
 * CHECKPOINT_MAX_MS of a quiet run), which costs a few percent of run time. A
 * checkpoint's cost grows with the cluster, so a big cluster takes one every
 * CHECKPOINT_EVENTS_PER_REPLICA events per partition replica instead, if that
 * is more.
 * Checkpoints within the newest CHECKPOINT_SPAN_MS of simulated time are all
 * kept, so a seek anywhere there is fast; older ones are dropped except the
 * first, because each holds its moment's logs alive and a long run's memory
 * must stay bounded. A seek before the span re-simulates from the first.
 */
const CHECKPOINT_EVENTS = 30_000;
const CHECKPOINT_EVENTS_PER_REPLICA = 250;
const CHECKPOINT_MAX_MS = 60_000;
const CHECKPOINT_SPAN_MS = 10 * 60_000;
/** A hard cap for very busy runs: beyond it, every other checkpoint in the older half goes. */
const MAX_CHECKPOINTS = 400;

/**
 * One simulated run: the public face of the engine. Same (config, seed,
 * actions) gives the same run, event for event.
 */
export class Simulation {
  readonly config: ClusterConfig;
  readonly seed: number;
  private w: World;
  private readonly actions: TimedAction[];
  private applied = 0;
  private checkpoints: Checkpoint[] = [];
  /** The furthest time `runUntil` was asked for since the last seek: may be a fraction ahead of the clock. */
  private reached = 0;
  private readonly checkpointEvents: number;

  private constructor(config: ClusterConfig, seed: number, actions: TimedAction[]) {
    this.config = config;
    this.seed = seed >>> 0;
    this.actions = actions.map((a) => structuredClone(a));
    this.w = createWorld(config, this.seed);
    const replicas = config.topics.reduce(
      (n, t) => n + t.partitions * t.replicationFactor,
      config.broker["offsets.topic.num.partitions"] *
        Math.min(config.brokers, config.broker["offsets.topic.replication.factor"]),
    );
    this.checkpointEvents = Math.max(CHECKPOINT_EVENTS, CHECKPOINT_EVENTS_PER_REPLICA * replicas);
    this.keepCheckpoint();
  }

  static create(config: ClusterConfigInput | ClusterConfig, seed: number, actions: TimedAction[] = []): Simulation {
    return new Simulation(resolveConfig(config), seed, actions);
  }

  static fromRun(run: RunDescription): Simulation {
    return new Simulation(resolveConfig(run.config), run.seed, run.actions);
  }

  get now(): number {
    return this.w.now;
  }

  /** Events processed so far. */
  get eventCount(): number {
    return this.w.processed;
  }

  /** The run so far and its scheduled future: enough to reproduce it exactly. */
  run(): RunDescription {
    return structuredClone({ config: this.config, seed: this.seed, actions: this.actions });
  }

  /** Process exactly one event (after any action due before it). Returns false when nothing is left. */
  step(): boolean {
    while (this.applyNextAction(peek(this.w.queue)?.at ?? Number.POSITIVE_INFINITY)) {}
    return coreStep(this.w, behaviours);
  }

  /** Run every event up to and including simulated time `t` (ms). */
  runUntil(t: number): void {
    for (;;) {
      const next = peek(this.w.queue);
      // One action at a time, then look at the queue again: an action's own messages may be due first.
      if (this.applyNextAction(Math.min(next?.at ?? Number.POSITIVE_INFINITY, t))) continue;
      if (next === undefined || next.at > t) break;
      if (this.checkpointDue(next.at)) this.keepCheckpoint();
      coreStep(this.w, behaviours);
    }
    // The clock moves in whole milliseconds (timers and deadlines are computed from it); a fraction
    // asked for is remembered, so many small advances add up to the same run as one large one.
    const whole = Math.floor(t);
    if (whole > this.w.now) this.w.now = whole;
    this.reached = Math.max(this.reached, t);
  }

  /** Run for `ms` more simulated milliseconds (a fraction of a millisecond carries over to the next call). */
  advance(ms: number): void {
    this.runUntil(Math.max(this.reached, this.w.now) + ms);
  }

  /**
   * Apply a user action now. It joins the run, pinned to this moment, so a
   * replay applies it at exactly the same point; user actions that were
   * ahead of this moment (after a rewind) are dropped: the run branches here.
   */
  apply(action: Action): void {
    const future = this.actions.slice(this.applied).filter((a) => a.afterEvent === undefined);
    this.actions.length = this.applied;
    this.actions.push({ at: this.w.now, afterEvent: this.w.processed, action: structuredClone(action) }, ...future);
    this.checkpoints = this.checkpoints.filter((c) => c.world.processed <= this.w.processed);
    while (this.applyNextAction(this.w.now)) {}
  }

  /** Schedule an action at a future simulated time (a scenario's timeline). */
  schedule(at: number, action: Action): void {
    const timed: TimedAction = { at: Math.max(at, this.w.now), action: structuredClone(action) };
    let i = this.actions.length;
    while (i > this.applied && this.actions[i - 1].afterEvent === undefined && this.actions[i - 1].at > timed.at) i--;
    this.actions.splice(i, 0, timed);
  }

  /** The exact state at time t: restore the nearest earlier checkpoint and re-simulate. */
  seek(t: number): void {
    let best: Checkpoint | undefined;
    for (const c of this.checkpoints)
      if (c.world.now <= t && (best === undefined || c.world.now >= best.world.now)) best = c;
    if (best === undefined || (t >= this.w.now && best.world.now <= this.w.now)) {
      if (t < this.w.now) {
        this.w = createWorld(this.config, this.seed);
        this.applied = 0;
      }
    } else {
      this.w = thaw(best);
      this.applied = best.applied;
    }
    this.reached = 0;
    this.runUntil(t);
  }

  /** Seek to just before the last event: one step backwards. */
  stepBack(): void {
    const target = this.w.processed - 1;
    if (target < 0) return;
    this.seekToEvent(target);
  }

  /** Re-simulate to the moment after exactly `n` events. */
  seekToEvent(n: number): void {
    let best: Checkpoint | undefined;
    for (const c of this.checkpoints)
      if (c.world.processed <= n && (best === undefined || c.world.processed >= best.world.processed)) best = c;
    if (best === undefined) {
      this.w = createWorld(this.config, this.seed);
      this.applied = 0;
    } else {
      this.w = thaw(best);
      this.applied = best.applied;
    }
    this.reached = 0;
    while (this.w.processed < n && this.step()) {}
  }

  snapshot(): Snapshot {
    return takeSnapshot(this.w);
  }

  /** The newest trace events, all of the window or the `last` newest (`traceCount` counts the whole run). */
  trace(last?: number): readonly SimEvent[] {
    const events = this.w.trace.events;
    return last === undefined ? events.slice() : events.slice(Math.max(0, events.length - last));
  }

  /** Messages delivered or dropped after message `afterId`, oldest first (a recent window). */
  recentMessages(afterId: number): MessageView[] {
    const out: MessageView[] = [];
    for (const m of this.w.net.recent) if (m.id > afterId) out.push(messageView(m));
    return out;
  }

  /** The newest `limit` records of one replica's log (kept while its broker is down), oldest first. */
  replicaLog(topic: string, partition: number, broker: number, limit: number): ReplicaLogRecord[] {
    const log = brokerNode(this.w, broker)?.durable.logs.get(tpKey(topic, partition));
    if (log === undefined) return [];
    return readRecords(log, logEndOffset(log) - limit).map((r) => ({
      offset: r.offset,
      leaderEpoch: r.leaderEpoch,
      key: r.key,
    }));
  }

  traceHash(): string {
    return traceHash(this.w.trace);
  }

  traceCount(): number {
    return traceCount(this.w.trace);
  }

  /** The raw world, for the engine's own modules and tests. Treat as read-only. */
  get world(): World {
    return this.w;
  }

  /** Apply the run's next action if it is due by `before` (and after its event, for a user's action). */
  private applyNextAction(before: number): boolean {
    const a = this.actions[this.applied];
    if (a === undefined || a.at > before || (a.afterEvent !== undefined && a.afterEvent > this.w.processed))
      return false;
    if (a.at > this.w.now) this.w.now = Math.floor(a.at);
    this.applied++;
    applyAction(this.w, a.action);
    return true;
  }

  private checkpointDue(nextAt: number): boolean {
    const last = this.checkpoints[this.checkpoints.length - 1]?.world;
    if (last === undefined) return true;
    return this.w.processed - last.processed >= this.checkpointEvents || nextAt >= last.now + CHECKPOINT_MAX_MS;
  }

  private keepCheckpoint(): void {
    const cps = this.checkpoints;
    cps.push({ ...freeze(this.w), applied: this.applied });
    const horizon = this.w.now - CHECKPOINT_SPAN_MS;
    let old = 1;
    while (old < cps.length && cps[old].world.now < horizon) old++;
    if (old > 1) cps.splice(1, old - 1);
    if (cps.length > MAX_CHECKPOINTS) {
      const half = Math.floor(cps.length / 2);
      this.checkpoints = cps.filter((_, i) => i === 0 || i >= half || i % 2 === 0);
    }
  }
}
