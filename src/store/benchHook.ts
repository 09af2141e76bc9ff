import { WORKLOADS } from "../../bench/workloads";
import type { ClusterConfigInput } from "../sim";

/**
 * The browser benchmark's URL hook: `?bench=small|standard|large` opens the
 * app with that workload (bench/workloads.ts) instead of the default cluster.
 * Anything else is ignored.
 */
export type BenchWorkload = keyof typeof WORKLOADS;

export function benchWorkload(search = typeof location === "undefined" ? "" : location.search): BenchWorkload | null {
  const name = new URLSearchParams(search).get("bench");
  return name !== null && Object.hasOwn(WORKLOADS, name) ? (name as BenchWorkload) : null;
}

export function benchScenario(search?: string): ClusterConfigInput | null {
  const name = benchWorkload(search);
  return name === null ? null : WORKLOADS[name];
}

/** Marks the first drawing of the cluster view once, for the benchmark's time-to-first-render. */
let marked = false;
export function markFirstRender(): void {
  if (marked || typeof performance === "undefined" || typeof performance.mark !== "function") return;
  marked = true;
  performance.mark("kafkascope:first-render");
}

export interface BenchProbe {
  /** Simulated time of the published snapshot (ms). */
  now(): number;
  /** Engine events processed so far. */
  events(): number;
}

/** Under `?bench=`, let the benchmark read the run's progress from the page. */
export function exposeBenchProbe(probe: BenchProbe): void {
  if (typeof window === "undefined" || benchWorkload() === null) return;
  (window as unknown as { __kafkascopeBench?: BenchProbe }).__kafkascopeBench = probe;
}
