import { describe, expect, it } from "vitest";
import { createPacer, FRAME_BUDGET_MS, MIN_FRAME_BUDGET_MS } from "./clock";

/** A fake wall clock the fake engine moves forward. */
function fakeEngine(wallPerSimMs: number) {
  let wall = 0;
  let sim = 0;
  return {
    now: () => wall,
    advance: (ms: number) => {
      sim += ms;
      wall += ms * wallPerSimMs;
    },
    get sim() {
      return sim;
    },
  };
}

describe("pacer", () => {
  it("runs the whole request when the engine keeps up", () => {
    const e = fakeEngine(0.01);
    const pacer = createPacer(8, e.now);
    expect(pacer.run(166, e.advance)).toBe(166);
    expect(e.sim).toBe(166);
  });

  it("stops at the frame's wall budget when the engine cannot keep up, and drops the rest", () => {
    const e = fakeEngine(1.25); // 0.8× real time at best
    const pacer = createPacer(8, e.now);
    for (let frame = 0; frame < 5; frame++) {
      const start = e.now();
      const done = pacer.run(166, e.advance);
      expect(done).toBeLessThan(166);
      // One slice may overshoot the budget a little, never by much once the cost is known.
      expect(e.now() - start).toBeLessThan(frame === 0 ? 8 + (166 / 8) * 1.25 : 12);
    }
  });

  it("reports the achieved speed over half a second, and nothing before", () => {
    const pacer = createPacer(8, () => 0);
    expect(pacer.record(16, 50)).toBeNull();
    let achieved: number | null = null;
    for (let i = 0; i < 40; i++) achieved = pacer.record(16, 32);
    expect(achieved).toBeCloseTo(2, 1);
    pacer.reset();
    expect(pacer.record(16, 32)).toBeNull();
  });

  it("does nothing for a zero or negative request", () => {
    const e = fakeEngine(1);
    const pacer = createPacer(8, e.now);
    expect(pacer.run(0, e.advance)).toBe(0);
    expect(e.sim).toBe(0);
  });

  it("gives the engine less of each frame while frames come late, never less than the minimum, and gives it back while they are on time", () => {
    const pacer = createPacer(FRAME_BUDGET_MS, () => 0);
    for (let i = 0; i < 10; i++) pacer.record(16.7, 16.7);
    expect(pacer.budget()).toBe(FRAME_BUDGET_MS);
    pacer.record(33.4, 16.7);
    const cut = pacer.budget();
    expect(cut).toBeLessThan(FRAME_BUDGET_MS);
    for (let i = 0; i < 50; i++) pacer.record(50, 16.7);
    expect(pacer.budget()).toBe(MIN_FRAME_BUDGET_MS);
    for (let i = 0; i < 1000; i++) pacer.record(16.7, 16.7);
    expect(pacer.budget()).toBe(FRAME_BUDGET_MS);
  });

  it("uses only the given share of its budget in a frame that also updates the views", () => {
    const e = fakeEngine(1);
    const pacer = createPacer(8, e.now);
    pacer.run(1000, e.advance); // learn the cost
    const start = e.now();
    pacer.run(1000, e.advance, 0.25);
    expect(e.now() - start).toBeLessThanOrEqual(3);
    expect(e.now() - start).toBeGreaterThan(0);
  });
});
