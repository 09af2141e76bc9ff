/**
 * Engine benchmark (Node, headless; `npm run bench` bundles it with esbuild
 * first, like the app's production build, and runs it with --expose-gc). For each workload: events per
 * wall-second, simulated seconds per wall-second, and that rate against a
 * bare scheduler loop measured in the same process. Then: cost per simulated
 * second at three sizes, heap after 10 and 60 simulated minutes of
 * `standard`, and seek times in a 10-minute run. Medians; figures, never
 * assertions. Results go to bench/results/<time>.json, compared with
 * bench/results/baseline.json when it exists.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createQueue, pop, push } from "../src/sim/core/queue";
import { Simulation } from "../src/sim/index";
import { profileEngine } from "./profile";
import { WORKLOADS } from "./workloads";

const profileAt = process.argv.indexOf("--profile");
if (profileAt >= 0) {
  const name = (process.argv[profileAt + 1] ?? "standard") as keyof typeof WORKLOADS;
  if (!(name in WORKLOADS)) {
    console.error(`unknown workload ${name}: use ${Object.keys(WORKLOADS).join(", ")}`);
    process.exit(2);
  }
  await profileEngine(name);
  process.exit(0);
}

const quick = process.argv.includes("--quick");
const runs = quick ? 1 : 3;
const simSeconds = quick ? 10 : 60;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The scheduler alone: pop an event, push its successor, no model behind it. */
function bareLoop(events: number): number {
  const q = createQueue<{ at: number; seq: number; n: number }>();
  for (let i = 0; i < 1000; i++) push(q, { at: i, seq: q.nextSeq++, n: i });
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    const e = pop(q)!;
    push(q, { at: e.at + 1 + (e.n % 7), seq: q.nextSeq++, n: e.n });
  }
  return events / ((performance.now() - start) / 1000);
}

