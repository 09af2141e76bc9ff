import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { openApp, runUntilLeaderElected } from "./helpers";

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

test("the main view has no serious or critical accessibility violations", async ({ page }) => {
  await openApp(page);
  await runUntilLeaderElected(page, "orders-0");
  await page.getByRole("button", { name: /^Broker 1,/ }).click();
  expect(await seriousViolations(page)).toEqual([]);
});

test("nor with a crashed broker, the Faults panel open and a ZooKeeper server selected", async ({ page }) => {
  await openApp(page);
  await runUntilLeaderElected(page, "orders-0");
  await page.getByText("Faults", { exact: true }).click();
  await page.getByRole("combobox", { name: "Broker", exact: true }).selectOption("3");
  await page.getByRole("button", { name: "Crash broker 3" }).click();
  await expect(page.getByRole("button", { name: /^Broker 3, .*crashed$/ })).toBeVisible();
  await page.getByRole("button", { name: "ZooKeeper server 1, up" }).click();
  await expect(page.getByRole("heading", { name: "ZooKeeper server 1" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("nor on any of the eight lenses", async ({ page }) => {
  await openApp(page);
  await page.getByLabel("Speed").selectOption("10");
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(1500);
  await page.getByRole("button", { name: "Pause" }).click();
  const found: string[] = [];
  for (const hash of [
    "#/broker/1",
    "#/producer/producer-1",
    "#/consumer/consumer-1",
    "#/partitions",
    "#/queue-vs-pubsub",
    "#/groups",
    "#/replication/orders-0",
    "#/zookeeper",
  ]) {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await expect(page.getByRole("tabpanel")).toBeVisible();
    found.push(...(await seriousViolations(page)).map((v) => `${hash} ${v}`));
  }
  await page.getByText("Cluster setup", { exact: true }).click();
  found.push(...(await seriousViolations(page)).map((v) => `setup ${v}`));
  expect(found).toEqual([]);
});

test("nor with a tour panel open and the invariant monitor's list of a data loss open", async ({ page }) => {
  await openApp(page);
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "acks=1 loses a record" });
  const tour = page.getByRole("region", { name: /^Tour/ });
  for (let i = 1; i <= 3; i++) {
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(tour).toHaveAttribute("aria-busy", "false", { timeout: 20_000 });
  }
  const badge = page.getByRole("status", { name: "Invariant monitor" }).getByRole("button");
  await expect(badge).toHaveText(/data-loss event/);
  await badge.click();
  const list = page.getByRole("list", { name: "Violations and data loss" });
  await expect(list.getByRole("listitem").first()).toContainText("acks=1 record not yet replicated");
  expect(await seriousViolations(page)).toEqual([]);
  // Each entry goes back to its moment.
  await list
    .getByRole("button", { name: /^Go to data loss at / })
    .last()
    .click();
  await expect(page.getByRole("status", { name: "Simulated time" })).not.toContainText("t = 0.000 s");
});
