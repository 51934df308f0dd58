import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir } from "../testing/run-cli.ts";

interface Served {
  url: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `serve --port 0` with `args` (and program options `global`) on `store`; waits for its "serving" line. */
async function serve(store: string, args: string[] = [], global: string[] = []): Promise<Served> {
  const launcher = join(import.meta.dirname, "../../bin/neurotranslator.js");
  const child = spawn(process.execPath, [launcher, "--store", store, ...global, "serve", "--port", "0", ...args], {
    env: { ...process.env, DATABASE_URL: undefined } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", r));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m?.[1]) ok(m[1]);
      if (child.exitCode !== null) fail(new Error(`serve exited: ${stderr}`));
    }, 100);
    void exited.finally(() => clearInterval(timer));
    setTimeout(() => clearInterval(timer), 120_000);
  });
  return { url, stderr: () => stderr, stop: () => (child.kill("SIGTERM"), exited) };
}

const stores: string[] = [];
afterAll(async () => {
  for (const store of stores) await runCli(["--store", store, "store", "stop"]);
});

describe("neurotranslator serve", () => {
  it("shares the default store with CLI commands and executes queued runs with --workers", async () => {
    const store = join(tempDir(), "store");
    stores.push(store);
    const sim = ["dataset", "simulate", "--name", "sim", "--n-train", "40", "--n-test", "10", "--voxel-scale", "0.02", "--json"];
    parseJson(await runCli(["--store", store, ...sim]));
    const { secret } = parseJson<{ secret: string }>(await runCli(["--store", store, "token", "create", "--name", "t", "--json"]));
    const served = await serve(store, ["--workers", "1", "--permutations", "20", "--bootstrap", "20"]);
    try {
      expect(await (await fetch(`${served.url}/health`)).json()).toEqual({ status: "ok", store: "embedded-postgres", jobs: true });
      const post = await fetch(`${served.url}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ dataset: "sim", features: "mobilenet_v1_025_224", layer: "conv2d_5", solver: "ridge-cv" }),
      });
      expect(post.status).toBe(202);
      const { jobId } = (await post.json()) as { jobId: string };
      // While serve runs (and works the job): other commands on the same store, two runs at once.
      const run = ["run", "--dataset", "sim", "--features", "mobilenet_v1_025_224", "--permutations", "20", "--bootstrap", "20", "--json"];
      const [listed, runA, runB] = await Promise.all([
        runCli(["--store", store, "runs", "list", "--json"]),
        runCli(["--store", store, ...run, "--layer", "conv2d_3"]),
        runCli(["--store", store, ...run, "--layer", "global_pool"]),
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(parseJson<{ runId: string }>(runA).runId).toMatch(/^[0-9a-f-]{36}$/);
      expect(parseJson<{ runId: string }>(runB).runId).toMatch(/^[0-9a-f-]{36}$/);
      let job: { state: string; output: { runId?: string } | null } = { state: "created", output: null };
      for (let i = 0; i < 600 && job.state !== "completed" && job.state !== "failed"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        job = (await (await fetch(`${served.url}/jobs/${jobId}`)).json()) as typeof job;
      }
      expect(job.state, served.stderr()).toBe("completed");
      const runId = job.output?.runId ?? "";
      expect((await fetch(`${served.url}/runs/${runId}`)).status).toBe(200);
      const runs = parseJson<{ runs: { runId: string }[] }>(await runCli(["--store", store, "runs", "list", "--json"]));
      expect(runs.runs.map((r) => r.runId)).toContain(runId);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("answers 503 for queued runs on a PGlite store (no queue), and stops on SIGTERM", async () => {
    const served = await serve(join(tempDir(), "store"), [], ["--store-engine", "pglite"]);
    try {
      expect(served.stderr()).toContain("queued runs need a PostgreSQL store");
      expect(await (await fetch(`${served.url}/health`)).json()).toEqual({ status: "ok", store: "pglite", jobs: false });
      expect((await fetch(`${served.url}/runs`, { method: "POST", body: "{}" })).status).toBe(401);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
