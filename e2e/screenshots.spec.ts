import { expect, type Page, test } from "@playwright/test";
import { leaderOf, openApp, runUntilLeaderElected } from "./helpers";

/** Run a little, crash the leader of orders-0, run past the session timeout so the failover shows, then pause. */
async function crashAndFailOver(page: Page): Promise<void> {
  await openApp(page);
  const before = await runUntilLeaderElected(page, "orders-0");
  await page.getByLabel("Speed").selectOption("5");
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(600);
  await page.getByRole("button", { name: "Pause" }).click();

  await page.getByRole("button", { name: new RegExp(`^Broker ${before.leader},`) }).click();
  await page.getByRole("button", { name: "Crash broker", exact: true }).click();
  await page.getByRole("button", { name: "Play" }).click();
  await expect
    .poll(async () => (await leaderOf(page, "orders-0")).epoch, { timeout: 30_000 })
    .toBeGreaterThan(before.epoch);
  await page.waitForTimeout(400);
  await page.getByRole("button", { name: "Pause" }).click();
  // Step to a moment with messages on the wire, so the picture shows some.
  const legend = page.getByRole("group", { name: /in flight/i });
  for (let i = 0; i < 200 && /\(0\)/.test((await legend.textContent()) ?? ""); i++)
    await page.getByRole("button", { name: "Step" }).click();
}

test.describe("light", () => {
  test.use({ viewport: { width: 1280, height: 720 }, colorScheme: "light" });
  test("cluster after a broker crash", async ({ page }) => {
    await crashAndFailOver(page);
    await page.screenshot({ path: "docs/screenshots/cluster.png" });
  });
});

test.describe("dark", () => {
  test.use({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
  test("cluster after a broker crash, dark", async ({ page }) => {
    await crashAndFailOver(page);
    await page.screenshot({ path: "docs/screenshots/cluster-dark.png" });
  });
});
