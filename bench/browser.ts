/**
 * Browser benchmark (issue 7). Builds the app into bench/.dist (not dist/, so
 * it never races an e2e run), serves it on a free port, and drives Chromium
 * through Playwright. For each workload (bench/workloads.ts) at 1× and 10×:
 * open `/?bench=<workload>`, set the speed, press Play, warm up, then record
 * requestAnimationFrame timestamps and long tasks in the page. Also: time to
 * first render and the gzipped size of the initial JavaScript. Figures and
 * PASS/FAIL against the targets, never assertions.
 *
 *   npx tsx bench/browser.ts [--no-build] [--quick] [--runs 3] [--only large@10] [--viewport 1280x720]
 *                            [--write-baseline] [--profile]
 *
 * Each case runs --runs times (3, or 1 with --quick) and reports its median run.
 *
 * Results: bench/results/browser-<time>.json, compared with
 * bench/results/browser-baseline.json when it exists.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { type Browser, type CDPSession, chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { firstRender, installObservers, type Sample, sampleFrames } from "./browser/page";
import { serveDir } from "./browser/serve";
import { type InitialJs, initialJs } from "./browser/size";
import { WORKLOADS } from "./workloads";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag("--quick");
const profile = flag("--profile");
const WARM_UP_MS = quick ? 1500 : 3000;
const MEASURE_MS = quick ? 2500 : 5000;
const FIRST_RENDER_LOADS = quick ? 1 : 3;
/** The page's viewport, "1280x720" by default: a taller one puts every panel on screen at once. */
const [VIEW_W, VIEW_H] = (option("--viewport") ?? "1280x720").split("x").map(Number);
/** Runs per case; the case reports its median run (by p95, then slow frames). */
const RUNS = Number(option("--runs") ?? (quick ? 1 : 3));
const SPEEDS = [1, 10] as const;
const DIST = "bench/.dist";
const RESULTS = "bench/results";
const BASELINE = `${RESULTS}/browser-baseline.json`;

const TARGETS = { frameP95Ms: 16.7, longTaskMaxMs: 50, firstRenderMs: 1000, initialJsGzipKB: 250 };

interface CaseResult {
  workload: string;
  speed: number;
  frames: number;
  frameMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Frames that took longer than 1.5 vsync intervals. */
  slowFrames: number;
  longTasks: { count: number; maxMs: number; totalMs: number };
  /** Simulated ms per wall ms over the window (the speed the run really went at). */
  achievedSpeed: number;
  eventsPerSecond: number;
  firstRender: { fcpMs: number | null; clusterDrawnMs: number | null };
  /** Every run's p95, slow frames and longest long task, when the case ran more than once. */
  runs?: { p95: number; slowFrames: number; longTaskMaxMs: number; achievedSpeed: number }[];
}

interface Results {
  date: string;
  chromium: string;
  quick: boolean;
  viewport?: string;
  windowMs: { warmUp: number; measure: number };
  initialJs: InitialJs & { gzipKB: number };
  firstRenderMs: { fcp: number | null; clusterDrawn: number | null; loads: number };
  cases: CaseResult[];
  targets: { name: string; value: string; pass: boolean }[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function median(xs: number[]): number | null {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor(s.length / 2)];
}

function summarize(sample: Sample) {
  // Chromium reports rAF timestamps to 0.1 ms: a difference of two is only that exact (16.7 ms comes out as
  // 16.700000000000728), so each is rounded to it before it is compared with a target.
  const deltas: number[] = [];
  for (let i = 1; i < sample.stamps.length; i++)
    deltas.push(Math.round((sample.stamps[i] - sample.stamps[i - 1]) * 10) / 10);
  const sorted = [...deltas].sort((a, b) => a - b);
  const mean = deltas.reduce((n, d) => n + d, 0) / Math.max(1, deltas.length);
  return {
    frames: deltas.length,
    frameMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      mean,
    },
    slowFrames: deltas.filter((d) => d > 25).length,
    longTasks: {
      count: sample.longTasks.length,
      maxMs: Math.max(0, ...sample.longTasks.map((l) => l.duration)),
      totalMs: sample.longTasks.reduce((n, l) => n + l.duration, 0),
    },
    achievedSpeed: sample.simMs / sample.wallMs,
    eventsPerSecond: sample.events / (sample.wallMs / 1000),
  };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H }, deviceScaleFactor: 1 });
  // tsx (esbuild, keepNames) wraps named inner functions in __name(): give the page one.
  await context.addInitScript({ content: "window.__name = (f) => f;" });
  await context.addInitScript(installObservers);
  return context.newPage();
}

async function waitForFirstRender(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByName("kafkascope:first-render").length > 0, null, {
    timeout: 30_000,
  });
  // FCP is reported asynchronously after the paint.
  await page
    .waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 5000 })
    .catch(() => {});
  return page.evaluate(firstRender);
}

