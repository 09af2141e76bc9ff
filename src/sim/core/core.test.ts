import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHasher, digest, hashValue } from "./hash";
import { createQueue, pop, push } from "./queue";
import { forkStream, nextFloat, nextInt, nextUint32 } from "./rng";

describe("event queue", () => {
  it("pops events ordered by time, ties broken by insertion order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = createQueue<{ at: number; seq: number }>();
        for (const at of times) push(q, { at, seq: q.nextSeq++ });
        const out: { at: number; seq: number }[] = [];
        for (let e = pop(q); e !== undefined; e = pop(q)) out.push(e);
        const expected = times.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at || a.seq - b.seq);
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe("seeded random streams (xoshiro128**)", () => {
  it("gives the same sequence for the same seed and stream name", () => {
    const a = forkStream(42, "broker-1");
    const b = forkStream(42, "broker-1");
    for (let i = 0; i < 100; i++) expect(nextUint32(a)).toBe(nextUint32(b));
  });

  it("gives independent streams per node, so adding a node perturbs no one", () => {
    const alone = forkStream(42, "broker-1");
    const first = Array.from({ length: 20 }, () => nextUint32(alone));
    const withNeighbour = forkStream(42, "broker-1");
    const neighbour = forkStream(42, "broker-2");
    const interleaved: number[] = [];
    for (let i = 0; i < 20; i++) {
      nextUint32(neighbour);
      interleaved.push(nextUint32(withNeighbour));
    }
    expect(interleaved).toEqual(first);
    expect(Array.from({ length: 20 }, () => nextUint32(forkStream(42, "broker-2")))).not.toEqual(first.slice(0, 20));
  });

  it("draws floats in [0, 1) and integers in [0, n) roughly uniformly", () => {
    const s = forkStream(7, "x");
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const f = nextFloat(s);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      counts[nextInt(s, 4)]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});

describe("trace hash", () => {
  const hash = (v: unknown) => {
    const h = createHasher();
    hashValue(h, v);
    return digest(h);
  };

  it("is equal for equal values and differs when any field differs", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        if (JSON.stringify(a) === JSON.stringify(b)) expect(hash(a)).toBe(hash(b));
      }),
    );
    expect(hash({ t: 1, type: "x", isr: [1, 2] })).not.toBe(hash({ t: 1, type: "x", isr: [2, 1] }));
    expect(hash({ t: 1.5 })).not.toBe(hash({ t: 1 }));
    expect(hash("12")).not.toBe(hash(12));
  });
});
