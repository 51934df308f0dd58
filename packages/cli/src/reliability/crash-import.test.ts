import { join } from "node:path";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { parseJson, runCli, tempDir } from "../testing/run-cli.ts";
import { datasetImportScenario, writeKayArchive } from "./import-scenario.ts";
import { killAtRandomPoints, type KillReport } from "./kill-harness.ts";
import { RELIABILITY, skipUnlessReliability } from "./reliability-level.ts";
import {
  embeddedStore,
  pgliteStore,
  postgresStore,
  type StoreUnderTest,
} from "./store-backends.test-helper.ts";

// SIGKILL `neurotranslator dataset import` of a ~3 MB archive at 10 random points per store backend;
// after each kill the store holds the whole dataset (hash verified) or nothing, and after the last a
// rerun completes. The figures go to RELIABILITY.md. About 2-2.5 min on 2 cores (PGlite ~80-110 s,
// the others ~15-30 s each), beyond the default suite's budget: CI runs it whole (NT_RELIABILITY=ci),
// as does NT_RELIABILITY=1.
const POINTS = 10;
const dir = tempDir("nt-crash-import-");
const file = join(dir, "kay_big.npz");
if (RELIABILITY !== undefined) writeKayArchive(file, 200, 48, 1500);
const WHAT = "SIGKILL of a 3 MB dataset import at 10 points";
// 15-110 s per store at load 6-8, over 240 s for PGlite at load 24-30: a limit for a hang, not a speed claim.
const TIMEOUT_MS = 480_000;

const backends: StoreUnderTest[] = [];
afterAll(async () => {
  for (const backend of backends) await backend.dispose();
});

async function crashImport(backend: StoreUnderTest, seed: number): Promise<KillReport> {
  backends.push(backend);
  const scenario = await datasetImportScenario(file, "big", backend.location, backend.env);
  // The CLI needs ~1 s to start before it can write anything: kills start from there.
  const report = await killAtRandomPoints(scenario, { points: POINTS, seed, earliestMs: 800 });
  expect(report.points.filter((p) => p.outcome === "killed")).toHaveLength(POINTS);
  expect(report.rerun).toEqual({ code: 0, state: "complete" });
  const list = parseJson<{ datasets: { name: string }[] }>(
    await runCli(["dataset", "list", "--json"], backend.env),
  );
  expect(list.datasets.map((d) => d.name)).toEqual(["big"]);
  process.stderr.write(
    `${JSON.stringify({ ...report, points: report.points.map((p) => `${p.delayMs.toFixed(0)}ms:${p.outcome}:${p.state}`) })}\n`,
  );
  return report;
}

describe("SIGKILL during dataset import", () => {
  const gate = (ctx: TestContext) => skipUnlessReliability(ctx, "ci", WHAT);

  it(
    "default store (its embedded PostgreSQL server): whole dataset or nothing at every kill point; the rerun completes",
    async (ctx) => {
      gate(ctx);
      await crashImport(embeddedStore(), 3);
    },
    TIMEOUT_MS,
  );

  it(
    "embedded PGlite store: whole dataset or nothing at every kill point; the rerun completes",
    async (ctx) => {
      gate(ctx);
      await crashImport(pgliteStore(), 1);
    },
    TIMEOUT_MS,
  );

  it(
    "PostgreSQL store: whole dataset or nothing at every kill point; the rerun completes",
    async (ctx) => {
      gate(ctx);
      const backend = await postgresStore();
      if (!backend) return ctx.skip("NT_SKIP_POSTGRES=1: no PostgreSQL server to test against");
      await crashImport(backend, 2);
    },
    TIMEOUT_MS,
  );
});
