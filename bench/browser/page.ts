/**
 * Code that runs inside the page (passed to Playwright as functions, so it
 * must not close over anything from Node).
 */

export interface Sample {
  /** requestAnimationFrame timestamps over the window, in ms. */
  stamps: number[];
  longTasks: { start: number; duration: number }[];
  wallMs: number;
  simMs: number;
  events: number;
}

/** Installed before any page script: records long tasks from the start. */
export function installObservers(): void {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // No long-task timing in this browser: the count stays 0.
  }
}

/** Records frame timestamps and long tasks for `ms` of wall time. */
export async function sampleFrames(ms: number): Promise<Sample> {
  const w = window as unknown as {
    __longTasks: { start: number; duration: number }[];
    __kafkascopeBench?: { now(): number; events(): number };
  };
  const probe = w.__kafkascopeBench;
  const sim0 = probe?.now() ?? 0;
  const ev0 = probe?.events() ?? 0;
  const t0 = performance.now();
  const stamps: number[] = [];
  await new Promise<void>((done) => {
    const frame = (ts: number) => {
      stamps.push(ts);
      if (ts - stamps[0] >= ms) done();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const t1 = performance.now();
  return {
    stamps,
    longTasks: w.__longTasks.filter((l) => l.start + l.duration > t0 && l.start < t1),
    wallMs: t1 - t0,
    simMs: (probe?.now() ?? 0) - sim0,
    events: (probe?.events() ?? 0) - ev0,
  };
}

/** Navigation start → first contentful paint and → the app's first drawing of the cluster view. */
export function firstRender(): { fcp: number | null; clusterDrawn: number | null } {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
  const mark = performance.getEntriesByName("kafkascope:first-render")[0]?.startTime ?? null;
  return { fcp, clusterDrawn: mark };
}
