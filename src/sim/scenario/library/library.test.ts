import { describe, expect, it } from "vitest";
import { BUILTIN_SCENARIOS, checkScenario, parseScenario } from "../..";
import { LIBRARY_SCENARIOS } from ".";

describe("library scenarios", () => {
  it("have distinct ids that no other built-in scenario uses for something else", () => {
    const ids = LIBRARY_SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Once registered in BUILTIN_SCENARIOS the same scenario appears there; a different one must not share its id.
    for (const s of LIBRARY_SCENARIOS) {
      const other = BUILTIN_SCENARIOS.find((b) => b.id === s.id);
      if (other !== undefined) expect(other).toEqual(s);
    }
  });

  it.each(LIBRARY_SCENARIOS.map((s) => [s.id, s] as const))("%s: every tour checkpoint holds headless", (_id, s) => {
    // Parse the JSON form, as a user's file or a shared link would arrive.
    const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const results = checkScenario(parsed.scenario);
    expect(results.length).toBeGreaterThan(1);
    for (const { title, result } of results) expect({ title, failed: result.failed }).toEqual({ title, failed: [] });
  });
});
