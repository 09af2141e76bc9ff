import { create } from "zustand";
import {
  BUILTIN_SCENARIOS,
  describeCondition,
  holds,
  resolveConfig,
  type Scenario,
  type StepResult,
  type TourStep,
} from "../sim";
import { LIBRARY_SCENARIOS } from "../sim/scenario/library";
import { useSim } from "./simStore";

/**
 * Which scenario is loaded, in which mode, and where its tour stands.
 * `highlight` lists the element ids the current tour step points at
 * ("broker-2", "zk-1", "producer-1", "partition:orders-0"): views may read it
 * to outline those elements.
 */
export type Mode = "tour" | "sandbox";

export interface CheckpointResult {
  text: string;
  ok: boolean;
}

export interface StepRecord {
  /** Engine events processed when the step began (before its actions): Back seeks here. */
  startEvent: number;
  /** Null while the step is still running. */
  result: StepResult | null;
  checkpoints: CheckpointResult[];
}

export interface TourState {
  scenario: Scenario | null;
  mode: Mode;
  /** The step shown: -1 is the introduction, before the first step ran. */
  index: number;
  /** One record per step begun so far, in order (index + 1 of them). */
  records: StepRecord[];
  highlight: string[];
  /** A step is running (animated) toward its condition. */
  running: boolean;
  /** Animate steps frame by frame (false: run each step at once, as tests and reduced motion want). */
  animate: boolean;

  /** Load a scenario's run (replacing the current one) and open its tour. Returns an error message or null. */
  loadScenario(scenario: Scenario, mode?: Mode): string | null;
  setMode(mode: Mode): void;
  /** Run the next step to its condition and check its checkpoints; while a step runs, finish it at once. */
  next(): void;
  /** Return to the exact state before the current step ran. */
  back(): void;
  /** Forget the scenario (another run was loaded). */
  clear(): void;
}

/** Every built-in scenario: the engine's and the lesson library (ids deduplicated, in case the library gets registered there). */
export function allBuiltins(): Scenario[] {
  const seen = new Set(BUILTIN_SCENARIOS.map((s) => s.id));
  return [...BUILTIN_SCENARIOS, ...LIBRARY_SCENARIOS.filter((s) => !seen.has(s.id))];
}

function checkpointResults(step: TourStep, failed: readonly string[]): CheckpointResult[] {
  const texts = step.checkpoints.map((c) => c.description ?? describeCondition(c.condition));
  const out = texts.map((text) => ({ text, ok: !failed.includes(text) }));
  for (const f of failed) if (f.startsWith("never reached:")) out.unshift({ text: f, ok: false });
  return out;
}

/*
 * A running step: the same loop as the engine's runStep (apply the actions,
 * then 50 ms slices until the condition holds or the timeout passes), so the
 * UI stops exactly where the headless checker does; only the number of slices
 * per animation frame differs.
 */
const SLICE_MS = 50;
/** Simulated time per animation frame: about 12 s per second at 60 frames. */
const FRAME_MS = 200;

interface Job {
  step: TourStep;
  fromCount: number;
  deadline: number;
  reached: boolean;
  frame: number | null;
}

let job: Job | null = null;

const eventsSince = (fromCount: number) =>
  useSim
    .getState()
    .traceSince(fromCount)
    .map((e) => e.event);

/** One slice; true when the step is over. */
function slice(j: Job): boolean {
  const store = useSim.getState();
  const now = store.snapshot.now;
  if (j.reached || now >= j.deadline) return true;
  store.advance(Math.min(j.deadline, now + SLICE_MS) - now);
  const { snapshot } = useSim.getState();
  j.reached = holds(j.step.until!, snapshot, eventsSince(j.fromCount));
  return j.reached || snapshot.now >= j.deadline;
}

