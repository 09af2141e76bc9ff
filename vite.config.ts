import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { contentSecurityPolicy } from "./vite.csp.ts";

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  build: {
    // The engine (one Simulation, created at start-up) and React are the initial chunk, about 195 kB gzipped;
    // the lenses are a lazily loaded chunk (MainView). Measured by bench/browser.ts against a 250 kB budget.
    chunkSizeWarningLimit: 700,
  },
  test: {
    // Engine tests run in node; component tests opt into jsdom with a `// @vitest-environment jsdom` comment.
    environment: "node",
    setupFiles: ["./vitest.setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // Property and fault-schedule tests run for seconds; a busy 2-core CI machine must not time them out.
    testTimeout: 30_000,
  },
});
