import { expect, test } from "@playwright/test";
import { openApp, simSeconds } from "./helpers";

test("timeline markers seek to their event; Rewind goes back to the start", async ({ page }) => {
  await openApp(page);
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "Kill the leader" });
  const tour = page.getByRole("region", { name: "Tour: Kill the leader" });
  for (let i = 1; i <= 3; i++) {
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(tour).toContainText(`Step ${i} of 4`);
    await expect(tour).toHaveAttribute("aria-busy", "false");
  }

  const markers = page.getByRole("list", { name: "Significant events" });
  const crash = markers.getByRole("button", { name: /You: crash broker 2/ });
  await expect(crash).toHaveCount(1);
  const election = markers.getByRole("button", { name: /elected broker 3 leader of orders-0, epoch 1/ });
  const label = (await election.getAttribute("aria-label")) ?? "";
  const t = Number(/^([\d.]+) s/.exec(label)?.[1]);
  await page.getByRole("button", { name: "Rewind" }).click();
  expect(await simSeconds(page)).toBe(0);
  // Markers after the jump are dropped, but the timeline still spans the run.
  await expect(crash).toHaveCount(0);
  await page.getByRole("slider", { name: "Timeline" }).fill(String(Math.round(t * 1000) + 500));
  await expect(crash).toHaveCount(1);
  await markers.getByRole("button", { name: /You: crash broker 2/ }).click();
  expect(await simSeconds(page)).toBeLessThan(t);
});
