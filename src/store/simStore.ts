import { createActor } from "xstate";
import { create } from "zustand";
import { DEFAULT_SPEED, type PlaybackEvent, playbackMachine, type Speed } from "../machines/playback";
import {
  type Action,
  type BrokerView,
  type ClusterConfig,
  type ClusterConfigInput,
  type MessageView,
  messagesInFlight,
  type RunDescription,
  type SimEvent,
  Simulation,
  type Snapshot,
} from "../sim";
import { exposeBenchProbe } from "./benchHook";
import { createClock, createPacer, VIEW_FRAME_SHARE } from "./clock";
import { DEFAULT_SEED, INITIAL_SCENARIO } from "./scenario";
import { shareEqual } from "./shareEqual";
import { createViewCycle, sameBrokers, withBrokerLane, withBrokers } from "./viewCycle";

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
  /** Bumped on every publish of a new snapshot. */
  version: number;
  /**
   * Bumped when the slower panels (event log, plots) catch up with the
   * snapshot: at once when paused, a frame or two after the snapshot while playing.
   */
  panelsVersion: number;

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

/**
 * While playing, the views catch up with the engine this often (wall ms),
 * spread over a few frames (viewCycle.ts); the message canvas follows every
 * frame (`onFrame`). A snapshot re-renders, lays out and repaints hundreds of
 * replica boxes and table rows: at 60 Hz that alone overran the frame in a
 * large cluster, and no one reads an offset that changes 60 times a second.
 * Paused, every step, seek and action is published at once.
 */
export const VIEW_INTERVAL_MS = 125;

/*
 * Each frame the engine gets a wall-time budget (clock.ts): a run that cannot
 * keep up with the requested speed falls behind real time instead of making
 * frames long, and the toolbar shows the speed achieved. A frame that also
 * publishes to the views leaves most of its time to React and the browser.
 */
const pacer = createPacer();
const views = createViewCycle(VIEW_INTERVAL_MS);
const clock = createClock((wallMs) => {
  const { speed, snapshot } = useSim.getState();
  const phase = views.next(performance.now(), snapshot.brokers.length);
  const simMs = pacer.run(wallMs * speed, (ms) => sim.advance(ms), phase === null ? 1 : VIEW_FRAME_SHARE);
  const achieved = pacer.record(wallMs, simMs);
  const achievedSpeed = achieved === null || achieved >= speed * 0.95 ? null : Math.round(achieved * 10) / 10;
  switch (phase?.kind) {
    case "snapshot":
      publishSnapshot(achievedSpeed, phase.lanes);
      break;
    case "brokers":
      publishBrokerLane(phase.lane, phase.lanes);
      break;
    case "panels":
      publishPanels();
      break;
    case undefined:
      break;
  }
  emitFrame();
});

/** While a view cycle is under way: the brokers its snapshot had, and its trace window. */
let cycleBrokers: readonly BrokerView[] | null = null;
let cycleTrace: readonly SimEvent[] | null = null;

/** A fresh snapshot for the views; in a large cluster the broker cards follow lane by lane on the next frames. */
function publishSnapshot(achievedSpeed: number | null, lanes: number): void {
  const prev = useSim.getState();
  let snapshot = shareEqual(prev.snapshot, sim.snapshot());
  cycleBrokers = null;
  if (lanes > 1 && sameBrokers(prev.snapshot.brokers, snapshot.brokers)) {
    cycleBrokers = snapshot.brokers;
    snapshot = withBrokers(snapshot, prev.snapshot.brokers);
  }
  cycleTrace = snapshot.traceCount === prev.snapshot.traceCount ? null : sim.trace(TRACE_WINDOW);
  useSim.setState({ snapshot, achievedSpeed, version: prev.version + 1 });
}

function publishBrokerLane(lane: number, lanes: number): void {
  if (cycleBrokers === null) return;
  const { snapshot } = useSim.getState();
  if (sameBrokers(snapshot.brokers, cycleBrokers)) {
    const brokers = withBrokerLane(snapshot.brokers, cycleBrokers, lane, lanes);
    if (brokers !== snapshot.brokers) useSim.setState({ snapshot: withBrokers(snapshot, brokers) });
  }
  if (lane === lanes - 1) cycleBrokers = null;
}

