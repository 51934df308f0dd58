// Shared vitest settings: node environment, forks (tfjs-wasm and PGlite dislike worker threads),
// generous timeouts because this is a 2-core machine running real numeric work. Workspace packages
// resolve to their TypeScript sources ("nt-source" export condition), never to a stale dist/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["nt-source", "module", "node", "development|production"];

export const baseTestConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["nt-source"] } },
  test: {
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1, execArgv: ["--conditions=nt-source"] } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: [fileURLToPath(new URL("./stop-test-servers.js", import.meta.url))],
  },
});
export default baseTestConfig;
