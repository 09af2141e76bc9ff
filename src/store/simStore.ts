import { createActor } from "xstate";
import { create } from "zustand";
import { DEFAULT_SPEED, type PlaybackEvent, playbackMachine, type Speed } from "../machines/playback";
import {
  type Action,
  type ClusterConfig,
  type ClusterConfigInput,
  type MessageView,
  type RunDescription,
  type SimEvent,
  Simulation,
  type Snapshot,
} from "../sim";
import { exposeBenchProbe } from "./benchHook";
import { createClock, createPacer } from "./clock";
import { DEFAULT_SEED, INITIAL_SCENARIO } from "./scenario";
import { shareEqual } from "./shareEqual";

/** How many trace events the event log keeps. */
export const TRACE_WINDOW = 200;

export type Selection =
  | { kind: "broker"; id: number }
  | { kind: "zookeeper"; id: string }
  | { kind: "producer"; id: string }
  | { kind: "consumer"; id: string }
  | { kind: "group"; id: string }
  | { kind: "partition"; topic: string; partition: number }
  | null;

export interface SimState {
  config: ClusterConfig;
  seed: number;
  /** The latest published snapshot. Unchanged parts keep their identity between frames (see shareEqual). */
  snapshot: Snapshot;
  /** The newest trace events, oldest first. */
  trace: readonly SimEvent[];
  selected: Selection;
  speed: Speed;
  playing: boolean;
  /**
   * While playing slower than asked (the engine cannot keep up within its
   * per-frame budget): the speed really achieved, to one decimal. Null when
   * the run keeps up or is paused.
   */
  achievedSpeed: number | null;
  /** Bumped on every publish. */
  version: number;

  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Process exactly one engine event (only while paused). */
  step(): void;
  setSpeed(speed: Speed): void;
  /** Run `ms` simulated milliseconds at once and publish (tests, "skip ahead"). */
  advance(ms: number): void;
  applyAction(action: Action): void;
  reset(seed?: number, scenario?: ClusterConfigInput): void;
  /** Time travel: the exact state at simulated time t (ms), earlier or later. */
  seek(t: number): void;
  /** One engine event backwards (re-simulated exactly). */
  stepBack(): void;
  /** Replace the run with another one (a shared link, an imported file, a scenario). */
  loadRun(run: RunDescription): void;
  /** The current run: config, seed and every action so far, enough to reproduce it. */
  currentRun(): RunDescription;
  select(selection: Selection): void;

  // --- Lenses (issue 5): read-only helpers over the live run, appended here. ---
  /** Messages delivered or dropped since message id `afterId` (from the engine's recent window), oldest first. */
  recentMessages(afterId: number): MessageView[];
  /** The newest records of one replica's log (offset and leader epoch), at most `limit`. */
  replicaLog(topic: string, partition: number, broker: number, limit: number): ReplicaRecord[];
  /** Run event by event until a significant trace event (or `maxEvents`), then publish. Returns that event. */
  stepToSignificant(maxEvents?: number): SimEvent | null;

  // --- Tours and the timeline (issue 6), appended here. ---
  /** Time travel to the moment after exactly `n` engine events (where a tour step began). */
  seekToEvent(n: number): void;
  /** Non-message trace events numbered by position in the whole trace, from `fromCount` on (as far as the engine still holds them). */
  traceSince(fromCount: number): { n: number; event: SimEvent }[];
}

export interface ReplicaRecord {
  offset: number;
  leaderEpoch: number;
  key: string | null;
}

/** The trace events "Step to next significant event" stops at. */
export const SIGNIFICANT_EVENTS: ReadonlySet<SimEvent["type"]> = new Set([
  "leader.elected",
  "isr.changed",
  "group.rebalanced",
  "group.state",
  "controller.elected",
  "partition.offline",
  "data.loss",
  "produce.failed",
  "invariant.violated",
]);

/*
 * The Simulation lives outside React and zustand state: it is mutable and
 * only the store touches it. Views see snapshots.
 */
let scenario: ClusterConfigInput = INITIAL_SCENARIO;
let sim = Simulation.create(scenario, DEFAULT_SEED);

/*
 * Each frame the engine gets a wall-time budget (clock.ts): a run that cannot
 * keep up with the requested speed falls behind real time instead of making
 * frames long, and the toolbar shows the speed achieved.
 */
const pacer = createPacer();
const clock = createClock((wallMs) => {
  const { speed } = useSim.getState();
  const simMs = pacer.run(wallMs * speed, (ms) => sim.advance(ms));
  const achieved = pacer.record(wallMs, simMs);
  publish(achieved === null || achieved >= speed * 0.95 ? null : Math.round(achieved * 10) / 10);
});

function publish(achievedSpeed: number | null = useSim.getState().achievedSpeed): void {
  const prev = useSim.getState();
  const snapshot = shareEqual(prev.snapshot, sim.snapshot());
  // Most new trace entries are messages, which the log does not show: keep the old window if nothing it shows changed.
  const trace =
    snapshot.traceCount === prev.snapshot.traceCount ? prev.trace : sameItems(prev.trace, sim.trace(TRACE_WINDOW));
  if (achievedSpeed !== prev.achievedSpeed)
    useSim.setState({ snapshot, trace, achievedSpeed, version: prev.version + 1 });
  else useSim.setState({ snapshot, trace, version: prev.version + 1 });
}