function finish(j: Job): void {
  if (j.frame !== null) cancelAnimationFrame(j.frame);
  j.frame = null;
  while (!slice(j)) {}
  job = null;
  const { snapshot } = useSim.getState();
  const events = eventsSince(j.fromCount);
  const failed = j.step.checkpoints
    .filter((c) => !holds(c.condition, snapshot, events))
    .map((c) => c.description ?? describeCondition(c.condition));
  if (!j.reached && j.step.until !== undefined) failed.unshift(`never reached: ${describeCondition(j.step.until)}`);
  const result: StepResult = { reached: j.reached, at: snapshot.now, failed };
  const { records } = useTour.getState();
  const last = records[records.length - 1];
  useTour.setState({
    running: false,
    records: [...records.slice(0, -1), { ...last, result, checkpoints: checkpointResults(j.step, failed) }],
  });
}

function animateFrame(j: Job): void {
  j.frame = requestAnimationFrame(() => {
    if (useSim.getState().playing) useSim.getState().pause();
    const until = useSim.getState().snapshot.now + FRAME_MS;
    let done = false;
    while (!done && useSim.getState().snapshot.now < until) done = slice(j);
    if (done) finish(j);
    else animateFrame(j);
  });
}

function cancelJob(): void {
  if (job?.frame != null) cancelAnimationFrame(job.frame);
  job = null;
}

export const useTour = create<TourState>()((set, get) => ({
  scenario: null,
  mode: "sandbox",
  index: -1,
  records: [],
  highlight: [],
  running: false,
  animate: typeof requestAnimationFrame === "function",

  loadScenario: (scenario, mode) => {
    cancelJob();
    loading = true;
    try {
      useSim
        .getState()
        .loadRun({ config: resolveConfig(scenario.cluster), seed: scenario.seed, actions: scenario.actions });
    } catch (e) {
      return `Could not load ${scenario.title}: ${(e as Error).message}`;
    } finally {
      loading = false;
    }
    const nextMode = mode ?? (scenario.tour.length > 0 ? "tour" : "sandbox");
    set({ scenario, mode: nextMode, index: -1, records: [], highlight: [], running: false });
    return null;
  },
  setMode: (mode) => set({ mode }),
  next: () => {
    if (job !== null) {
      finish(job);
      return;
    }
    const { scenario, index, records, animate } = get();
    if (scenario === null || index + 1 >= scenario.tour.length) return;
    const step = scenario.tour[index + 1];
    const store = useSim.getState();
    store.pause();
    const { eventCount: startEvent, traceCount: fromCount } = store.snapshot;
    // The step's actions join the run as user actions, so a shared link replays them.
    for (const action of step.actions) useSim.getState().applyAction(action);
    const j: Job = {
      step,
      fromCount,
      deadline: useSim.getState().snapshot.now + step.timeoutMs,
      reached: step.until === undefined,
      frame: null,
    };
    job = j;
    set({
      index: index + 1,
      records: [...records.slice(0, index + 1), { startEvent, result: null, checkpoints: [] }],
      highlight: step.highlight,
      running: true,
    });
    if (animate) animateFrame(j);
    else finish(j);
  },
  back: () => {
    cancelJob();
    const { scenario, index, records } = get();
    if (scenario === null || index < 0) return;
    const record = records[index];
    if (record !== undefined) useSim.getState().seekToEvent(record.startEvent);
    set({
      index: index - 1,
      records: records.slice(0, index),
      highlight: index - 1 >= 0 ? scenario.tour[index - 1].highlight : [],
      running: false,
    });
  },
  clear: () => {
    cancelJob();
    set({ scenario: null, mode: "sandbox", index: -1, records: [], highlight: [], running: false });
  },
}));

/** What the step waits for, in words. */
export function waitsFor(scenario: Scenario, index: number): string | null {
  const step = scenario.tour[index];
  if (step === undefined) return null;
  return step.until === undefined ? null : describeCondition(step.until);
}

/*
 * A tour's records are event counts in one particular run. When another run
 * replaces it (Reset, a shared link, an import), the tour no longer applies.
 */
let loading = false;
useSim.subscribe((state, prev) => {
  if (!loading && state.config !== prev.config && useTour.getState().scenario !== null) useTour.getState().clear();
});
