import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    globalSetup: ["test/support/assets-setup.ts", "test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: more workers than that only adds contention for PGlite and Chromium.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
