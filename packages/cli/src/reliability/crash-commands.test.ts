import { describe, expect, it, type TestContext } from "vitest";
import { SHARED_MODEL_DIR } from "@neurotranslator/app/testing/assets";
import { tempDir } from "../testing/run-cli.ts";
import {
  featuresExtractScenario,
  prepareSimulated,
  runScenario,
  sweepScenario,
  type SimulatedStore,
} from "./command-scenarios.ts";
import { killAtRandomPoints, type KillReport, type KillScenario } from "./kill-harness.ts";
import { skipUnlessReliability, type ReliabilityLevel } from "./reliability-level.ts";
import {
  embeddedStore,
  pgliteStore,
  postgresStore,
  type StoreUnderTest,
} from "./store-backends.test-helper.ts";

// SIGKILL `features extract`, `run` and `sweep` at 10 random points each, on PGlite and PostgreSQL,
// over a small simulated dataset (60 + 12 real Kay images, 170 voxels) and the genuine MobileNet:
// after each kill the store holds the whole result or nothing (sweeps: whole grid points, each once),
// and the rerun completes. About 40-200 s per scenario and backend on 2 cores (about 4 min for the
// default store, 7 for PGlite, 4 for PostgreSQL): CI (NT_RELIABILITY=ci) runs the default store's,
// NT_RELIABILITY=1 all three (manual; figures in RELIABILITY.md).
const POINTS = 10;
// A limit for a hang, not a speed claim (PGlite's features extract took 201 s at load 6-8).
const TIMEOUT_MS = 600_000;
const dir = tempDir("nt-crash-commands-");

function log(report: KillReport): void {
  process.stderr.write(
    `${JSON.stringify({ ...report, points: report.points.map((p) => `${p.delayMs.toFixed(0)}ms:${p.outcome}:${p.state}`) })}\n`,
  );
}

async function crash(
  scenario: KillScenario,
  seed: number,
  points = POINTS,
  earliestMs = 1500,
): Promise<KillReport> {
  // The CLI needs ~2 s to start and load the model before it can write anything: kills start from there.
  const report = await killAtRandomPoints(scenario, { points, seed, earliestMs });
  log(report);
  expect(report.points.filter((p) => p.outcome === "killed")).toHaveLength(points);
  expect(report.rerun).toEqual({ code: 0, state: "complete" });
  return report;
}

function backendSuite(
  name: string,
  open: () => Promise<StoreUnderTest | undefined>,
  seed: number,
  runsIn: ReliabilityLevel,
): void {
  describe(name, () => {
    let backend: StoreUnderTest | undefined;
    let sim: SimulatedStore | undefined;
    const ready = async (ctx: TestContext): Promise<SimulatedStore> => {
      skipUnlessReliability(ctx, runsIn, `SIGKILL of the command at random points on ${name}`);
      if (sim) return sim;
      backend = await open();
      if (!backend) return ctx.skip("NT_SKIP_POSTGRES=1: no PostgreSQL server to test against");
      sim = await prepareSimulated(backend.location, {
        ...backend.env,
        NEUROTRANSLATOR_MODEL: SHARED_MODEL_DIR,
      });
      return sim;
    };

    it(
      "features extract: the whole feature set or nothing at every kill point; the rerun completes",
      async (ctx) => {
        const s = await ready(ctx);
        await crash(await featuresExtractScenario(s, name), seed);
      },
      TIMEOUT_MS,
    );

    it(
      "run: one whole run or none at every kill point; the rerun completes",
      async (ctx) => {
        const s = await ready(ctx);
        await crash(await runScenario(s, name), seed + 1);
      },
      TIMEOUT_MS,
    );

    it(
      "sweep: whole grid points, each stored once; a killed sweep resumes and the rerun completes the grid",
      async (ctx) => {
        const s = await ready(ctx);
        try {
          const scenario = await sweepScenario(s, name, dir);
          let report = await crash(scenario, seed + 2);
          // A kill must land between grid points, so that the next run resumes a partial grid. Random
          // kills may all come before the first point is stored (opening a PGlite store takes most of a
          // run): then kill late in the run, one point at a time, until one lands there.
          const partial = (r: KillReport) => r.points.some((p) => p.state === "partial");
          for (let extra = 0; extra < 4 && !partial(report); extra++)
            report = await crash(scenario, seed + 100 + extra, 1, report.typicalMs * 0.85);
          expect(partial(report)).toBe(true);
        } finally {
          await backend?.dispose();
        }
      },
      TIMEOUT_MS,
    );
  });
}

describe("SIGKILL during features extract, run and sweep", () => {
  backendSuite("embedded-postgres", async () => embeddedStore(), 31, "ci");
  backendSuite("pglite", async () => pgliteStore(), 11, "full");
  backendSuite("postgres", postgresStore, 21, "full");
});