/** The event log's window and the plots, as of the cycle's snapshot. */
function publishPanels(): void {
  const prev = useSim.getState();
  const trace = cycleTrace === null ? prev.trace : sameItems(prev.trace, cycleTrace);
  cycleTrace = null;
  useSim.setState({ trace, panelsVersion: prev.panelsVersion + 1 });
}

/** Everything the views show, at once: paused, after a step, an action or a seek. */
function publish(achievedSpeed: number | null = useSim.getState().achievedSpeed): void {
  views.reset();
  cycleBrokers = null;
  cycleTrace = null;
  const prev = useSim.getState();
  const snapshot = shareEqual(prev.snapshot, sim.snapshot());
  // Keep the old window (and the log's rows) when no new event was traced: messages alone are not trace events.
  const trace =
    snapshot.traceCount === prev.snapshot.traceCount ? prev.trace : sameItems(prev.trace, sim.trace(TRACE_WINDOW));
  useSim.setState({
    snapshot,
    trace,
    achievedSpeed,
    version: prev.version + 1,
    panelsVersion: prev.panelsVersion + 1,
  });
  emitFrame();
}

/*
 * The live frame: what the message canvas draws, every frame, without React.
 * In-flight message views are kept by id while a message is on the wire, so
 * a frame copies only the messages sent since the previous one.
 */
export interface LiveFrame {
  /** Simulated time of the engine now (the views' snapshot may be up to VIEW_INTERVAL_MS of wall time older). */
  now: number;
  eventCount: number;
  inFlight: readonly MessageView[];
}

let live: LiveFrame = { now: 0, eventCount: 0, inFlight: [] };
let liveViews = new Map<number, MessageView>();
const frameListeners = new Set<() => void>();

function emitFrame(): void {
  const world = sim.world;
  const next = new Map<number, MessageView>();
  const inFlight: MessageView[] = [];
  for (const m of messagesInFlight(world)) {
    let view = liveViews.get(m.id);
    if (view === undefined || view.deliverAt !== m.deliverAt || view.retransmissions !== m.retransmissions)
      view = {
        id: m.id,
        from: m.from,
        to: m.to,
        kind: m.kind,
        type: m.type,
        sentAt: m.sentAt,
        deliverAt: m.deliverAt,
        retransmissions: m.retransmissions,
      };
    next.set(m.id, view);
    inFlight.push(view);
  }
  liveViews = next;
  live = { now: world.now, eventCount: world.processed, inFlight };
  for (const l of frameListeners) l();
}

/** The engine's state for the message canvas, as of the last frame (or step, seek, action). */
export function liveFrame(): LiveFrame {
  return live;
}

/** Call `listener` after every frame the engine advanced, and after every step, seek, action or reset. */
export function onFrame(listener: () => void): () => void {
  frameListeners.add(listener);
  return () => frameListeners.delete(listener);
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
        // The views may be a few frames behind the engine: show the exact state paused at.
        publish(null);
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
        useSim.setState({ config: sim.config, seed: sim.seed, selected: null });
        publishFresh();
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
  panelsVersion: 0,

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
  replicaLog: (topic, partition, broker, limit) => sim.replicaLog(topic, partition, broker, limit),
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
    for (let i = Math.max(0, fromCount - trace.dropped); i < trace.events.length; i++)
      out.push({ n: trace.dropped + i, event: trace.events[i] });
    return out;
  },
}));

/** Publish after the run jumped (seek, load): nothing carries over from the previous frame. */
function publishFresh(): void {
  views.reset();
  cycleBrokers = null;
  cycleTrace = null;
  useSim.setState((prev) => ({
    snapshot: sim.snapshot(),
    trace: sim.trace(TRACE_WINDOW),
    version: prev.version + 1,
    panelsVersion: prev.panelsVersion + 1,
  }));
  emitFrame();
}

playback.subscribe((state) => {
  const playing = state.matches("playing");
  if (useSim.getState().playing === playing) return;
  useSim.setState({ playing });
  // The canvas draws differently when paused (no fading trails of delivered messages).
  emitFrame();
});
playback.start();

emitFrame();

exposeBenchProbe({
  now: () => live.now,
  events: () => live.eventCount,
});
