import { existsSync } from "node:fs";

/**
 * Chromium's launch options: Debian's /usr/bin/chromium where there is one
 * (CI containers, this project's machines), with the flags a sandboxed,
 * offline machine needs; otherwise Playwright's own browser.
 */
export function chromiumLaunchOptions(): { executablePath?: string; args?: string[] } {
  if (!existsSync("/usr/bin/chromium")) return {};
  return {
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}
