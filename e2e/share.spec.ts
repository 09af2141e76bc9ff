import { expect, test } from "@playwright/test";
import { leaderOf, openApp, simTime } from "./helpers";

test("a shared link opens the same run at the same moment in a fresh browser", async ({ page, browser }) => {
  await openApp(page);
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "Kill the leader" });
  const tour = page.getByRole("region", { name: "Tour: Kill the leader" });
  for (const step of [1, 2, 3]) {
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(tour).toContainText(`Step ${step} of 4`);
    await expect(tour).toHaveAttribute("aria-busy", "false");
  }
  // A little sandbox play on top: a user action after the tour's.
  await page.getByRole("button", { name: "Sandbox" }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const time = await simTime(page).textContent();
  const leader = await leaderOf(page, "orders-0");
  expect(leader.epoch).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByRole("textbox", { name: "Link" }).inputValue();
  expect(link).toMatch(/\?run=.+&t=\d+/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "KafkaScope", level: 1 })).toBeVisible();
  await expect(simTime(other)).toHaveText(time ?? "");
  expect(await leaderOf(other, "orders-0")).toEqual(leader);
  await expect(other.getByRole("alert")).toHaveCount(0);
  await fresh.close();
});

test("a hostile link shows what is wrong and loads the default cluster", async ({ page }) => {
  await page.goto("/?run=%3Cscript%3Ealert(1)%3C%2Fscript%3E&t=5");
  await expect(page.getByRole("alert")).toContainText("could not be decompressed");
  await expect(page.getByRole("alert")).toContainText("The default cluster was loaded instead");
  await expect(simTime(page)).toContainText("t = 0.000 s");
});
