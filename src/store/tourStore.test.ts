import { afterEach, describe, expect, it, vi } from "vitest";
import { checkScenario, runStep, simulationFor } from "../sim";
import { useSim } from "./simStore";
import { allBuiltins, useTour } from "./tourStore";

/** Walk a whole tour in the store; returns the final trace hash. */
function walk(id: string): string {
  const scenario = allBuiltins().find((s) => s.id === id)!;
  useTour.getState().loadScenario(scenario);
  for (let i = 0; i < scenario.tour.length; i++) {
    useTour.getState().next();
    // An animated step finishes when next() is called again while it runs.
    if (useTour.getState().running) useTour.getState().next();
  }
  return useSim.getState().snapshot.traceHash;
}

function headlessHash(id: string): string {
  const scenario = allBuiltins().find((s) => s.id === id)!;
  const sim = simulationFor(scenario);
  for (const step of scenario.tour) runStep(sim, step);
  return sim.traceHash();
}

describe("tour store", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    useTour.getState().clear();
  });

  it.each(allBuiltins().map((s) => [s.id] as const))(
    "%s: stops exactly where the headless checker stops, with the same checkpoint results",
    (id) => {
      useTour.setState({ animate: false });
      expect(walk(id)).toBe(headlessHash(id));
      const scenario = allBuiltins().find((s) => s.id === id)!;
      const expected = checkScenario(scenario).map((r) => r.result.failed);
      expect(useTour.getState().records.map((r) => r.result?.failed)).toEqual(expected);
    },
  );

  it("animates a step frame by frame and lands on the same state", () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal("cancelAnimationFrame", () => {});
    useTour.setState({ animate: true });
    const scenario = allBuiltins().find((s) => s.id === "kill-the-leader")!;
    useTour.getState().loadScenario(scenario);
    useTour.getState().next();
    while (frames.length > 0) frames.shift()!(0);
    useTour.getState().next();
    // Still running after the first frame: the step takes 8 s of simulated time.
    expect(useTour.getState().running).toBe(true);
    let count = 0;
    while (frames.length > 0) {
      frames.shift()!(0);
      count++;
    }
    expect(count).toBeGreaterThan(5);
    expect(useTour.getState().running).toBe(false);
    const sim = simulationFor(scenario);
    runStep(sim, scenario.tour[0]);
    runStep(sim, scenario.tour[1]);
    expect(useSim.getState().snapshot.traceHash).toBe(sim.traceHash());
    expect(useTour.getState().records[1].checkpoints).toEqual([{ text: "broker 2 is crashed", ok: true }]);
  });

  it("Back during a running step cancels it and returns to where it began", () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal("cancelAnimationFrame", () => {});
    useTour.setState({ animate: true });
    const scenario = allBuiltins().find((s) => s.id === "kill-the-leader")!;
    useTour.getState().loadScenario(scenario);
    useTour.setState({ animate: false });
    useTour.getState().next();
    const before = useSim.getState().snapshot;
    useTour.setState({ animate: true });
    useTour.getState().next();
    frames.shift()!(0);
    expect(useSim.getState().snapshot.now).toBeGreaterThan(before.now);
    useTour.getState().back();
    expect(useTour.getState().index).toBe(0);
    expect(useSim.getState().snapshot.traceHash).toBe(before.traceHash);
  });
});
