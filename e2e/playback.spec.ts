import { expect, test } from "@playwright/test";
import { eventCount, events, openApp, simSeconds } from "./helpers";

test("Play advances simulated time; Step processes exactly one engine event", async ({ page }) => {
  await openApp(page);
  expect(await simSeconds(page)).toBe(0);

  await page.getByRole("button", { name: "Play" }).click();
  await expect.poll(() => simSeconds(page), { timeout: 10_000 }).toBeGreaterThan(0.5);
  await page.getByRole("button", { name: "Pause" }).click();

  const before = await events(page);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(eventCount(page)).toHaveText(new RegExp(`(^|\\D)${before + 1}$`));
  // And → steps one more, from the keyboard.
  await page.locator("body").press("ArrowRight");
  await expect(eventCount(page)).toHaveText(new RegExp(`(^|\\D)${before + 2}$`));
});

test("the keyboard reaches Play, and Space plays and pauses", async ({ page }) => {
  await openApp(page);
  const play = page.getByRole("button", { name: "Play" });
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    if (await play.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(play).toBeFocused();

  await page.keyboard.press("Space");
  const pause = page.getByRole("button", { name: "Pause" });
  await expect(pause).toBeVisible();
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(0);

  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  const stopped = await simSeconds(page);
  await page.waitForTimeout(300);
  expect(await simSeconds(page)).toBe(stopped);
});
