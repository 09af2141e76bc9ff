import { describe, expect, it } from "vitest";
import { shareEqual } from "./shareEqual";

describe("shareEqual", () => {
  it("returns the previous value when the next one is deeply equal", () => {
    const prev = { a: [1, 2, { b: "x" }], c: null };
    const next = { a: [1, 2, { b: "x" }], c: null };
    expect(shareEqual(prev, next)).toBe(prev);
  });

  it("keeps unchanged branches and replaces changed ones", () => {
    const prev = { brokers: [{ id: 1 }, { id: 2 }], now: 1 };
    const next = { brokers: [{ id: 1 }, { id: 2 }], now: 2 };
    const out = shareEqual(prev, next);
    expect(out).not.toBe(prev);
    expect(out).toEqual(next);
    expect(out.brokers).toBe(prev.brokers);
  });

  it("notices added keys and changed lengths", () => {
    expect(shareEqual({ a: 1 } as Record<string, number>, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    const prev = [1, 2];
    expect(shareEqual(prev, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(shareEqual(prev, [1])).toEqual([1]);
  });
});
