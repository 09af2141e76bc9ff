import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { parseScenario, type RunDescription, resolveConfig, type Scenario } from "../sim";

/**
 * Runs as data that travels: a link (`?run=<lz-string>&t=<ms>`) and a JSON
 * file. Both carry { v: 1, config, seed, actions, t } and both are checked
 * with the scenario schema before anything is loaded, so a hostile link can
 * only ever produce a message.
 */
export const SHARE_VERSION = 1;
/** The longest `run` parameter read; longer links are refused before decompressing. */
export const MAX_ENCODED_LENGTH = 200_000;
/** The largest decompressed payload read. */
export const MAX_JSON_LENGTH = 2_000_000;
const MAX_TIME_MS = 24 * 3600 * 1000;

export interface SharedRun {
  run: RunDescription;
  /** Simulated time (ms) the sender was looking at. */
  t: number;
}

export type Decoded = { ok: true; shared: SharedRun; scenario?: Scenario } | { ok: false; error: string };

export interface RunFile {
  v: typeof SHARE_VERSION;
  kind: "kafkascope-run";
  config: RunDescription["config"];
  seed: number;
  actions: RunDescription["actions"];
  t: number;
}

export function toRunFile(run: RunDescription, t: number): RunFile {
  return { v: SHARE_VERSION, kind: "kafkascope-run", config: run.config, seed: run.seed, actions: run.actions, t };
}

/** The query string for a run: `run=...&t=...` (no leading "?"). */
export function encodeShare(run: RunDescription, t: number): string {
  const json = JSON.stringify(toRunFile(run, Math.round(t)));
  return `run=${compressToEncodedURIComponent(json)}&t=${Math.round(t)}`;
}

/** The full link: this page with `?run=...&t=...`, keeping the view route in the hash. */
export function shareUrl(
  run: RunDescription,
  t: number,
  location: Pick<Location, "origin" | "pathname" | "hash">,
): string {
  return `${location.origin}${location.pathname}?${encodeShare(run, t)}${location.hash}`;
}

/** Does this query string carry a shared run at all? */
export function hasSharedRun(search: string): boolean {
  return new URLSearchParams(search).has("run");
}

/** Read a shared run from a query string ("?run=...&t=..."). */
export function decodeShare(search: string): Decoded {
  const params = new URLSearchParams(search);
  const encoded = params.get("run");
  if (encoded === null || encoded === "") return { ok: false, error: "The link has no run in it (missing ?run=)." };
  if (encoded.length > MAX_ENCODED_LENGTH)
    return {
      ok: false,
      error: `The link's run is too long (${encoded.length} characters; at most ${MAX_ENCODED_LENGTH}).`,
    };
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(encoded);
  } catch {
    json = null;
  }
  if (json === null || json === "")
    return {
      ok: false,
      error: "The link's run data is damaged: it could not be decompressed (was the link cut off?).",
    };
  if (json.length > MAX_JSON_LENGTH) return { ok: false, error: "The link's run is too large to load." };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, error: "The link's run data is damaged: it is not valid JSON." };
  }
  const tParam = params.get("t");
  if (tParam !== null && typeof data === "object" && data !== null && !Array.isArray(data)) {
    // The query's t wins over the payload's: it is what a reader edits by hand.
    if (!/^\d{1,9}$/.test(tParam))
      return { ok: false, error: `The link's time t=${tParam.slice(0, 20)} is not a whole number of milliseconds.` };
    data = { ...data, t: Number(tParam) };
  }
  return validateRunData(data, "The link");
}

/** Check untrusted run data (a link's payload or an imported file) and turn it into a run. */
export function validateRunData(data: unknown, source: string): Decoded {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, error: `${source} does not hold a run (expected an object with v, config, seed and actions).` };
  const d = data as Record<string, unknown>;
  if (d.v !== SHARE_VERSION)
    return {
      ok: false,
      error: `${source} has an unknown run format version ${JSON.stringify(d.v)?.slice(0, 20) ?? "(none)"}; this KafkaScope reads version ${SHARE_VERSION}.`,
    };
  const t = d.t ?? 0;
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t > MAX_TIME_MS)
    return { ok: false, error: `${source}: t must be a whole number of milliseconds from 0 to ${MAX_TIME_MS}.` };
  // Reuse the scenario schema: the same bounds as a hand-written scenario file.
  const parsed = parseScenario({
    id: "shared-run",
    title: "Shared run",
    seed: d.seed,
    cluster: d.config,
    actions: d.actions ?? [],
  });
  if (!parsed.ok)
    return { ok: false, error: `${source} is not a valid run: ${parsed.error.replace(/^cluster\b/, "config")}` };
  const { scenario } = parsed;
  return {
    ok: true,
    shared: { run: { config: resolveConfig(scenario.cluster), seed: scenario.seed, actions: scenario.actions }, t },
  };
}

/** An imported file: a run file, or a scenario file (its cluster, seed and timeline). */
export function parseRunFile(text: string, fileName: string): Decoded {
  const source = `The file ${fileName.slice(0, 80)}`;
  if (text.length > MAX_JSON_LENGTH) return { ok: false, error: `${source} is too large (at most 2 MB).` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${source} is not valid JSON (${(e as Error).message.slice(0, 120)}).` };
  }
  if (typeof data === "object" && data !== null && !Array.isArray(data) && "cluster" in data && !("v" in data)) {
    const parsed = parseScenario(data);
    if (!parsed.ok) return { ok: false, error: `${source} is not a valid scenario: ${parsed.error}` };
    const s = parsed.scenario;
    return {
      ok: true,
      shared: { run: { config: resolveConfig(s.cluster), seed: s.seed, actions: s.actions }, t: 0 },
      scenario: s,
    };
  }
  return validateRunData(data, source);
}
