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
    await page.getByRole("button", { name: "Step", exact: true }).click();
}

/** Play at 10× until the group is stable and records flow, then pause. */
async function warmUp(page: Page): Promise<void> {
  await openApp(page);
  await page.getByLabel("Speed").selectOption("10");
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(2500);
  await page.getByRole("button", { name: "Pause" }).click();
}

const LENSES = [
  ["broker", "#/broker/1"],
  ["producer", "#/producer/producer-1"],
  ["consumer", "#/consumer/consumer-1"],
  ["partitions", "#/partitions"],
  ["queue-vs-pubsub", "#/queue-vs-pubsub"],
  ["groups", "#/groups"],
  ["zookeeper", "#/zookeeper"],
] as const;

test.describe("light", () => {
  test.use({ viewport: { width: 1280, height: 720 }, colorScheme: "light" });
  test("cluster after a broker crash", async ({ page }) => {
    await crashAndFailOver(page);
    await page.screenshot({ path: "docs/screenshots/cluster.png" });
  });
  test("each lens", async ({ page }) => {
    await warmUp(page);
    for (const [name, hash] of LENSES) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      await expect(page.getByRole("tab", { selected: true })).toBeVisible();
      // A lens is loaded on first use: wait for it, not its placeholder.
      await expect(page.getByText("Loading…")).toHaveCount(0);
      await page.screenshot({ path: `docs/screenshots/${name}.png` });
    }
    // Replication is worth seeing across a leader change: crash the leader of orders-0, let it fail over, restart it.
    await page.evaluate(() => {
      window.location.hash = "#/replication/orders-0";
    });
    const leaderRow = page.getByRole("img", { name: /^Broker \d+, leader,/ });
    const leader = /^Broker (\d+)/.exec((await leaderRow.getAttribute("aria-label")) ?? "")?.[1];
    await page.evaluate((b) => {
      window.location.hash = `#/broker/${b}`;
    }, leader);
    await page.getByRole("button", { name: `Crash broker ${leader}` }).click();
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: `Restart broker ${leader}` }).click();
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.evaluate(() => {
      window.location.hash = "#/replication/orders-0";
    });
    await expect(page.getByText("epoch 1", { exact: true })).toBeVisible();
    await page.screenshot({ path: "docs/screenshots/replication.png" });
  });
});

test.describe("dark", () => {
  test.use({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
  test("cluster after a broker crash, dark", async ({ page }) => {
    await crashAndFailOver(page);
    await page.screenshot({ path: "docs/screenshots/cluster-dark.png" });
  });
});
