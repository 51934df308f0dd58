import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeUnless, postgresSkipNote } from "@neurotranslator/vitest-config/prerequisites";
import { NtError } from "@neurotranslator/schema";
import { openJobQueue, type JobQueue } from "./queue.ts";
import type { RunRequest } from "./requests.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

const request: RunRequest = {
  dataset: "kay",
  features: "mobilenet",
  solver: "ridge",
  options: {},
  seed: 1,
};
const fast = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 };

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeUnless(postgresSkipNote(), "job queue on PostgreSQL (pg-boss)", () => {
  let database: TestDatabase;
  const open: JobQueue[] = [];
  const opened = async (options = {}) => {
    const queue = await openJobQueue(database.url, { ...fast, ...options });
    open.push(queue);
    return queue;
  };
  beforeAll(async () => {
    database = (await createTestDatabase())!;
  });
  afterAll(async () => {
    for (const queue of open) await queue.stop({ graceful: false }).catch(() => undefined);
    await database?.drop();
  });

  it("validates requests and reports status, progress and output", async () => {
    const queue = await opened();
    await expect(queue.enqueueRun({ ...request, solver: "Ridge; drop table" })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    await expect(queue.enqueueRun({ ...request, extra: 1 })).rejects.toMatchObject({ code: "BAD_INPUT" });
    await expect(queue.status("not-a-uuid")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(queue.status("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const id = await queue.enqueueRun(request);
    const queued = await queue.status(id);
    expect(queued).toMatchObject({
      id,
      kind: "run",
      state: "created",
      request,
      retryCount: 0,
      progress: null,
      output: null,
    });
    const sweepId = await queue.enqueueSweep({
      dataset: "kay",
      features: "mobilenet",
      solver: "ridge",
      layers: ["a", "b"],
    });
    expect((await queue.status(sweepId)).kind).toBe("sweep");
    await queue.work(async (job) => {
      await job.reportProgress({ stage: "fitting", done: 3, total: 12 });
      return { runId: `run-of-${job.kind}` };
    });
    const done = await until("completion", async () => {
      const s = await queue.status(id);
      return s.state === "completed" ? s : undefined;
    });
    expect(done.output).toEqual({ runId: "run-of-run" });
    expect(done.progress).toMatchObject({ fraction: 0.25, message: "fitting" });
    const sweep = await until("the sweep", async () => {
      const s = await queue.status(sweepId);
      return s.state === "completed" ? s : undefined;
    });
    expect(sweep.output).toEqual({ runId: "run-of-sweep" });
    await queue.stop();
  });

  it("splits jobs between two workers, each job run once", async () => {
    const [a, b] = [await opened(), await opened()];
    const seen: Record<string, string[]> = { a: [], b: [] };
    const slow = (who: string) => async (job: { id: string }) => {
      seen[who]!.push(job.id);
      await new Promise((r) => setTimeout(r, 400));
      return {};
    };
    await a.work(slow("a"));
    await b.work(slow("b"));
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => a.enqueueRun({ ...request, seed })));
    await until("all six", async () =>
      (await Promise.all(ids.map((id) => a.status(id)))).every((s) => s.state === "completed")
        ? true
        : undefined,
    );
    expect([...seen.a!, ...seen.b!].sort()).toEqual([...ids].sort());
    expect(seen.a!.length).toBeGreaterThan(0);
    expect(seen.b!.length).toBeGreaterThan(0);
    await a.stop();
    await b.stop();
  });

  it("retries on another worker the job of a worker killed mid-job", async () => {
    const survivor = await opened({ expireInSeconds: 2, retryDelaySeconds: 0 });
    const id = await survivor.enqueueRun({ ...request, seed: 99 });
    const script = fileURLToPath(new URL("./test-worker.ts", import.meta.url));
    const child: ChildProcess = spawn(
      process.execPath,
      ["--conditions=nt-source", "--import", "tsx/esm", script, database.url],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    await until("the child to take the job", async () =>
      stdout.includes(`started ${id}`) ? true : undefined,
    );
    child.kill("SIGKILL");
    expect((await survivor.status(id)).state).toBe("active");
    let ranHere = 0;
    await survivor.work(async (job) => {
      ranHere++;
      return { runId: "stored-once", attempt: job.retryCount };
    });
    const done = await until("the retry", async () => {
      const s = await survivor.status(id);
      return s.state === "completed" ? s : undefined;
    });
    expect(ranHere).toBe(1);
    expect(done.retryCount).toBe(1);
    expect(done.output).toEqual({ runId: "stored-once", attempt: 1 });
    expect(done.progress?.message).toBe("halfway, then killed");
    await survivor.stop();
  }, 40_000);
  it("fails BAD_INPUT at once (no retry) and stores { error: { code, message } } without stack or path", async () => {
    const queue = await opened({ retryDelaySeconds: 0 });
    const queuedBy = { tokenId: "00000000-0000-4000-8000-000000000001", name: "lab" };
    const bad = await queue.enqueueRun({ ...request, seed: 7 }, { queuedBy });
    const flaky = await queue.enqueueRun({ ...request, seed: 8 });
    const attempts: Record<number, number> = {};
    await queue.work(async (job) => {
      const seed = (job.request as RunRequest).seed;
      attempts[seed] = (attempts[seed] ?? 0) + 1;
      if (seed === 7)
        throw new NtError("BAD_INPUT", 'ridge: unknown option "bogus" in /home/alice/secret/plan.json');
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    const failed = await until("the BAD_INPUT failure", async () => {
      const s = await queue.status(bad);
      return s.state === "failed" ? s : undefined;
    });
    expect(failed.retryCount).toBe(0);
    expect(failed.queuedBy).toEqual(queuedBy);
    expect(failed.output).toEqual({
      error: { code: "BAD_INPUT", message: 'ridge: unknown option "bogus" in plan.json' },
    });
    const retried = await until("the retries of the other one", async () => {
      const s = await queue.status(flaky);
      return s.state === "failed" ? s : undefined;
    });
    expect(retried.retryCount).toBe(3);
    expect(retried.queuedBy).toBeNull();
    expect(retried.output).toEqual({
      error: { code: "INTERNAL", message: "internal error in the worker (its log has the details)" },
    });
    expect(attempts).toEqual({ 7: 1, 8: 4 });
    expect(JSON.stringify([failed, retried])).not.toMatch(/stack|\.ts:\d+|\/home\//);
    await queue.stop();
  }, 60_000);

  it("keeps a long job active by renewing its lease, and retries a killed worker's job within the lease", async () => {
    const queue = await opened({
      leaseSeconds: 2,
      renewSeconds: 0.5,
      expireInSeconds: 3600,
      retryDelaySeconds: 0,
    });
    const long = await queue.enqueueRun({ ...request, seed: 11 });
    let runs = 0;
    await queue.work(async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5000)); // 2.5 leases
      return { ok: true };
    });
    const done = await until("the long job", async () => {
      const s = await queue.status(long);
      return s.state === "completed" ? s : undefined;
    });
    expect({ runs, retryCount: done.retryCount }).toEqual({ runs: 1, retryCount: 0 });
    await queue.stop();

    // A worker killed mid-job: the job was queued to run up to an hour, yet it is retried within seconds.
    const survivor = await opened({
      leaseSeconds: 2,
      renewSeconds: 0.5,
      expireInSeconds: 3600,
      retryDelaySeconds: 0,
    });
    const id = await survivor.enqueueRun({ ...request, seed: 12 });
    const script = fileURLToPath(new URL("./test-worker.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--conditions=nt-source", "--import", "tsx/esm", script, database.url, "2"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    await until("the child to take the job", async () =>
      stdout.includes(`started ${id}`) ? true : undefined,
    );
    child.kill("SIGKILL");
    const killedAt = Date.now();
    await survivor.work(async (job) => ({ attempt: job.retryCount }));
    const retried = await until("the retry", async () => {
      const s = await survivor.status(id);
      return s.state === "completed" ? s : undefined;
    });
    expect(retried.output).toEqual({ attempt: 1 });
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    await survivor.stop();
  }, 60_000);
});
