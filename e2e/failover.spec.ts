import { expect, test } from "@playwright/test";
import { leaderOf, openApp, partitionRow, runUntilLeaderElected } from "./helpers";

test("crashing the leader of orders-0 moves leadership to another broker with a higher epoch", async ({ page }) => {
  await openApp(page);
  const before = await runUntilLeaderElected(page, "orders-0");

  await page.getByRole("button", { name: new RegExp(`^Broker ${before.leader},`) }).click();
  await page.getByRole("button", { name: "Crash broker", exact: true }).click();
  await expect(page.getByRole("button", { name: new RegExp(`^Broker ${before.leader},.*crashed`) })).toBeVisible();

  await page.getByLabel("Speed").selectOption("10");
  await page.getByRole("button", { name: "Play" }).click();

  // The controller only notices once the crashed broker's ZooKeeper session expires (6 s simulated).
  await expect
    .poll(
      async () => {
        const now = await leaderOf(page, "orders-0");
        return now.leader !== before.leader && now.leader !== "none" && now.epoch > before.epoch;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.getByRole("button", { name: "Pause" }).click();

  await expect(partitionRow(page, "orders-0")).not.toContainText("Offline");
  const log = page.getByRole("list", { name: "Events, newest last" });
  await expect(log).toContainText(/elected broker \d+ leader of orders-0, epoch [1-9]/);
});
