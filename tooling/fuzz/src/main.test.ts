import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runNode } from "@neurotranslator/data/testing";
import { runFuzz } from "./run-fuzz.ts";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs src/main.ts in a child process the way the package's `fuzz` script (`pnpm fuzz`) does. */
function runScript(args: string[]) {
  return runNode(["--conditions=nt-source", "--import", "tsx/esm", "src/main.ts", ...args], {
    cwd: packageRoot,
  });
}

describe("pnpm fuzz (src/main.ts)", () => {
  it("prints one JSON summary and exits 0 without findings; exits 1 naming the reproduce command with one", async () => {
    const cleanRun = await runScript(["--target", "npz", "--cases", "300", "--json"]);
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    const clean = JSON.parse(cleanRun.stdout) as { cases: number; findingCount: number };
    expect(clean).toMatchObject({ cases: 300, findingCount: 0 });

    // No reader has a known finding now: a 0.001 ms case time limit makes every case one (a slow case is a finding).
    const first = (await runFuzz({ cases: 20, seed: 3, targets: ["model-json"], caseTimeLimitMs: 0.001 }))
      .findings[0];
    expect(first).toBeDefined();
    const failing = await runScript([
      "--target",
      "model-json",
      "--seed",
      "3",
      "--case",
      String(first?.case),
      "--case-time-limit-ms",
      "0.001",
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      `reproduce: pnpm fuzz --target model-json --seed 3 --case ${first?.case}`,
    );
  }, 60_000);

  it("refuses an unknown target or flag with one line and exit 1, before any case runs", async () => {
    const target = await runScript(["--target", "pdf"]);
    expect(target.code).toBe(1);
    expect(target.stdout).toBe("");
    expect(target.stderr.trim()).toMatch(/^fuzz: --target must be one of npy, .*, all, got pdf$/);
    const flag = await runScript(["--iterations", "5"]);
    expect(flag.code).toBe(1);
    expect(flag.stderr.trim().split("\n")).toHaveLength(1);
    expect(flag.stderr).toContain("--iterations");
  }, 60_000);
});