async function runCase(browser: Browser, base: string, workload: string, speed: number): Promise<CaseResult> {
  const page = await newPage(browser);
  try {
    await page.goto(`${base}/?bench=${workload}#/cluster`);
    const fr = await waitForFirstRender(page);
    await page.getByLabel("Speed").selectOption(String(speed));
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForTimeout(WARM_UP_MS);
    let cdp: CDPSession | null = null;
    if (profile) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    const sample = await page.evaluate(sampleFrames, MEASURE_MS);
    if (cdp !== null) {
      const { profile: prof } = await cdp.send("Profiler.stop");
      mkdirSync(RESULTS, { recursive: true });
      const file = `${RESULTS}/browser-${workload}-${speed}x.cpuprofile`;
      writeFileSync(file, JSON.stringify(prof));
      printHotSpots(prof as unknown as CpuProfile, file);
    }
    return { workload, speed, ...summarize(sample), firstRender: { fcpMs: fr.fcp, clusterDrawnMs: fr.clusterDrawn } };
  } finally {
    await page.context().close();
  }
}

/** The median of several runs of one case, ordered by p95 and then by slow frames; it lists every run. */
function medianRun(runs: CaseResult[]): CaseResult {
  const sorted = [...runs].sort((a, b) => a.frameMs.p95 - b.frameMs.p95 || a.slowFrames - b.slowFrames);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (runs.length === 1) return median;
  return {
    ...median,
    runs: runs.map((r) => ({
      p95: r.frameMs.p95,
      slowFrames: r.slowFrames,
      longTaskMaxMs: r.longTasks.maxMs,
      achievedSpeed: r.achievedSpeed,
    })),
  };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, from a CDP CPU profile. */
function printHotSpots(prof: CpuProfile, file: string): void {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    if (n === undefined) return;
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`\nCPU profile (${file}): self time, top 20`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${((us / total) * 100).toFixed(1).padStart(6)}%  ${key}`);
}

async function measureFirstRender(browser: Browser, base: string) {
  const fcp: number[] = [];
  const drawn: number[] = [];
  for (let i = 0; i < FIRST_RENDER_LOADS; i++) {
    const page = await newPage(browser);
    try {
      await page.goto(`${base}/`);
      const fr = await waitForFirstRender(page);
      if (fr.fcp !== null) fcp.push(fr.fcp);
      if (fr.clusterDrawn !== null) drawn.push(fr.clusterDrawn);
    } finally {
      await page.context().close();
    }
  }
  return { fcp: median(fcp), clusterDrawn: median(drawn), loads: FIRST_RENDER_LOADS };
}

const fmt = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(digits));

function printTable(r: Results): void {
  console.log(
    `\ninitial JS: ${(r.initialJs.gzipBytes / 1000).toFixed(1)} kB gzipped (${(r.initialJs.bytes / 1000).toFixed(1)} kB raw) in ${r.initialJs.files.length} file(s)`,
  );
  console.log(
    `first render (default app, median of ${r.firstRenderMs.loads}): FCP ${fmt(r.firstRenderMs.fcp, 0)} ms, cluster drawn ${fmt(r.firstRenderMs.clusterDrawn, 0)} ms`,
  );
  console.log(
    "\nworkload  speed  frame p50   p95    p99    max  slow  long tasks (n / max ms)  achieved  first render (ms)",
  );
  for (const c of r.cases) {
    console.log(
      `${c.workload.padEnd(9)} ${`${c.speed}×`.padStart(5)} ${fmt(c.frameMs.p50).padStart(8)} ${fmt(c.frameMs.p95).padStart(6)} ${fmt(c.frameMs.p99).padStart(6)} ${fmt(c.frameMs.max, 0).padStart(6)} ${String(c.slowFrames).padStart(5)}  ${`${c.longTasks.count} / ${fmt(c.longTasks.maxMs, 0)}`.padStart(22)}  ${`${c.achievedSpeed.toFixed(2)}×`.padStart(8)}  ${fmt(c.firstRender.clusterDrawnMs, 0).padStart(8)}`,
    );
  }
  console.log("\ntargets");
  for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`);
}

