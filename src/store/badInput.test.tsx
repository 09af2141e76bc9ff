// @vitest-environment jsdom
import fs from "node:fs";
import path from "node:path";
import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { RunBar } from "../components/RunBar/RunBar";
import { TourPanel } from "../components/Tour/TourPanel";
import { STORAGE_KEY } from "./persistence";
import { importRunText, openFromLocation } from "./shareActions";
import { useSim } from "./simStore";
import { useTour } from "./tourStore";

/*
 * Every file in fixtures/bad-input goes through the import path the RunBar
 * uses (importRunText) and every URL through the one a shared link takes
 * (openFromLocation). Each must produce a clear message and change nothing.
 */
const DIR = path.resolve(__dirname, "../../fixtures/bad-input");
const badFiles = fs
  .readdirSync(DIR)
  .filter((f) => f !== "bad-share-urls.json" && fs.statSync(path.join(DIR, f)).isFile())
  .sort();
const badUrls = JSON.parse(fs.readFileSync(path.join(DIR, "bad-share-urls.json"), "utf8")) as {
  search: string;
  pad?: { char: string; times: number };
  why: string;
}[];

const SAVED = JSON.stringify({
  version: 1,
  scenarios: [
    {
      name: "Mine",
      savedAt: 1,
      scenario: { id: "my-mine", title: "Mine", seed: 5, cluster: { brokers: 3 }, actions: [], tour: [] },
    },
  ],
});

/** Everything a failed import must leave as it was: the run, the moment, the tour, the saved scenarios. */
function fingerprint(): string {
  const { currentRun, snapshot } = useSim.getState();
  return JSON.stringify({
    run: currentRun(),
    now: snapshot.now,
    events: snapshot.eventCount,
    trace: snapshot.traceCount,
    tour: useTour.getState().scenario?.id ?? null,
    saved: localStorage.getItem(STORAGE_KEY),
    keys: Object.keys(localStorage).sort(),
  });
}

/** A clear message: one sentence or two about the input, not a stack trace or "[object Object]". */
function expectClearMessage(message: string | null, subject: RegExp): void {
  expect(message).not.toBeNull();
  expect(message).toMatch(subject);
  expect(message).not.toMatch(/undefined|\[object Object\]|NaN|\n\s+at /);
  expect((message ?? "").length).toBeLessThan(600);
}

describe("bad input", () => {
  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(STORAGE_KEY, SAVED);
    useTour.getState().clear();
    act(() => {
      useSim.getState().reset(42);
      useSim.getState().advance(2500);
    });
  });

  it("has a corpus to feed", () => {
    expect(badFiles.length).toBeGreaterThanOrEqual(25);
    expect(badUrls.length).toBeGreaterThanOrEqual(10);
  });

  it.each(badFiles)("refuses the file %s with a clear message and changes nothing", (file) => {
    const text = fs.readFileSync(path.join(DIR, file), "utf8");
    // .json.txt files are not JSON at all; they are offered under their .json name, as a user would pick them.
    const name = file.replace(/\.txt$/, "");
    const before = fingerprint();
    const message = importRunText(text, name);
    expectClearMessage(message, /^The file \S+\.json( is not| has| does not| is too|:)/);
    expect(fingerprint()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(badUrls.map((u) => [u.why, u] as const))("refuses a link with %s and changes nothing", (_, url) => {
    const search = url.search + (url.pad === undefined ? "" : url.pad.char.repeat(url.pad.times));
    const before = fingerprint();
    const message = openFromLocation(search);
    expectClearMessage(message, /^The link.* The default cluster was loaded instead\.$/);
    expect(fingerprint()).toBe(before);
  });

  it("loads a scenario whose words are HTML and script, and shows them as text", () => {
    const text = fs.readFileSync(path.join(DIR, "hostile-text/html-in-scenario-text.json"), "utf8");
    render(
      <>
        <RunBar />
        <TourPanel />
      </>,
    );
    let message: string | null = "not run";
    act(() => {
      message = importRunText(text, "html-in-scenario-text.json");
    });
    expect(message).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBe(SAVED);
    expect(
      screen.getByRole("heading", { name: /^Tour: <img src=x onerror="window.pwned=1"> Kill the <b>leader<\/b>$/ }),
    ).toBeInTheDocument();
    expect(document.querySelector("img, script, iframe, b, u")).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});
