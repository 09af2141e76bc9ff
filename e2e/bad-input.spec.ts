import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import lzString from "lz-string";
import { events, openApp, simTime } from "./helpers";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/bad-input");

function fixture(name: string): { name: string; mimeType: string; buffer: Buffer } {
  return {
    // .json.txt fixtures are not JSON at all; a user would pick them under a .json name.
    name: name.replace(/\.txt$/, ""),
    mimeType: "application/json",
    buffer: fs.readFileSync(path.join(FIXTURES, name)),
  };
}

/** Nothing on the page ran or was built from hostile text. */
async function expectNothingInjected(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
  await expect(page.locator("img, iframe, script:not([src]), b, u")).toHaveCount(0);
}

/** The page still works: Play moves simulated time on. */
async function expectStillWorks(page: Page): Promise<void> {
  const before = await events(page);
  await page.getByRole("button", { name: "Play" }).click();
  await expect.poll(() => events(page)).toBeGreaterThan(before);
  await page.getByRole("button", { name: "Pause" }).click();
}

test("bad files through the real file input show what is wrong and leave the run alone", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openApp(page);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const time = await simTime(page).textContent();
  const input = page.getByLabel("Import run");

  await input.setInputFiles(fixture("truncated-run.json.txt"));
  await expect(page.getByRole("alert")).toContainText("The file truncated-run.json is not valid JSON");
  await expect(simTime(page)).toHaveText(time ?? "");

  await input.setInputFiles(fixture("replication-factor-above-brokers.json"));
  await expect(page.getByRole("alert")).toContainText("replication factor 5 is larger than the 3 available brokers");
  await expect(simTime(page)).toHaveText(time ?? "");

  // A file name that is HTML is shown as text.
  await input.setInputFiles({ ...fixture("null.json"), name: "<img src=x onerror=window.pwned=1>.json" });
  await expect(page.getByRole("alert")).toContainText(
    "The file <img src=x onerror=window.pwned=1>.json does not hold a run",
  );
  await expectNothingInjected(page);
  await expectStillWorks(page);
  expect(errors).toEqual([]);
});

test("a scenario whose words are HTML and script loads, and shows them as text", async ({ page }) => {
  await openApp(page);
  await page.getByLabel("Import run").setInputFiles(path.join(FIXTURES, "hostile-text/html-in-scenario-text.json"));
  const tour = page.getByRole("region", { name: /^Tour: / });
  await expect(tour.getByRole("heading", { level: 2 })).toHaveText(
    'Tour: <img src=x onerror="window.pwned=1"> Kill the <b>leader</b>',
  );
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(tour.getByRole("heading", { level: 3 })).toHaveText("<script>window.pwned=3</script>Step one");
  await expect(tour).toContainText('<iframe src="javascript:window.pwned=4"></iframe>Watch <u>this</u>.');
  await expectNothingInjected(page);
  await expectStillWorks(page);
});

test("a hostile link shows its problem as text, and the page still works", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const run = { v: 1, config: { brokers: 3 }, seed: 1, actions: [] };
  await page.goto(
    `/?run=${lzString.compressToEncodedURIComponent(JSON.stringify(run))}&t=${encodeURIComponent("<img src=x onerror=window.pwned=5>")}`,
  );
  await expect(page.getByRole("alert")).toContainText("The link's time t=<img src=x onerror=w is not a whole number");
  await expect(page.getByRole("alert")).toContainText("The default cluster was loaded instead");
  await expectNothingInjected(page);
  await expect(simTime(page)).toContainText("t = 0.000 s");
  await expectStillWorks(page);
  expect(errors).toEqual([]);
});