function measure(name: keyof typeof WORKLOADS, seconds: number) {
  const eps: number[] = [];
  const speed: number[] = [];
  for (let r = 0; r < runs; r++) {
    const sim = Simulation.create(WORKLOADS[name], 42 + r);
    sim.runUntil(5_000); // warm up: elections, joins
    const e0 = sim.eventCount;
    const start = performance.now();
    sim.runUntil(5_000 + seconds * 1000);
    const wall = (performance.now() - start) / 1000;
    eps.push((sim.eventCount - e0) / wall);
    speed.push(seconds / wall);
  }
  return { eventsPerSecond: median(eps), speedUp: median(speed) };
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMB(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const bare = median(Array.from({ length: 3 }, () => bareLoop(2_000_000)));
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  quick,
  bareLoopEventsPerSecond: bare,
};
console.log(`bare scheduler loop: ${Math.round(bare).toLocaleString("en")} events/s`);
console.log("workload   events/s     sim-s per wall-s   of bare loop");
const perWorkload: Record<string, { eventsPerSecond: number; speedUp: number; ofBareLoop: number }> = {};
for (const name of Object.keys(WORKLOADS) as (keyof typeof WORKLOADS)[]) {
  // Simulated seconds per run: small is quick to simulate, so it runs longer for a steady figure.
  const m = measure(name, name === "small" ? simSeconds * 10 : name === "large" ? simSeconds / 2 : simSeconds);
  perWorkload[name] = { ...m, ofBareLoop: m.eventsPerSecond / bare };
  console.log(
    `${name.padEnd(10)} ${Math.round(m.eventsPerSecond).toLocaleString("en").padStart(11)}  ${m.speedUp.toFixed(1).padStart(15)}x  ${(m.eventsPerSecond / bare).toFixed(3).padStart(12)}`,
  );
}
results.workloads = perWorkload;

// Cost per simulated second as partitions × load grow.
const scale = Object.entries(WORKLOADS).map(([name, cfg]) => {
  const partitions = (cfg.topics ?? []).reduce((n, t) => n + t.partitions, 0);
  const load = (cfg.producers ?? []).reduce((n, p) => n + p.rate, 0);
  const wallMsPerSimSecond = 1000 / perWorkload[name].speedUp;
  return {
    name,
    partitions,
    recordsPerSecond: load,
    wallMsPerSimSecond,
    perPartitionLoad: wallMsPerSimSecond / (partitions * load),
  };
});
console.log("\ncost per simulated second");
for (const s of scale)
  console.log(
    `${s.name.padEnd(10)} ${String(s.partitions).padStart(4)} partitions × ${String(s.recordsPerSecond).padStart(6)} rec/s: ${s.wallMsPerSimSecond.toFixed(2)} ms`,
  );
results.scale = scale;

// Memory: heap after 10 and 60 simulated minutes of standard.
if (!quick) {
  const sim = Simulation.create(WORKLOADS.standard, 7);
  sim.runUntil(10 * 60_000);
  const at10 = heapMB();
  sim.runUntil(60 * 60_000);
  const at60 = heapMB();
  results.heap = { at10MinMB: at10, at60MinMB: at60, ratio: at60 / at10, gcExposed: gc !== undefined };
  console.log(
    `\nheap: ${at10.toFixed(1)} MB after 10 min, ${at60.toFixed(1)} MB after 60 min (${(at60 / at10).toFixed(2)}×)${gc ? "" : " (run with --expose-gc for exact figures)"}`,
  );
}

// Seek: random points of a 10-minute standard run.
let seek = { median: Number.NaN, max: Number.NaN };
{
  const minutes = quick ? 1 : 10;
  const sim = Simulation.create(WORKLOADS.standard, 9);
  sim.runUntil(minutes * 60_000);
  const times: number[] = [];
  let x = 12345;
  for (let i = 0; i < 10; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const t = Math.floor((x / 2147483648) * minutes * 60_000);
    const start = performance.now();
    sim.seek(t);
    times.push(performance.now() - start);
  }
  seek = { median: median(times), max: Math.max(...times) };
  results.seekMs = seek;
  console.log(
    `seek in a ${minutes}-minute standard run: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
  );
}

// The targets, said plainly: PASS or FAIL, never an assertion.
{
  const std = perWorkload.standard;
  const heap = results.heap as { ratio: number } | undefined;
  const growth = scale.slice(1).every((s, i) => s.perPartitionLoad <= scale[i].perPartitionLoad * 1.1);
  const rows: [string, boolean, string][] = [
    [
      "standard ≥ 1,000,000 events/s",
      std.eventsPerSecond >= 1e6,
      `${Math.round(std.eventsPerSecond).toLocaleString("en")}`,
    ],
    ["standard ≥ 100× real time", std.speedUp >= 100, `${std.speedUp.toFixed(1)}×`],
    [
      "cost grows no faster than partitions × load",
      growth,
      scale.map((s) => s.perPartitionLoad.toFixed(4)).join(" → "),
    ],
    [
      "heap after 60 min ≤ 1.2× heap after 10 min",
      heap !== undefined && heap.ratio <= 1.2,
      heap ? `${heap.ratio.toFixed(2)}×` : "not measured (--quick)",
    ],
    [
      "seek anywhere in 10 min < 200 ms",
      seek.max < 200,
      `median ${seek.median.toFixed(0)} ms, max ${seek.max.toFixed(0)} ms`,
    ],
  ];
  results.targets = Object.fromEntries(rows.map(([name, pass, value]) => [name, { pass, value }]));
  console.log("\ntargets");
  for (const [name, pass, value] of rows) console.log(`${pass ? "PASS" : "FAIL"}  ${name.padEnd(46)} ${value}`);
}

const dir = "bench/results";
mkdirSync(dir, { recursive: true });
const file = `${dir}/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${file}`);
const baselineFile = `${dir}/baseline.json`;
if (existsSync(baselineFile)) {
  const base = JSON.parse(readFileSync(baselineFile, "utf8")) as { workloads: typeof perWorkload };
  console.log("against the committed baseline (events/s):");
  for (const [name, m] of Object.entries(perWorkload)) {
    const b = base.workloads[name]?.eventsPerSecond;
    if (b) console.log(`${name.padEnd(10)} ${((m.eventsPerSecond / b - 1) * 100).toFixed(1).padStart(6)}%`);
  }
}
