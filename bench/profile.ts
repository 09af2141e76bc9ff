/**
 * `npm run bench -- --profile [workload]`: a CPU profile of the engine running
 * a workload (standard by default) for 30 simulated seconds, through the V8
 * inspector. Writes bench/results/engine-<workload>-<time>.cpuprofile (open it
 * in Chrome DevTools) and prints where the time goes: garbage collection and
 * the functions with the most self time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Simulation } from "../src/sim/index";
import { WORKLOADS } from "./workloads";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export async function profileEngine(name: keyof typeof WORKLOADS, simSeconds = 30): Promise<void> {
  const sim = Simulation.create(WORKLOADS[name], 42);
  sim.runUntil(5_000);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  sim.runUntil(5_000 + simSeconds * 1000);
  const { profile } = (await session.post("Profiler.stop")) as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();

  const dir = "bench/results";
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/engine-${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const f = byId.get(id)?.callFrame;
    const label = f === undefined ? "?" : f.functionName || "(anonymous)";
    self.set(label, (self.get(label) ?? 0) + dt);
    total += dt;
  });
  console.log(`CPU profile of ${name}, ${simSeconds} simulated seconds: ${file}`);
  console.log("share of samples by function (self time):");
  for (const [label, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${((t / total) * 100).toFixed(1).padStart(6)}%  ${label}`);
}
