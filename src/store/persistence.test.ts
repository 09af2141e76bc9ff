import { describe, expect, it } from "vitest";
import { findBuiltin } from "../sim";
import {
  BACKUP_KEY,
  LEGACY_KEY,
  loadSaved,
  migrate,
  type SavedScenario,
  STORAGE_KEY,
  saveScenario,
  UNREADABLE_KEY,
} from "./persistence";

/** An in-memory localStorage. */
function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const base = findBuiltin("three-brokers")!;
const entry = (name: string): SavedScenario => ({
  name,
  savedAt: 1,
  scenario: { ...base, id: "my-x", title: name, tour: [] },
});

describe("saved scenarios", () => {
  it("saves and reads back a scenario under the versioned key", () => {
    const storage = memoryStorage();
    expect(saveScenario(entry("Mine"), storage).ok).toBe(true);
    expect(JSON.parse(storage.data.get(STORAGE_KEY)!).version).toBe(1);
    const loaded = loadSaved(storage);
    expect(loaded.problem).toBeNull();
    expect(loaded.scenarios.map((s) => s.name)).toEqual(["Mine"]);
    expect(loaded.scenarios[0].scenario.cluster).toEqual(base.cluster);
  });

  it("keeps the previous value in the backup key before each write", () => {
    const storage = memoryStorage();
    saveScenario(entry("One"), storage);
    const first = storage.data.get(STORAGE_KEY);
    saveScenario(entry("Two"), storage);
    expect(storage.data.get(BACKUP_KEY)).toBe(first);
    expect(loadSaved(storage).scenarios.map((s) => s.name)).toEqual(["One", "Two"]);
  });

  it("migrates version 0 (a bare array under the old key) to version 1", () => {
    const v0 = [{ name: "Old one", config: base.cluster, seed: 3, actions: [] }];
    expect(migrate(v0).scenarios[0]).toMatchObject({ name: "Old one", scenario: { seed: 3, title: "Old one" } });
    const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify(v0) });
    const loaded = loadSaved(storage);
    expect(loaded.problem).toBeNull();
    expect(loaded.scenarios.map((s) => [s.name, s.scenario.seed])).toEqual([["Old one", 3]]);
    // Saving writes the new key and leaves the old one for older versions of the app.
    saveScenario(entry("New"), storage);
    expect(loadSaved(storage).scenarios.map((s) => s.name)).toEqual(["Old one", "New"]);
    expect(storage.data.get(LEGACY_KEY)).toBe(JSON.stringify(v0));
  });

  it("reports corrupted storage without crashing, and never writes over it", () => {
    const storage = memoryStorage({ [STORAGE_KEY]: "{this is not json" });
    const loaded = loadSaved(storage);
    expect(loaded.scenarios).toEqual([]);
    expect(loaded.problem).toMatch(/could not be read \(it is not valid JSON\)/);
    expect(storage.data.get(STORAGE_KEY)).toBe("{this is not json");
    // Saving afterwards sets the unreadable value aside first: the user can still recover it.
    expect(saveScenario(entry("Fresh"), storage).ok).toBe(true);
    expect(storage.data.get(UNREADABLE_KEY)).toBe("{this is not json");
    expect(loadSaved(storage).scenarios.map((s) => s.name)).toEqual(["Fresh"]);
  });

  it("reports an unknown future version by number", () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{"version":7,"scenarios":[]}' });
    expect(loadSaved(storage).problem).toMatch(/unknown format version 7/);
  });

  it("skips entries that fail the schema, names them, and keeps them in storage", () => {
    const bad = { name: "Broken", savedAt: 1, scenario: { ...entry("x").scenario, seed: "nope" } };
    const raw = JSON.stringify({ version: 1, scenarios: [entry("Good"), bad] });
    const storage = memoryStorage({ [STORAGE_KEY]: raw });
    const loaded = loadSaved(storage);
    expect(loaded.scenarios.map((s) => s.name)).toEqual(["Good"]);
    expect(loaded.problem).toMatch(/1 saved scenario could not be read: Broken \(seed/);
    saveScenario(entry("Another"), storage);
    expect(storage.data.get(UNREADABLE_KEY)).toBe(raw);
  });

  it("reports storage that throws (disabled, full) as a message", () => {
    const throwing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(loadSaved(throwing).problem).toMatch(/not available/);
    const saved = saveScenario(entry("X"), throwing);
    expect(saved.ok).toBe(false);
  });
});
