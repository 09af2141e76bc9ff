import { expect, type Locator, type Page } from "@playwright/test";

export async function openApp(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "KafkaScope", level: 1 })).toBeVisible();
}

export function eventCount(page: Page): Locator {
  return page.getByRole("status", { name: "Events" });
}

export function simTime(page: Page): Locator {
  return page.getByRole("status", { name: "Simulated time" });
}

/** The simulated time shown in the toolbar, in seconds. */
export async function simSeconds(page: Page): Promise<number> {
  const text = (await simTime(page).textContent()) ?? "";
  const match = /t = ([\d.]+) s/.exec(text);
  if (match === null) throw new Error(`no simulated time in "${text}"`);
  return Number(match[1]);
}

export async function events(page: Page): Promise<number> {
  const text = (await eventCount(page).textContent()) ?? "";
  const match = /(\d+)\s*$/.exec(text.trim());
  if (match === null) throw new Error(`no event count in "${text}"`);
  return Number(match[1]);
}

export function partitionRow(page: Page, name: string): Locator {
  return page.getByRole("region", { name: "Partitions" }).getByRole("row", { name: new RegExp(`^${name} `) });
}

/** Leader and leader epoch of a partition, as the partitions table shows them. */
export async function leaderOf(page: Page, name: string): Promise<{ leader: string; epoch: number }> {
  const cells = partitionRow(page, name).getByRole("cell");
  return { leader: (await cells.nth(0).textContent()) ?? "", epoch: Number(await cells.nth(1).textContent()) };
}

/** Play until the partition has an elected leader, then pause. */
export async function runUntilLeaderElected(page: Page, name: string): Promise<{ leader: string; epoch: number }> {
  await page.getByRole("button", { name: "Play" }).click();
  await expect(partitionRow(page, name).getByRole("cell").first()).toHaveText(/^\d+$/, { timeout: 15_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  return leaderOf(page, name);
}
