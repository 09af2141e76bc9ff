import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearHistory, historySamples } from "./history";
import { DEFAULT_SCENARIO } from "./scenario";
import { liveFrame, useSim } from "./simStore";

/*
 * The clock runs on requestAnimationFrame in a browser and on a 16 ms timer
 * here; fake timers make "a second of playing" exact and instant.
 */
describe("playing", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    useSim.getState().setSpeed(10);
    clearHistory();
  });

  afterEach(() => {
    useSim.getState().pause();
    useSim.getState().setSpeed(1);
    vi.useRealTimers();
  });

  it("moves the message canvas every frame and the views a few times a second", () => {
    historySamples();
    useSim.getState().play();
    const seen = new Set<number>();
    let liveFrames = 0;
    let lastLive = liveFrame().now;
    for (let i = 0; i < 60; i++) {
      vi.advanceTimersByTime(16);
      seen.add(useSim.getState().snapshot.now);
      if (liveFrame().now !== lastLive) liveFrames++;
      lastLive = liveFrame().now;
    }
    expect(liveFrames).toBeGreaterThan(50);
    expect(seen.size).toBeGreaterThan(3);
    expect(seen.size).toBeLessThan(20);
    // The views are never ahead of the engine.
    expect(useSim.getState().snapshot.now).toBeLessThanOrEqual(liveFrame().now);
  });

  it("shows the exact state of the engine as soon as it pauses", () => {
    useSim.getState().play();
    vi.advanceTimersByTime(16 * 40);
    useSim.getState().pause();
    const { snapshot } = useSim.getState();
    expect(snapshot.now).toBeGreaterThan(0);
    expect(snapshot.now).toBe(liveFrame().now);
    expect(snapshot.eventCount).toBe(liveFrame().eventCount);
    expect(historySamples().at(-1)?.t).toBe(snapshot.now);
    expect(useSim.getState().trace.at(-1)?.t ?? 0).toBeLessThanOrEqual(snapshot.now);
  });

  it("keeps the event log and the plots within a quarter second of wall time of the snapshot while playing", () => {
    historySamples();
    useSim.getState().play();
    vi.advanceTimersByTime(3000);
    const { snapshot, trace, speed } = useSim.getState();
    const allowed = 250 * speed;
    expect(snapshot.now).toBeGreaterThan(5 * allowed);
    expect(trace.at(-1)?.t).toBeGreaterThanOrEqual(snapshot.now - allowed);
    expect(historySamples().at(-1)?.t).toBeGreaterThanOrEqual(snapshot.now - allowed);
  });
});
