/**
 * Where a frame's time goes: a 3-second Chrome trace of one case, summed by
 * main-thread event (script, style, layout, paint, GC) and by painted layer.
 * A diagnostic next to the benchmark, not part of it. Needs a build in
 * bench/.dist (run bench/browser.ts once first).
 *
 *   npx tsx bench/browser/trace.ts large 10 [1280x720]
 */
import { chromium } from "@playwright/test";
import { serveDir } from "./serve";

const [workload = "large", speed = "10", viewport = "1280x720"] = process.argv.slice(2);
const [width, height] = viewport.split("x").map(Number);
const server = await serveDir("bench/.dist");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width, height } });
await page.goto(`${server.url}/?bench=${workload}`);
await page.waitForTimeout(1500);
await page.getByLabel("Speed").selectOption(speed);
await page.getByRole("button", { name: "Play" }).click();
await page.waitForTimeout(2000);
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
await page.waitForTimeout(3000);
const buf = await browser.stopTracing();
const { traceEvents } = JSON.parse(buf.toString()) as {
  traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number }[];
};
const counts = new Map<string, number>();
const crRenderer = traceEvents.filter(
  (e) => e.name === "thread_name" && (e as unknown as { args: { name: string } }).args.name === "CrRendererMain",
);
const main = new Set(crRenderer.map((e) => `${e.pid}:${e.tid}`));
for (const e of traceEvents) {
  if (e.ph !== "X" || e.dur === undefined || !main.has(`${e.pid}:${e.tid}`)) continue;
  counts.set(e.name, (counts.get(e.name) ?? 0) + e.dur / 1000);
}
const paints = new Map<string, number>();
for (const e of traceEvents as unknown as {
  name: string;
  ph: string;
  dur?: number;
  args?: { data?: { clip?: number[]; nodeId?: number; layerId?: number } };
}[]) {
  if (e.name !== "Paint" || e.dur === undefined) continue;
  const c = e.args?.data?.clip ?? [];
  const key = `layer ${e.args?.data?.layerId} node ${e.args?.data?.nodeId} clip ${c.length ? `${c[0]},${c[1]}..${c[4]},${c[5]}` : "?"}`;
  paints.set(key, (paints.get(key) ?? 0) + e.dur / 1000);
}
for (const [k, v] of [...paints].sort((a, b) => b[1] - a[1]).slice(0, 8))
  console.log("paint", v.toFixed(0).padStart(6), "ms", k);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(v.toFixed(0).padStart(7), "ms", k);

// The long tasks (over one 60 Hz frame) and what is inside each: the events nested directly or
// deeper in them, by name (a function call by its function's name; build with --profile for real names).
type Ev = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike dur, it does not grow when another process takes the core. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: TraceArgs;
};
type TraceArgs = { data?: { functionName?: string; url?: string; lineNumber?: number } };
const onMain = (traceEvents as unknown as Ev[])
  .filter((e) => e.ph === "X" && e.dur !== undefined && main.has(`${e.pid}:${e.tid}`))
  .sort((a, b) => a.ts - b.ts);
const runTasks = onMain.filter((e) => e.name === "RunTask");
// CPU time per task, robust to a busy machine: how many tasks would not fit a frame even on a quiet one.
const cpu = runTasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000).sort((a, b) => b - a);
const over = (ms: number) => cpu.filter((c) => c > ms).length;
console.log(
  `\nmain-thread tasks by CPU time: ${cpu.length} tasks, ${over(16.7)} over 16.7 ms, ${over(12)} over 12 ms, ${over(8)} over 8 ms; longest ${cpu
    .slice(0, 8)
    .map((c) => c.toFixed(1))
    .join(", ")} ms; CPU ${cpu.reduce((n, c) => n + c, 0).toFixed(0)} ms in 3 s`,
);
const tasks = runTasks.filter((e) => (e.dur ?? 0) > 16_700);
const INNER = new Set(["FunctionCall", "Paint", "Layout", "UpdateLayoutTree", "PrePaint", "Commit", "Layerize"]);
console.log(`\n${tasks.length} task(s) over 16.7 ms in 3 s:`);
for (const t of tasks.slice(0, 40)) {
  const end = t.ts + (t.dur ?? 0);
  const parts = new Map<string, number>();
  for (const e of onMain) {
    if (e.ts < t.ts || e.ts >= end || e === t) continue;
    const gc = e.name === "MinorGC" || e.name === "MajorGC" || e.name === "V8.GC_MC_INCREMENTAL";
    if (!INNER.has(e.name) && !gc) continue;
    const f = e.args?.data;
    const key =
      e.name !== "FunctionCall"
        ? e.name
        : f?.functionName
          ? `${f.functionName}()`
          : `FunctionCall ${f?.url?.replace(/^.*\//, "") ?? "?"}:${f?.lineNumber ?? "?"}`;
    parts.set(key, (parts.get(key) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const inside = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(", ");
  console.log(`${((t.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms: ${inside}`);
}
await browser.close();
await server.close();
