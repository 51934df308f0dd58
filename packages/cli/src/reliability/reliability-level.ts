import type { TestContext } from "vitest";

/**
 * How much of the crash and restart suites runs, from NT_RELIABILITY:
 * - unset: none (each test skips, saying how to run it);
 * - "ci": the reduced but real run that CI makes (.ci/run): the default store, fewer kill points;
 * - "1": the full suites, whose figures RELIABILITY.md reports (manual runs, dated there).
 */
export type ReliabilityLevel = "ci" | "full";

export const RELIABILITY: ReliabilityLevel | undefined =
  process.env.NT_RELIABILITY === "1" ? "full" : process.env.NT_RELIABILITY === "ci" ? "ci" : undefined;

/** Skips the test (visibly, with the reason) unless NT_RELIABILITY asks for level `needs` or more. */
export function skipUnlessReliability(ctx: TestContext, needs: ReliabilityLevel, what: string): void {
  if (RELIABILITY === "full" || RELIABILITY === needs) return;
  const how =
    needs === "ci"
      ? "NT_RELIABILITY=ci (as CI) or NT_RELIABILITY=1"
      : "NT_RELIABILITY=1 (CI runs a reduced version)";
  ctx.skip(`${what}: runs with ${how}`);
}
