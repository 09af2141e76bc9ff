import type { Action } from "../actions";
import type { SimEvent } from "../events";
import type { Simulation } from "../simulation";
import { type Condition, describeCondition, holds } from "./conditions";

export interface TourStep {
  title: string;
  narration: string;
  /** Element ids the views outline: "broker-2", "zk-1", "partition:orders-0". */
  highlight: string[];
  /** Applied as user actions when the step begins, so they join the run. */
  actions: Action[];
  /** The simulation runs until this holds (or `timeoutMs` of simulated time passes). */
  until?: Condition;
  timeoutMs: number;
  /** What must then be true. */
  checkpoints: { description?: string; condition: Condition }[];
}

export interface StepResult {
  reached: boolean;
  /** Simulated time when the step's condition held (or the timeout ran out). */
  at: number;
  failed: string[];
}

/** The slice of the trace recorded since `fromCount` (the trace's total count when it was taken). */
export function eventsSince(sim: Simulation, fromCount: number): SimEvent[] {
  const trace = sim.world.trace;
  return trace.events.slice(Math.max(0, fromCount - trace.dropped));
}

const SLICE_MS = 50;

/** Run one tour step: apply its actions, run to its condition, check its checkpoints. */
export function runStep(sim: Simulation, step: TourStep): StepResult {
  const fromCount = sim.traceCount();
  for (const action of step.actions) sim.apply(action);
  const deadline = sim.now + step.timeoutMs;
  let reached = step.until === undefined;
  while (!reached && sim.now < deadline) {
    sim.runUntil(Math.min(deadline, sim.now + SLICE_MS));
    reached = holds(step.until!, sim.snapshot(), eventsSince(sim, fromCount));
  }
  const snapshot = sim.snapshot();
  const events = eventsSince(sim, fromCount);
  const failed = step.checkpoints
    .filter((c) => !holds(c.condition, snapshot, events))
    .map((c) => c.description ?? describeCondition(c.condition));
  if (!reached && step.until !== undefined) failed.unshift(`never reached: ${describeCondition(step.until)}`);
  return { reached, at: sim.now, failed };
}
