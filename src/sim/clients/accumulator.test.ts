import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyFor } from "./accumulator";

describe("keyFor", () => {
  it("expands {n} and {n % m} placeholders for the n-th record", () => {
    expect(keyFor(undefined, "order-{n}", 42)).toBe("order-42");
    expect(keyFor(undefined, "user-{n % 10}", 42)).toBe("user-2");
    expect(keyFor(undefined, "{ n % 3 }/{n%4}:{n}", 10)).toBe("1/2:10");
    expect(keyFor(undefined, "fixed", 7)).toBe("fixed");
    expect(keyFor(undefined, undefined, 7)).toBeNull();
    expect(keyFor(["a", "b", "c"], "ignored-{n}", 4)).toBe("b");
  });

  it("gives the same key as a plain expansion for every n, cached or not", () => {
    const patterns = ["k{n % 1000}", "k{n % 7}-{n % 5}", "x{n}", "p{n % 200000}"];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.nat(5_000_000), (pattern, n) => {
        const plain = pattern.replace(/\{\s*n\s*(?:%\s*(\d+)\s*)?\}/g, (_, mod?: string) =>
          String(mod === undefined ? n : n % Number(mod)),
        );
        expect(keyFor(undefined, pattern, n)).toBe(plain);
        expect(keyFor(undefined, pattern, n)).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });
});
