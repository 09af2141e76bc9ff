import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const tsx = ["node_modules/.bin/tsx", "src/cli/sim.ts"];

function run(...args: string[]) {
  return spawnSync(tsx[0], [tsx[1], ...args], { encoding: "utf8" });
}

function summary(...args: string[]): { seed: number; traceHash: string; events: number; simulatedTimeMs: number } {
  return JSON.parse(execFileSync(tsx[0], [tsx[1], ...args, "--json"], { encoding: "utf8" }));
}

describe("npm run sim", () => {
  it("prints the same trace hash for two runs with the same seed", () => {
    const a = summary("--scenario", "kill-the-leader", "--seed", "42", "--until", "20s");
    const b = summary("--scenario", "kill-the-leader", "--seed", "42", "--until", "20s");
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBe(b.events);
    expect(a.simulatedTimeMs).toBe(20000);
  });

  it("prints a different trace hash for a different seed (network jitter is seeded)", () => {
    const a = summary("--scenario", "kill-the-leader", "--seed", "42", "--until", "20s");
    const b = summary("--scenario", "kill-the-leader", "--seed", "43", "--until", "20s");
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it("exits with code 2 and lists the valid scenarios for an unknown one", () => {
    const r = run("--scenario", "no-such-thing");
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("kill-the-leader");
  });

  it("exits with code 2 on a bad duration or an unknown option", () => {
    expect(run("--scenario", "three-brokers", "--until", "soon").status).toBe(2);
    expect(run("--frobnicate").status).toBe(2);
    expect(run("--scenario", "three-brokers", "--seed", "-1").status).toBe(2);
  });
});
