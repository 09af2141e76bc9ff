/** Check every library scenario's tour headless: `npx tsx scripts/check-library.ts`. */
import { checkScenario, parseScenario } from "../src/sim";
import { LIBRARY_SCENARIOS } from "../src/sim/scenario/library/lessons";

let bad = 0;
for (const s of LIBRARY_SCENARIOS) {
  const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
  if (!parsed.ok) {
    console.log(`FAIL ${s.id}: ${parsed.error}`);
    bad++;
    continue;
  }
  for (const [i, { title, result }] of checkScenario(parsed.scenario).entries()) {
    const ok = result.failed.length === 0;
    if (!ok) bad++;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${s.id} step ${i + 1}: ${title} (t=${result.at})${ok ? "" : ` — ${result.failed.join("; ")}`}`,
    );
  }
}
process.exit(bad > 0 ? 1 : 0);
