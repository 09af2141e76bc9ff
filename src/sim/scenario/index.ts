import { Simulation } from "../simulation";
import type { Scenario } from "./schema";

export { BUILTIN_SCENARIOS, findBuiltin } from "./builtin";
export { parseScenario, type Scenario, scenarioSchema } from "./schema";

/** A simulation of the scenario: its cluster, its seed (unless overridden), its timeline. */
export function simulationFor(scenario: Scenario, seed = scenario.seed): Simulation {
  return Simulation.create(scenario.cluster, seed, scenario.actions);
}
