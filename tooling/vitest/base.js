// Shared vitest settings: node environment, forks (tfjs-wasm and PGlite dislike worker threads),
// generous timeouts because this is a 2-core machine running real numeric work.
import { defineConfig } from "vitest/config";

export const baseTestConfig = defineConfig({
  test: {
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
export default baseTestConfig;