function targets(r: Omit<Results, "targets">): Results["targets"] {
  const out: Results["targets"] = [];
  const large10 = r.cases.find((c) => c.workload === "large" && c.speed === 10);
  if (large10 !== undefined) {
    out.push({
      name: `large at 10×: p95 frame time ≤ ${TARGETS.frameP95Ms} ms`,
      value: `${fmt(large10.frameMs.p95)} ms`,
      pass: large10.frameMs.p95 <= TARGETS.frameP95Ms,
    });
    out.push({
      name: `large at 10×: no long task > ${TARGETS.longTaskMaxMs} ms in steady state`,
      value: `${large10.longTasks.count} long task(s), max ${fmt(large10.longTasks.maxMs, 0)} ms`,
      pass: large10.longTasks.maxMs <= TARGETS.longTaskMaxMs,
    });
  }
  const fr = r.firstRenderMs.clusterDrawn ?? r.firstRenderMs.fcp;
  out.push({
    name: `first render < ${TARGETS.firstRenderMs} ms`,
    value: `${fmt(fr, 0)} ms (cluster drawn; FCP ${fmt(r.firstRenderMs.fcp, 0)} ms)`,
    pass: fr !== null && fr < TARGETS.firstRenderMs,
  });
  out.push({
    name: `initial JS ≤ ${TARGETS.initialJsGzipKB} kB gzipped`,
    value: `${r.initialJs.gzipKB.toFixed(1)} kB`,
    pass: r.initialJs.gzipKB <= TARGETS.initialJsGzipKB,
  });
  return out;
}

function compare(r: Results): void {
  if (!existsSync(BASELINE)) return;
  const base = JSON.parse(readFileSync(BASELINE, "utf8")) as Results;
  console.log(`\nagainst ${BASELINE} (${base.date}):`);
  const d = (now: number | null, then: number | null | undefined, unit: string) =>
    now === null || then === null || then === undefined
      ? "–"
      : `${fmt(then)} → ${fmt(now)} ${unit} (${now >= then ? "+" : ""}${fmt(now - then)})`;
  console.log(`initial JS gzip     ${d(r.initialJs.gzipKB, base.initialJs?.gzipKB, "kB")}`);
  console.log(`first render        ${d(r.firstRenderMs.clusterDrawn, base.firstRenderMs?.clusterDrawn, "ms")}`);
  for (const c of r.cases) {
    const b = base.cases?.find((x) => x.workload === c.workload && x.speed === c.speed);
    if (b === undefined) continue;
    console.log(
      `${c.workload.padEnd(9)} ${`${c.speed}×`.padStart(4)}  p95 ${d(c.frameMs.p95, b.frameMs.p95, "ms")}; long tasks ${b.longTasks.count} → ${c.longTasks.count}; achieved ${b.achievedSpeed.toFixed(2)}× → ${c.achievedSpeed.toFixed(2)}×`,
    );
  }
}

async function main(): Promise<void> {
  if (!flag("--no-build")) {
    console.log(`building into ${DIST}${profile ? " (unminified, for the profile)" : ""} …`);
    const build = spawnSync(
      "npx",
      [
        "vite",
        "build",
        "--outDir",
        DIST,
        "--emptyOutDir",
        "--logLevel",
        "warn",
        ...(profile ? ["--minify", "false"] : []),
      ],
      { stdio: "inherit" },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  if (!existsSync(`${DIST}/index.html`)) {
    console.error(`${DIST}/index.html is missing: run without --no-build first.`);
    process.exit(2);
  }
  const js = initialJs(DIST);
  const server = await serveDir(DIST);
  const launch = chromiumLaunchOptions();
  const browser = await chromium.launch(launch);
  try {
    console.log(
      `Chromium ${browser.version()}${launch.executablePath ? ` (${launch.executablePath})` : ""}, app at ${server.url}`,
    );
    const only = option("--only");
    const cases: CaseResult[] = [];
    for (const workload of Object.keys(WORKLOADS)) {
      for (const speed of SPEEDS) {
        if (only !== undefined && only !== `${workload}@${speed}` && only !== workload) continue;
        const runs: CaseResult[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await runCase(browser, server.url, workload, speed));
        const c = medianRun(runs);
        console.log(
          `${workload} at ${speed}×: p95 ${fmt(c.frameMs.p95)} ms, ${c.longTasks.count} long tasks (max ${fmt(c.longTasks.maxMs, 0)} ms), achieved ${c.achievedSpeed.toFixed(2)}×${runs.length > 1 ? ` (median of ${runs.length} runs; p95 ${runs.map((r) => fmt(r.frameMs.p95)).join(" / ")})` : ""}`,
        );
        cases.push(c);
      }
    }
    const partial = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      quick,
      viewport: `${VIEW_W}x${VIEW_H}`,
      windowMs: { warmUp: WARM_UP_MS, measure: MEASURE_MS },
      initialJs: { ...js, gzipKB: js.gzipBytes / 1000 },
      firstRenderMs: await measureFirstRender(browser, server.url),
      cases,
    };
    const results: Results = { ...partial, targets: targets(partial) };
    printTable(results);
    compare(results);
    mkdirSync(RESULTS, { recursive: true });
    const file = `${RESULTS}/browser-${results.date.replace(/[:.]/g, "-")}.json`;
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
    if (flag("--write-baseline")) {
      writeFileSync(BASELINE, `${JSON.stringify(results, null, 2)}\n`);
      console.log(`wrote ${BASELINE}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
