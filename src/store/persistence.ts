import { parseScenario, type Scenario } from "../sim";

/**
 * The user's own scenarios, in localStorage. The key carries the format
 * version; older formats are migrated on read. Nothing is written over data
 * that could not be read, and every write first copies the previous value to
 * a backup key, so a bug or a full disk never costs the user their work.
 */
export const STORAGE_KEY = "kafkascope.scenarios.v1";
export const BACKUP_KEY = `${STORAGE_KEY}.backup`;
/** Where an unreadable value is set aside (once) before the first new write. */
export const UNREADABLE_KEY = `${STORAGE_KEY}.unreadable`;
/** Version 0, before the format had a version: a bare array of { name, config, seed, actions }. */
export const LEGACY_KEY = "kafkascope.scenarios";

export interface SavedScenario {
  name: string;
  savedAt: number;
  scenario: Scenario;
}

interface StoredV1 {
  version: 1;
  scenarios: SavedScenario[];
}

export interface LoadResult {
  scenarios: SavedScenario[];
  /** What could not be read, for a message; null when all was well. */
  problem: string | null;
  /** False when the stored value is unreadable: saving must set it aside first. */
  readable: boolean;
}

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled.
    return null;
  }
}

/** A URL-safe scenario id from a name the user typed. */
export function slugFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `my-${slug || "scenario"}`;
}

/** Bring any older stored format up to version 1. Throws with a message when the data is not a known format. */
export function migrate(data: unknown): StoredV1 {
  if (Array.isArray(data)) {
    // Version 0: [{ name, config, seed, actions }].
    return {
      version: 1,
      scenarios: data.map((item: unknown, i) => {
        const o = (item ?? {}) as Record<string, unknown>;
        const name = typeof o.name === "string" && o.name.trim() !== "" ? o.name : `Scenario ${i + 1}`;
        return {
          name,
          savedAt: 0,
          scenario: { id: slugFor(name), title: name, seed: o.seed, cluster: o.config, actions: o.actions ?? [] },
        } as unknown as SavedScenario;
      }),
    };
  }
  if (typeof data === "object" && data !== null && (data as { version?: unknown }).version === 1) {
    const scenarios = (data as { scenarios?: unknown }).scenarios;
    if (!Array.isArray(scenarios)) throw new Error("its list of scenarios is missing");
    return data as StoredV1;
  }
  const version = typeof data === "object" && data !== null ? (data as { version?: unknown }).version : undefined;
  throw new Error(
    version === undefined ? "it is not in a known format" : `it has an unknown format version ${String(version)}`,
  );
}

/** Read the saved scenarios; every entry is checked with the scenario schema. Never throws. */
export function loadSaved(storage: Storage | null = defaultStorage()): LoadResult {
  if (storage === null) return { scenarios: [], problem: null, readable: true };
  let raw: string | null;
  let fromLegacy = false;
  try {
    raw = storage.getItem(STORAGE_KEY);
    if (raw === null) {
      raw = storage.getItem(LEGACY_KEY);
      fromLegacy = raw !== null;
    }
  } catch {
    return {
      scenarios: [],
      problem: "Saved scenarios could not be read: browser storage is not available.",
      readable: false,
    };
  }
  if (raw === null) return { scenarios: [], problem: null, readable: true };
  let stored: StoredV1;
  try {
    stored = migrate(JSON.parse(raw));
  } catch (e) {
    const why = e instanceof SyntaxError ? "it is not valid JSON" : (e as Error).message;
    return {
      scenarios: [],
      problem: `Your saved scenarios could not be read (${why}). They are kept untouched in browser storage under ${fromLegacy ? LEGACY_KEY : STORAGE_KEY}.`,
      readable: fromLegacy,
    };
  }
  const scenarios: SavedScenario[] = [];
  const bad: string[] = [];
  for (const [i, entry] of stored.scenarios.entries()) {
    const e = (entry ?? {}) as Partial<SavedScenario>;
    const parsed = parseScenario(e.scenario);
    const name = typeof e.name === "string" ? e.name.slice(0, 80) : `#${i + 1}`;
    if (parsed.ok)
      scenarios.push({ name, savedAt: typeof e.savedAt === "number" ? e.savedAt : 0, scenario: parsed.scenario });
    else bad.push(`${name} (${parsed.error})`);
  }
  return {
    scenarios,
    problem:
      bad.length > 0
        ? `${bad.length} saved scenario${bad.length > 1 ? "s" : ""} could not be read: ${bad.join("; ")}.`
        : null,
    // Entries that failed to parse are not ours to drop: writing would lose them.
    readable: bad.length === 0,
  };
}

/**
 * Write the list. The previous value goes to the backup key first; a value
 * that could not be read is also set aside under UNREADABLE_KEY (never
 * overwritten there), so the user can still recover it by hand.
 */
export function writeSaved(
  scenarios: SavedScenario[],
  storage: Storage | null = defaultStorage(),
): { ok: true } | { ok: false; error: string } {
  if (storage === null) return { ok: false, error: "Browser storage is not available; the scenario was not saved." };
  try {
    const previous = storage.getItem(STORAGE_KEY);
    if (previous !== null) {
      if (!loadSaved(storage).readable && storage.getItem(UNREADABLE_KEY) === null)
        storage.setItem(UNREADABLE_KEY, previous);
      storage.setItem(BACKUP_KEY, previous);
    }
    const value: StoredV1 = { version: 1, scenarios };
    storage.setItem(STORAGE_KEY, JSON.stringify(value));
    return { ok: true };
  } catch (e) {
    return { ok: false, error: `The scenario was not saved: ${(e as Error).message || "browser storage refused it"}.` };
  }
}

/** Add (or replace, by name) one scenario, keeping every other entry. */
export function saveScenario(
  entry: SavedScenario,
  storage: Storage | null = defaultStorage(),
): { ok: true; scenarios: SavedScenario[] } | { ok: false; error: string } {
  const current = loadSaved(storage);
  if (!current.readable && current.problem !== null && storage !== null) {
    // Unreadable entries stay: set the whole value aside before writing a fresh list.
    try {
      const raw = storage.getItem(STORAGE_KEY) ?? storage.getItem(LEGACY_KEY);
      if (raw !== null && storage.getItem(UNREADABLE_KEY) === null) storage.setItem(UNREADABLE_KEY, raw);
    } catch {
      return { ok: false, error: "Browser storage is not available; the scenario was not saved." };
    }
  }
  const scenarios = [...current.scenarios.filter((s) => s.name !== entry.name), entry];
  const written = writeSaved(scenarios, storage);
  return written.ok ? { ok: true, scenarios } : written;
}
