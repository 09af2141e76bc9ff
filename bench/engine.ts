/**
 * Engine benchmark (Node, headless): events per wall-second, simulated
 * seconds per wall-second, and the same measured for a bare scheduler loop
 * in the same process. Medians of several runs; figures, never assertions.
 */
import { performance } from "node:perf_hooks";
import { createQueue, pop, push } from "../src/sim/core/queue";
import { Simulation } from "../src/sim/index";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The scheduler alone: push/pop timer-like events with no model behind them. */
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

const workloads = {
  small: { brokers: 3, zookeeperServers: 1, topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }] },
  standard: {
    brokers: 6,
    zookeeperServers: 3,
    topics: [
      { name: "orders", partitions: 12, replicationFactor: 3 },
      { name: "payments", partitions: 6, replicationFactor: 3 },
    ],
  },
};

const runs = Number(process.env.BENCH_RUNS ?? 5);
const simSeconds = Number(process.env.BENCH_SIM_SECONDS ?? 600);
const bare = median(Array.from({ length: runs }, () => bareLoop(2_000_000)));
console.log(`bare scheduler loop: ${Math.round(bare).toLocaleString("en")} events/s`);
console.log("workload   events/s     sim-s per wall-s   vs bare loop");
for (const [name, config] of Object.entries(workloads)) {
  const eps: number[] = [];
  const speed: number[] = [];
  for (let r = 0; r < runs; r++) {
    const sim = Simulation.create(config, 42 + r);
    const start = performance.now();
    sim.runUntil(simSeconds * 1000);
    const wall = (performance.now() - start) / 1000;
    eps.push(sim.eventCount / wall);
    speed.push(simSeconds / wall);
  }
  const e = median(eps);
  console.log(
    `${name.padEnd(10)} ${Math.round(e).toLocaleString("en").padStart(11)}  ${Math.round(median(speed)).toLocaleString("en").padStart(16)}x  ${(e / bare).toFixed(3).padStart(12)}`,
  );
}
