import { describe, expect, it, vi } from "vitest";
import { createActor } from "xstate";
import { playbackMachine } from "./playback";

function start() {
  const effects = {
    startClock: vi.fn(),
    stopClock: vi.fn(),
    stepEngine: vi.fn(),
    applySpeed: vi.fn(),
    resetRun: vi.fn(),
  };
  const actor = createActor(
    playbackMachine.provide({
      actions: {
        startClock: effects.startClock,
        stopClock: effects.stopClock,
        stepEngine: effects.stepEngine,
        applySpeed: (_, params) => effects.applySpeed(params),
        resetRun: (_, params) => effects.resetRun(params),
      },
    }),
  );
  actor.start();
  return { actor, effects };
}

describe("playback machine", () => {
  it("starts paused at 1×", () => {
    const { actor } = start();
    expect(actor.getSnapshot().value).toBe("paused");
    expect(actor.getSnapshot().context.speed).toBe(1);
  });

  it("starts the clock on PLAY and stops it on PAUSE", () => {
    const { actor, effects } = start();
    actor.send({ type: "PLAY" });
    expect(actor.getSnapshot().value).toBe("playing");
    expect(effects.startClock).toHaveBeenCalledTimes(1);
    actor.send({ type: "PAUSE" });
    expect(actor.getSnapshot().value).toBe("paused");
    expect(effects.stopClock).toHaveBeenCalledTimes(1);
  });

  it("TOGGLE alternates between playing and paused", () => {
    const { actor } = start();
    actor.send({ type: "TOGGLE" });
    expect(actor.getSnapshot().value).toBe("playing");
    actor.send({ type: "TOGGLE" });
    expect(actor.getSnapshot().value).toBe("paused");
  });

  it("steps the engine only while paused", () => {
    const { actor, effects } = start();
    actor.send({ type: "STEP" });
    expect(effects.stepEngine).toHaveBeenCalledTimes(1);
    actor.send({ type: "PLAY" });
    actor.send({ type: "STEP" });
    expect(effects.stepEngine).toHaveBeenCalledTimes(1);
    expect(actor.getSnapshot().value).toBe("playing");
  });

  it("changes speed in either state without changing state", () => {
    const { actor, effects } = start();
    actor.send({ type: "PLAY" });
    actor.send({ type: "SET_SPEED", speed: 100 });
    expect(actor.getSnapshot().context.speed).toBe(100);
    expect(actor.getSnapshot().value).toBe("playing");
    expect(effects.applySpeed).toHaveBeenCalledWith({ speed: 100 });
  });

  it("RESET stops playback and rebuilds the run with the given seed", () => {
    const { actor, effects } = start();
    actor.send({ type: "PLAY" });
    actor.send({ type: "RESET", seed: 7 });
    expect(actor.getSnapshot().value).toBe("paused");
    expect(effects.stopClock).toHaveBeenCalled();
    expect(effects.resetRun).toHaveBeenCalledWith({ seed: 7 });
  });
});
