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
  // The election is marked on the timeline; clicking its line in the log jumps to that moment.
  const marker = page
    .getByRole("list", { name: "Significant events" })
    .getByRole("button", { name: /elected broker \d+ leader of orders-0, epoch [1-9]/ })
    .first();
  await expect(marker).toBeAttached();
  const at = ((await marker.getAttribute("aria-label")) ?? "").split(":")[0];
  await log
    .getByRole("listitem")
    .filter({ hasText: /elected broker \d+ leader of orders-0, epoch [1-9]/ })
    .first()
    .getByRole("button", { name: `Go to ${at}` })
    .click();
  await expect(page.getByLabel("Simulated time")).toContainText(at);
});
