/**
 * Soak test: `npm run soak -- --runs N --seed S [--unclean]`.
 *
 * Runs N random fault schedules (run i uses seed S + i), each over a random
 * cluster shape, and checks the replication invariants. A failing schedule is
 * shrunk by fast-check to a minimal one, printed with its seed; the exit code
 * is non-zero if any run failed. Reproduce one with `--runs 1 --seed <seed>`.
 */
import fc from "fast-check";
import { checkDelivery, type DeliverySchedule, scheduleArb as deliveryArbitrary } from "../sim/testing/delivery";
import { describeRun, type FaultRun, runSchedule, scheduleArbitrary } from "../sim/testing/faults";

/** Every this many runs, also a run with producers, two consumer groups and client faults. */
const GROUP_RUN_EVERY = 10;

/** One seeded group-delivery schedule (order, at-least-once, single ownership); shrunk on failure. */
function groupRun(seed: number): { ok: boolean; report: string } {
  const strategy = seed % 2 === 0 ? "range" : "cooperative-sticky";
  let last: { schedule: DeliverySchedule; failures: string[] } | null = null;
  const details = fc.check(
    fc.property(deliveryArbitrary, (schedule) => {
      const { failures } = checkDelivery(strategy, schedule);
      if (failures.length > 0) last = { schedule, failures };
      return failures.length === 0;
    }),
    { seed, numRuns: 1 },
  );
  if (!details.failed) return { ok: true, report: "" };
  const minimal = last as { schedule: DeliverySchedule; failures: string[] } | null;
  return {
    ok: false,
    report: `group delivery (${strategy}), --seed ${seed}: ${JSON.stringify(minimal?.schedule)}\n  ${minimal?.failures.slice(0, 5).join("\n  ")}`,
  };
}

interface Options {
  runs: number;
  seed: number;
  unclean: boolean;
  horizonMs: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { runs: 1000, seed: 1, unclean: false, horizonMs: 25_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${arg} needs a number`);
      return v;
    };
    if (arg === "--runs") opts.runs = value();
    else if (arg === "--seed") opts.seed = value();
    else if (arg === "--horizon") opts.horizonMs = value();
    else if (arg === "--unclean") opts.unclean = true;
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: npm run soak -- [--runs N] [--seed S] [--unclean] [--horizon ms]");
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const faultOpts = { unclean: opts.unclean, horizonMs: opts.horizonMs };
  const arbitrary = scheduleArbitrary(faultOpts);
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  let acked = 0;
  let losses = 0;
  let stale = 0;
  let groupRuns = 0;
  for (let i = 0; i < opts.runs; i++) {
    const seed = opts.seed + i;
    let last: FaultRun | null = null;
    // One generated schedule per seed; on failure fast-check shrinks it, and the last failing run is the minimal one.
    const details = fc.check(
      fc.property(arbitrary, (schedule) => {
        const run = runSchedule(schedule, faultOpts);
        if (run.failures.length > 0) {
          last = run;
          return false;
        }
        if (last === null) {
          acked += run.acked;
          losses += run.dataLosses;
          stale += run.staleProduces;
        }
        return true;
      }),
      { seed, numRuns: 1 },
    );
    if (i % GROUP_RUN_EVERY === 0) {
      groupRuns++;
      const g = groupRun(seed);
      if (!g.ok) {
        failed++;
        console.log(`\nFAILED: ${g.report}`);
        continue;
      }
    }
    if (!details.failed) {
      passed++;
      continue;
    }
    failed++;
    console.log(`\nFAILED: --seed ${seed} (shrunk ${details.numShrinks} times)`);
    if (last !== null) console.log(describeRun(last));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const mode = opts.unclean ? "unclean election on" : "unclean election off";
  console.log(
    `\n${passed} passed, ${failed} failed (seeds ${opts.seed}..${opts.seed + opts.runs - 1}, ${mode}, ${acked} acks=all records acknowledged, ${stale} produce requests to stale leaders, ${losses} data.loss events, ${groupRuns} of them also with producers, consumer groups and client faults checked for order and at-least-once delivery, ${seconds} s)`,
  );
  return failed > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error((e as Error).message);
  console.error("usage: npm run soak -- [--runs N] [--seed S] [--unclean] [--horizon ms]");
  process.exitCode = 2;
}
