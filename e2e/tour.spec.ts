import { expect, type Page, test } from "@playwright/test";
import { leaderOf, openApp, simSeconds } from "./helpers";

/** Tab until `locator` has focus (the keyboard alone, as a user would). */
async function tabTo(page: Page, name: string): Promise<void> {
  const target = page.getByRole("combobox", { name });
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("walks the whole kill-the-leader tour with the keyboard alone, then goes back to before the crash", async ({
  page,
}) => {
  await openApp(page);
  await tabTo(page, "Scenario");
  // Type-ahead picks the scenario in the focused select; Tab moves on so N and B reach the tour.
  await page.keyboard.type("Kill the leader");
  await page.keyboard.press("Tab");
  const tour = page.getByRole("region", { name: "Tour: Kill the leader" });
  await expect(tour).toContainText("Introduction · 4 steps");

  await page.keyboard.press("n");
  await expect(tour).toContainText("Step 1 of 4");
  await expect(tour).toHaveAttribute("aria-busy", "false");
  await expect(tour.getByRole("heading", { name: "A healthy cluster" })).toBeVisible();
  expect(await leaderOf(page, "orders-0")).toEqual({ leader: "2", epoch: 0 });

  await page.keyboard.press("n");
  await expect(tour).toContainText("Step 2 of 4");
  await expect(tour).toHaveAttribute("aria-busy", "false");
  await expect(page.getByRole("button", { name: /^Broker 2,.*crashed/ })).toBeVisible();
  // The step's highlight reaches the cluster view.
  await expect(page.getByRole("button", { name: /^Broker 2,/ })).toHaveAttribute("data-highlight", "tour");

  await page.keyboard.press("PageDown");
  await expect(tour).toContainText("Step 3 of 4");
  await expect(tour).toHaveAttribute("aria-busy", "false");
  await expect.poll(() => leaderOf(page, "orders-0")).toEqual({ leader: "3", epoch: 1 });
  await page.screenshot({ path: "docs/screenshots/tour.png" });

  await page.keyboard.press("n");
  await expect(tour).toContainText("Step 4 of 4");
  await expect(tour).toHaveAttribute("aria-busy", "false");
  await expect(tour).toContainText("End of the tour");
  await expect(tour.getByRole("list", { name: "Checkpoints" })).toContainText("✓");
  await expect(tour).not.toContainText("✗");

  // Back to before the crash: step 1's end, exactly.
  await page.keyboard.press("b");
  await page.keyboard.press("PageUp");
  await page.keyboard.press("b");
  await expect(tour).toContainText("Step 1 of 4");
  await expect(tour).toHaveAttribute("aria-busy", "false");
  await expect(page.getByRole("button", { name: /^Broker 2,.*running/ })).toBeVisible();
  expect(await leaderOf(page, "orders-0")).toEqual({ leader: "2", epoch: 0 });
  expect(await simSeconds(page)).toBeLessThan(1);
});
