import { expect, type Locator, type Page, test } from "@playwright/test";
import { leaderOf, openApp, partitionRow } from "./helpers";

/** Press Tab until `target` has focus, as a keyboard user would (at most `max` presses). */
async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

// The whole kill-the-leader tour by keyboard is in tour.spec.ts; this is the sandbox path.
test("with the keyboard alone: select the leader's broker card, crash it from the Inspector, and see the leader move", async ({
  page,
}) => {
  await openApp(page);
  // Space plays and pauses when no control has focus.
  await page.locator("body").press("Space");
  await expect(partitionRow(page, "orders-0").getByRole("cell").first()).toHaveText(/^\d+$/, { timeout: 15_000 });
  await page.locator("body").press("Space");
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  const before = await leaderOf(page, "orders-0");

  const card = page.getByRole("button", { name: new RegExp(`^Broker ${before.leader},`) });
  await tabTo(page, card);
  await page.keyboard.press("Enter");
  await expect(card).toHaveAttribute("aria-pressed", "true");
  const inspector = page.getByRole("region", { name: "Inspector" });
  await expect(inspector.getByRole("heading", { level: 3 })).toContainText(`Broker ${before.leader}`);

  const crash = inspector.getByRole("button", { name: "Crash broker", exact: true });
  await tabTo(page, crash);
  await page.keyboard.press("Enter");
  await expect(card).toHaveAccessibleName(/crashed/);

  await tabTo(page, page.getByRole("button", { name: "Play" }));
  await page.keyboard.press("Enter");
  await expect
    .poll(async () => (await leaderOf(page, "orders-0")).leader, { timeout: 20_000 })
    .not.toMatch(new RegExp(`^(${before.leader}|-|)$`));
  const after = await leaderOf(page, "orders-0");
  expect(after.epoch).toBeGreaterThan(before.epoch);
});
