import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../testing/run-cli.ts";
import { datasetImportScenario, writeKayArchive } from "./import-scenario.ts";
import { killAtRandomPoints } from "./kill-harness.ts";
import { RELIABILITY } from "./reliability-level.ts";
import { embeddedStore, pgliteStore, type StoreUnderTest } from "./store-backends.test-helper.ts";

// The default suite's slice of the crash tests (the full ones need NT_RELIABILITY=1): 3 SIGKILLs of a
// small `dataset import` into the default store (its embedded PostgreSQL server, which outlives the
// killed client) and into PGlite (stale-lock takeover), so CI always exercises the harness and the
// process-group kill. ~25 s each alone; each CLI start and store open slows down a lot under load,
// hence the generous timeout.
describe.each([
  ["embedded PostgreSQL", embeddedStore],
  ["PGlite", pgliteStore],
] as const)("SIGKILL during a small dataset import (3 points, %s)", (_name, make: () => StoreUnderTest) => {
  const backend = make();
  afterAll(() => backend.dispose());

  it("leaves the whole dataset or nothing at each point, and the rerun completes", async (ctx) => {
    if (RELIABILITY !== undefined)
      ctx.skip(
        `NT_RELIABILITY=${process.env.NT_RELIABILITY}: crash-import.test.ts runs the 10-point version`,
      );
    const file = join(tempDir("nt-crash-fast-"), "kay_small.npz");
    writeKayArchive(file, 40, 32, 400);
    const scenario = await datasetImportScenario(file, "small", backend.location, backend.env);
    const report = await killAtRandomPoints(scenario, { points: 3, seed: 5, earliestMs: 800 });
    expect(report.points.filter((p) => p.outcome === "killed")).toHaveLength(3);
    expect(report.points.every((p) => p.state === "absent" || p.state === "complete")).toBe(true);
    expect(report.rerun).toEqual({ code: 0, state: "complete" });
  }, 180_000);
});