function sameItems<T>(prev: readonly T[], next: readonly T[]): readonly T[] {
  return prev.length === next.length && prev.every((item, i) => item === next[i]) ? prev : next;
}

const playback = createActor(
  playbackMachine.provide({
    actions: {
      startClock: () => {
        pacer.reset();
        clock.start();
      },
      stopClock: () => {
        clock.stop();
        if (useSim.getState().achievedSpeed !== null) useSim.setState({ achievedSpeed: null });
      },
      stepEngine: () => {
        sim.step();
        publish();
      },
      applySpeed: (_, { speed }) => {
        pacer.reset();
        useSim.setState({ speed, achievedSpeed: null });
      },
      resetRun: (_, { seed }) => {
        sim = Simulation.create(scenario, seed ?? useSim.getState().seed);
        useSim.setState({
          config: sim.config,
          seed: sim.seed,
          snapshot: sim.snapshot(),
          trace: sim.trace(TRACE_WINDOW),
          selected: null,
        });
      },
    },
  }),
);

function send(event: PlaybackEvent): void {
  playback.send(event);
}

export const useSim = create<SimState>()(() => ({
  config: sim.config,
  seed: sim.seed,
  snapshot: sim.snapshot(),
  trace: sim.trace(TRACE_WINDOW),
  selected: null,
  speed: DEFAULT_SPEED,
  playing: false,
  achievedSpeed: null,
  version: 0,

  play: () => send({ type: "PLAY" }),
  pause: () => send({ type: "PAUSE" }),
  togglePlay: () => send({ type: "TOGGLE" }),
  step: () => send({ type: "STEP" }),
  setSpeed: (speed) => send({ type: "SET_SPEED", speed }),
  advance: (ms) => {
    sim.advance(ms);
    publish();
  },
  applyAction: (action) => {
    sim.apply(action);
    publish();
  },
  reset: (seed, nextScenario) => {
    if (nextScenario !== undefined) scenario = nextScenario;
    send({ type: "RESET", seed });
  },
  select: (selected) => useSim.setState({ selected }),
  seek: (t) => {
    send({ type: "PAUSE" });
    sim.seek(Math.max(0, t));
    publishFresh();
  },
  stepBack: () => {
    send({ type: "PAUSE" });
    sim.stepBack();
    publishFresh();
  },
  loadRun: (run) => {
    send({ type: "PAUSE" });
    const next = Simulation.fromRun(run);
    scenario = run.config;
    sim = next;
    useSim.setState({ config: sim.config, seed: sim.seed, selected: null });
    publishFresh();
  },
  currentRun: () => sim.run(),

  // --- Lenses (issue 5) ---
  recentMessages: (afterId) => sim.recentMessages(afterId),
  replicaLog: (topic, partition, broker, limit) => {
    // The store is the bridge to the engine; it reads the durable log (kept while the broker is down) structurally.
    const node = sim.world.nodes.get(`broker-${broker}`) as unknown as
      | { durable?: { logs?: Map<string, { records: { offset: number; leaderEpoch: number; key: string | null }[] }> } }
      | undefined;
    const log = node?.durable?.logs?.get(`${topic}-${partition}`);
    if (log === undefined) return [];
    return log.records.slice(-limit).map((r) => ({ offset: r.offset, leaderEpoch: r.leaderEpoch, key: r.key }));
  },
  stepToSignificant: (maxEvents = 5000) => {
    send({ type: "PAUSE" });
    let found: SimEvent | null = null;
    for (let i = 0; i < maxEvents && found === null; i++) {
      const before = sim.traceCount();
      if (!sim.step()) break;
      const added = sim.traceCount() - before;
      const events = sim.world.trace.events;
      for (let j = Math.max(0, events.length - added); j < events.length; j++) {
        const e = events[j] as SimEvent;
        if (SIGNIFICANT_EVENTS.has(e.type)) {
          found = e;
          break;
        }
      }
    }
    publish();
    return found;
  },
  seekToEvent: (n) => {
    send({ type: "PAUSE" });
    sim.seekToEvent(Math.max(0, n));
    publishFresh();
  },
  traceSince: (fromCount) => {
    const trace = sim.world.trace;
    const out: { n: number; event: SimEvent }[] = [];
    for (let i = Math.max(0, fromCount - trace.dropped); i < trace.events.length; i++) {
      const event = trace.events[i] as SimEvent | { type: "message" };
      if (event.type !== "message") out.push({ n: trace.dropped + i, event: event as SimEvent });
    }
    return out;
  },
}));

/** Publish after the run jumped (seek, load): nothing carries over from the previous frame. */
function publishFresh(): void {
  useSim.setState((prev) => ({
    snapshot: sim.snapshot(),
    trace: sim.trace(TRACE_WINDOW),
    version: prev.version + 1,
  }));
}

playback.subscribe((state) => {
  const playing = state.matches("playing");
  if (useSim.getState().playing !== playing) useSim.setState({ playing });
});
playback.start();

exposeBenchProbe({
  now: () => useSim.getState().snapshot.now,
  events: () => useSim.getState().snapshot.eventCount,
});
