/**
 * Headless runs: `npm run sim -- --scenario <id-or-file> --seed 42 --until 120s --json`.
 * Bad input exits with code 2 and one line saying what is valid.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  BUILTIN_SCENARIOS,
  checkScenario,
  findBuiltin,
  parseScenario,
  type Scenario,
  simulationFor,
} from "../sim/scenario";

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n`);
  process.exit(2);
}

/** "120s", "2m", "1500ms" or a bare number of milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "ms") as "ms" | "s" | "m" | "h"];
  const ms = Math.round(Number(m[1]) * unit);
  return ms <= 24 * 3_600_000 ? ms : null;
}

function loadScenario(ref: string): Scenario {
  const builtin = findBuiltin(ref);
  if (builtin !== undefined) return builtin;
  if (existsSync(ref)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(ref, "utf8"));
    } catch (e) {
      fail(`${ref} is not valid JSON (${(e as Error).message})`);
    }
    const parsed = parseScenario(data);
    if (!parsed.ok) fail(`${ref}: ${parsed.error}`);
    return parsed.scenario;
  }
  fail(
    `unknown scenario '${ref}'; valid: ${BUILTIN_SCENARIOS.map((s) => s.id).join(", ")}, or a path to a scenario JSON file`,
  );
}

function main(): void {
  let values: { scenario?: string; seed?: string; until?: string; json?: boolean; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        seed: { type: "string" },
        until: { type: "string" },
        json: { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (e) {
    fail(
      `${(e as Error).message}; valid options: --scenario <id-or-file> --seed <uint32> --until <duration e.g. 120s> --json --check`,
    );
  }
  if (values.help) {
    process.stdout.write(
      `usage: npm run sim -- --scenario <id-or-file> [--seed N] [--until 120s] [--json]\nscenarios: ${BUILTIN_SCENARIOS.map((s) => s.id).join(", ")}\n`,
    );
    return;
  }
  if (values.scenario === undefined)
    fail(`--scenario is required; valid: ${BUILTIN_SCENARIOS.map((s) => s.id).join(", ")}, or a file`);
  const scenario = loadScenario(values.scenario);
  let seed = scenario.seed;
  if (values.seed !== undefined) {
    if (!/^\d+$/.test(values.seed) || Number(values.seed) > 0xffffffff)
      fail(`--seed must be an integer from 0 to 4294967295, got '${values.seed}'`);
    seed = Number(values.seed);
  }
  const until = values.until === undefined ? 60_000 : parseDuration(values.until);
  if (until === null) fail(`--until must be a duration like 120s, 2m or 1500ms (at most 24h), got '${values.until}'`);

  if (values.check) {
    check(scenario, seed);
    return;
  }
  const sim = simulationFor(scenario, seed);
  sim.runUntil(until);
  const state = sim.snapshot();
  const summary = {
    scenario: scenario.id,
    seed,
    simulatedTimeMs: sim.now,
    events: sim.eventCount,
    traceEvents: sim.traceCount(),
    traceHash: sim.traceHash(),
    state: {
      controller: state.controller,
      brokers: state.brokers.map((b) => ({
        id: b.id,
        status: b.status,
        isController: b.isController,
        replicas: b.replicas,
      })),
      partitions: state.partitions,
      zookeeper: {
        servers: state.zookeeper.servers,
        quorum: state.zookeeper.quorum,
        sessions: state.zookeeper.sessions,
      },
      monitor: state.monitor,
    },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${scenario.id} seed=${seed} t=${sim.now}ms events=${sim.eventCount} trace=${summary.traceHash} controller=${state.controller?.broker ?? "none"}\n`,
    );
    for (const p of state.partitions) {
      process.stdout.write(
        `  ${p.topic}-${p.partition} leader=${p.leader} epoch=${p.leaderEpoch} isr=[${p.isr.join(",")}]${p.offline ? " OFFLINE" : ""}\n`,
      );
    }
  }
}

/** --check: walk the scenario's tour and verify every checkpoint; exit 1 naming the first failure. */
function check(scenario: Scenario, seed: number): void {
  if (scenario.tour.length === 0) fail(`scenario '${scenario.id}' has no tour steps to check`);
  let failures = 0;
  for (const [i, { title, result }] of checkScenario(scenario, seed).entries()) {
    const mark = result.failed.length === 0 ? "ok" : "FAILED";
    process.stdout.write(`${mark.padEnd(6)} step ${i + 1}: ${title} (t=${result.at} ms)\n`);
    for (const f of result.failed) process.stdout.write(`         checkpoint failed: ${f}\n`);
    failures += result.failed.length;
  }
  if (failures > 0) {
    process.stderr.write(`sim: ${failures} checkpoint(s) failed in '${scenario.id}'\n`);
    process.exit(1);
  }
}

main();
