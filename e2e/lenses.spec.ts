import { expect, type Page, test } from "@playwright/test";
import { openApp } from "./helpers";

/** Play at 10× until the billing group has settled and records flow, then pause. */
async function warmUp(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "KafkaScope", level: 1 })).toBeVisible();
  await page.getByLabel("Speed").selectOption("10");
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(2000);
  await page.getByRole("button", { name: "Pause" }).click();
}

const LENSES: [string, string, RegExp][] = [
  ["#/broker/2", "Broker", /Recent requests broker 2 received/],
  ["#/producer/producer-1", "Producer", /toPositive\(-?\d+\) % 3 = \d+ % 3 = [0-2]/],
  ["#/consumer/consumer-1", "Consumer", /billing/],
  ["#/partitions", "Partitions", /HW \d+/],
  ["#/queue-vs-pubsub", "Queue vs pub-sub", /2 consumers · received [1-9]\d* · duplicates 0/],
  ["#/groups", "Consumer groups", /Stable/],
  ["#/replication/orders-1", "Replication", /epoch 0/],
  ["#/zookeeper", "ZooKeeper", /controller_epoch/],
];

test("each of the eight lenses opens by URL and shows the live run", async ({ page }) => {
  await warmUp(page);
  for (const [hash, tab, live] of LENSES) {
    await page.goto(`/${hash}`);
    await expect(page.getByRole("tab", { name: tab, exact: true })).toHaveAttribute("aria-selected", "true");
    // A fresh page load starts a fresh run: play a little so there is something to show.
    await page.getByLabel("Speed").selectOption("10");
    await page.getByRole("button", { name: "Play" }).click();
    await expect(page.getByRole("tabpanel")).toContainText(live, { timeout: 15_000 });
    await page.getByRole("button", { name: "Pause" }).click();
  }
});

test("tabs switch lenses and update the URL", async ({ page }) => {
  await openApp(page);
  await page.getByRole("tab", { name: "ZooKeeper" }).click();
  await expect(page).toHaveURL(/#\/zookeeper$/);
  await expect(page.getByRole("heading", { name: "ZooKeeper", level: 2 })).toBeVisible();
  await page.getByRole("tab", { name: "Cluster" }).click();
  await expect(page.getByRole("group", { name: "Cluster diagram" })).toBeVisible();
});

test("adding a consumer to billing gives it partitions in the groups lens", async ({ page }) => {
  await warmUp(page, "/#/groups");
  const card = page.getByRole("region", { name: "Consumer group billing" });
  await expect(card).toContainText("Stable");
  await card.getByRole("button", { name: "Add consumer to billing" }).click();
  await page.getByRole("button", { name: "Play" }).click();
  const members = card.getByRole("table", { name: "Members of billing" });
  await expect(members.getByRole("row", { name: /^consumer-3 consumer-3-\S+ orders-\d/ })).toBeVisible({
    timeout: 20_000,
  });
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(card.getByTestId("generation-billing")).not.toHaveText("1");
});
