import { Simulation } from "../simulation";
import type { Scenario } from "./schema";
import { runStep, type StepResult } from "./tour";

export { BUILTIN_SCENARIOS, findBuiltin } from "./builtin";
export { type Condition, describeCondition, holds } from "./conditions";
export { parseScenario, type Scenario, scenarioSchema } from "./schema";
export { eventsSince, runStep, type StepResult, type TourStep } from "./tour";

/** A simulation of the scenario: its cluster, its seed (unless overridden), its timeline. */
export function simulationFor(scenario: Scenario, seed = scenario.seed): Simulation {
  return Simulation.create(scenario.cluster, seed, scenario.actions);
}

/** Run a scenario's whole tour headless; each step's result, in order. */
export function checkScenario(scenario: Scenario, seed = scenario.seed): { title: string; result: StepResult }[] {
  const sim = simulationFor(scenario, seed);
  return scenario.tour.map((step) => ({ title: step.title, result: runStep(sim, step) }));
}
