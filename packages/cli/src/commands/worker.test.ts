import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUnless, postgresSkipNote } from "@neurotranslator/vitest-config/prerequisites";
import { openStore, type Store } from "@neurotranslator/data";
import { openJobQueue } from "@neurotranslator/data/jobs";
// Test support of the data package: a fresh PostgreSQL database per suite (NT_TEST_DATABASE_URL's server).
import { createTestDatabase, type TestDatabase } from "@neurotranslator/data/testing";
import { join } from "node:path";
import { spawnCli } from "../reliability/spawn-cli.ts";
import { runCli, tempDir } from "../testing/run-cli.ts";
import { SMALL, storePlanted } from "@neurotranslator/app/testing/planted";

describe("worker command", () => {
  it("refuses to start on a PGlite store, which has no job queue", async () => {
    const result = await runCli(["--store", join(tempDir(), "store"), "--store-engine", "pglite", "worker"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /worker: the job queue lives in a PostgreSQL server, and store .* is PGlite/,
    );
  });
});

describeUnless(postgresSkipNote(), "worker on a real PostgreSQL", () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = (await createTestDatabase())!;
    store = await openStore({ databaseUrl: database.url });
    await storePlanted(store, "planted", SMALL);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("executes a queued run job and a sweep job, storing each run once", async () => {
    const queue = await openJobQueue(database.url);
    const runJob = await queue.enqueueRun({
      dataset: "planted",
      features: "planted",
      layer: "early",
      rois: ["V1"],
      solver: "ridge",
      options: { alpha: 3 },
      seed: 1,
    });
    const sweepJob = await queue.enqueueSweep({
      dataset: "planted",
      features: "planted",
      layers: ["late"],
      roiSets: [["V2"], []],
      solver: "ridge-cv",
    });
    const result = await runCli(["worker", "--max-jobs", "2", "--permutations", "20", "--bootstrap", "20"], {
      DATABASE_URL: database.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`job ${runJob} \\(run, attempt 1\\) started`));

    const runStatus = await queue.status(runJob);
    expect(runStatus.state).toBe("completed");
    const runId = runStatus.output?.["runId"] as string;
    expect((await store.runs.findByJob(runJob))?.id).toBe(runId);
    expect((await store.runs.get(runId)).config).toMatchObject({ layer: "early", rois: ["V1"], seed: 1 });

    const sweepStatus = await queue.status(sweepJob);
    expect(sweepStatus).toMatchObject({ state: "completed", output: { ran: 2, skipped: 0 } });
    expect(sweepStatus.progress?.fraction).toBe(1);
    expect(await store.runs.list()).toHaveLength(3);
    await queue.stop();
  }, 120_000);

  it("fails a job that cannot succeed at once (no retry, no stack) and counts the jobs it finished", async () => {
    const queue = await openJobQueue(database.url);
    const bad = await queue.enqueueRun({
      dataset: "planted",
      features: "planted",
      layer: "no-such-layer",
      solver: "ridge",
      options: {},
      seed: 2,
    });
    const worker = spawnCli(["worker", "--permutations", "0", "--bootstrap", "0"], {
      DATABASE_URL: database.url,
    });
    try {
      for (let i = 0; i < 600 && (await queue.status(bad)).state !== "failed"; i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      worker.child.kill("SIGTERM");
    }
    const result = await worker.done;
    expect(result.code, result.stderr).toBe(0);
    const status = await queue.status(bad);
    expect(status).toMatchObject({
      state: "failed",
      retryCount: 0,
      output: { error: { code: "NOT_FOUND" } },
    });
    expect((status.output?.["error"] as { message: string }).message).toMatch(/has no layer "no-such-layer"/);
    expect(result.stderr).toMatch(/failed \(not retried: the request or its data must change\)/);
    expect(result.stderr).toContain("worker: stopped after 1 jobs");
    await queue.stop();
  }, 120_000);
});
