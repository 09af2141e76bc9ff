import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { leaderOf, openApp, simTime } from "./helpers";

test("exports the cluster diagram as SVG and PNG files", async ({ page }) => {
  // Inlining styles must not trip the page's Content Security Policy (style-src 'self').
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await openApp(page);
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "Kill the leader" });
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByRole("region", { name: /^Tour/ })).toHaveAttribute("aria-busy", "false");

  const [svgDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export SVG" }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toMatch(/^kafkascope-cluster-t\d+\.svg$/);
  const svg = readFileSync((await svgDownload.path())!, "utf8");
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain("Broker 1");
  // Styles are written onto the elements: the file does not depend on the app's stylesheet.
  expect(svg).toMatch(/<rect [^>]*fill="rgb/);

  const [pngDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export PNG" }).click(),
  ]);
  const png = readFileSync((await pngDownload.path())!);
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(png.length).toBeGreaterThan(5000);
  expect(errors).toEqual([]);
});

test("an exported run imports back to the same moment", async ({ page }) => {
  await openApp(page);
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "Kill the leader" });
  const tour = page.getByRole("region", { name: /^Tour/ });
  for (let i = 1; i <= 3; i++) {
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(tour).toHaveAttribute("aria-busy", "false");
  }
  const time = await simTime(page).textContent();
  const leader = await leaderOf(page, "orders-0");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export run" }).click(),
  ]);
  const path = (await download.path())!;

  await page.getByRole("button", { name: "Rewind" }).click();
  await expect(simTime(page)).toContainText("t = 0.000 s");
  await page.getByLabel("Import run").setInputFiles(path);
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();
  await expect(simTime(page)).toHaveText(time ?? "");
  expect(await leaderOf(page, "orders-0")).toEqual(leader);

  await page.getByLabel("Import run").setInputFiles({
    name: "evil.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ v: 1, config: { brokers: 10_000 }, seed: 1, actions: [] })),
  });
  await expect(page.getByRole("alert")).toContainText("evil.json is not a valid run: config.brokers");
  await expect(simTime(page)).toHaveText(time ?? "");
});
