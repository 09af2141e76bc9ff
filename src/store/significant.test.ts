import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "./scenario";
import { SIGNIFICANT_EVENTS, useSim } from "./simStore";
import { deliveredSinceLastFrame } from "./wire";

describe("step to next significant event", () => {
  it("stops right after the first controller election, then at the next significant event", () => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    const first = useSim.getState().stepToSignificant();
    expect(first?.type).toBe("controller.elected");
    expect(useSim.getState().trace.at(-1)).toBe(first);
    const at = useSim.getState().snapshot.eventCount;
    const next = useSim.getState().stepToSignificant();
    expect(next && SIGNIFICANT_EVENTS.has(next.type)).toBe(true);
    expect(useSim.getState().snapshot.eventCount).toBeGreaterThan(at);
  });

  it("stops after maxEvents when nothing significant happens", () => {
    useSim.getState().reset(42, { ...DEFAULT_SCENARIO, producers: [], consumers: [] });
    useSim.getState().advance(20_000);
    const at = useSim.getState().snapshot.eventCount;
    expect(useSim.getState().stepToSignificant(50)).toBeNull();
    expect(useSim.getState().snapshot.eventCount).toBe(at + 50);
    useSim.getState().reset(42, DEFAULT_SCENARIO);
  });
});

describe("messages delivered between frames", () => {
  it("are handed to the canvas once, including ones never seen in flight", () => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    deliveredSinceLastFrame();
    useSim.getState().advance(3000);
    const first = deliveredSinceLastFrame();
    expect(first.length).toBeGreaterThan(0);
    useSim.getState().advance(16);
    const second = deliveredSinceLastFrame();
    expect(second.length).toBeGreaterThan(0);
    const firstIds = new Set(first.map((m) => m.id));
    expect(second.every((m) => !firstIds.has(m.id))).toBe(true);
    expect(second.every((m) => m.deliverAt <= useSim.getState().snapshot.now)).toBe(true);
  });
});
