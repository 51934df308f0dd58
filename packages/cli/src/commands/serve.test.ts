import { spawn } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir } from "../testing/run-cli.ts";
import { simulateSmall } from "../testing/simulated.ts";
import { readAccess } from "./serve.ts";

interface Served {
  url: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `serve --port 0` with `args` (and program options `global`) on `store`; waits for its "serving" line. */
async function serve(store: string, args: string[] = [], global: string[] = []): Promise<Served> {
  const launcher = join(import.meta.dirname, "../../bin/neurotranslator.js");
  const child = spawn(
    process.execPath,
    [launcher, "--store", store, ...global, "serve", "--port", "0", ...args],
    {
      env: { ...process.env, DATABASE_URL: undefined } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", r));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /serving (http:\/\/[^ ]+:\d+)/.exec(stderr);
      // the read-access note follows the "serving" line
      if (m?.[1] && /need a bearer token|reads are open/.test(stderr)) ok(m[1]);
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

/** GET with a chosen Host header (fetch cannot set one). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers: { Host: host } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on("error", fail);
    req.end();
  });
}

describe("neurotranslator serve", () => {
  it("shares the default store with CLI commands and executes queued runs with --workers", async () => {
    const store = join(tempDir(), "store");
    stores.push(store);
    await simulateSmall({ NEUROTRANSLATOR_STORE: store }, { nTrain: 40, nTest: 10 });
    const { secret } = parseJson<{ secret: string }>(
      await runCli(["--store", store, "token", "create", "--name", "t", "--json"]),
    );
    const served = await serve(store, ["--workers", "1", "--permutations", "20", "--bootstrap", "20"]);
    try {
      expect(await (await fetch(`${served.url}/health`)).json()).toEqual({
        status: "ok",
        store: "embedded-postgres",
        jobs: true,
      });
      const post = await fetch(`${served.url}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({
          dataset: "sim",
          features: "mobilenet_v1_025_224",
          layer: "conv2d_5",
          solver: "ridge-cv",
        }),
      });
      expect(post.status).toBe(202);
      const { jobId } = (await post.json()) as { jobId: string };
      // While serve runs (and works the job): other commands on the same store, two runs at once.
      const run = [
        "run",
        "--dataset",
        "sim",
        "--features",
        "mobilenet_v1_025_224",
        "--permutations",
        "20",
        "--bootstrap",
        "20",
        "--json",
      ];
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
      const runs = parseJson<{ runs: { runId: string }[] }>(
        await runCli(["--store", store, "runs", "list", "--json"]),
      );
      expect(runs.runs.map((r) => r.runId)).toContain(runId);
      // A leaked token is revoked from another process while serve runs; the next write is refused.
      expect((await runCli(["--store", store, "token", "revoke", "t"])).code).toBe(0);
      const refused = await fetch(`${served.url}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({
          dataset: "sim",
          features: "mobilenet_v1_025_224",
          layer: "conv2d_5",
          solver: "ridge-cv",
        }),
      });
      expect(refused.status).toBe(401);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("answers 503 for queued runs on a PGlite store (no queue), and stops on SIGTERM", async () => {
    const served = await serve(join(tempDir(), "store"), [], ["--store-engine", "pglite"]);
    try {
      expect(served.stderr()).toContain("queued runs need a PostgreSQL store");
      expect(await (await fetch(`${served.url}/health`)).json()).toEqual({
        status: "ok",
        store: "pglite",
        jobs: false,
      });
      expect((await fetch(`${served.url}/runs`, { method: "POST", body: "{}" })).status).toBe(401);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("answers only to loopback Host names on a loopback address (DNS rebinding)", async () => {
    const served = await serve(join(tempDir(), "store"), [], ["--store-engine", "pglite"]);
    try {
      expect(served.stderr()).toContain("reads are open to this machine (loopback only)");
      expect(await getWithHost(`${served.url}/runs`, "evil.example")).toBe(403);
      expect(await getWithHost(`${served.url}/runs`, `localhost:${new URL(served.url).port}`)).toBe(200);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("on a non-loopback --host, reads need a token unless --public-reads", async () => {
    const served = await serve(join(tempDir(), "store"), ["--host", "0.0.0.0"], ["--store-engine", "pglite"]);
    try {
      const url = served.url.replace("0.0.0.0", "127.0.0.1");
      expect(served.stderr()).toContain("reads and writes need a bearer token");
      expect((await fetch(`${url}/runs`)).status).toBe(401);
      expect((await fetch(`${url}/datasets/x/stimuli/train/0.png`)).status).toBe(401);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("decides read access from the address and the flags", () => {
    expect(readAccess({ host: "127.0.0.1" })).toMatchObject({ loopback: true, readsRequireToken: false });
    expect(readAccess({ host: "::1", readsRequireToken: true })).toMatchObject({
      loopback: true,
      readsRequireToken: true,
    });
    expect(readAccess({ host: "0.0.0.0" })).toMatchObject({ loopback: false, readsRequireToken: true });
    expect(readAccess({ host: "192.168.1.5", publicReads: true })).toMatchObject({
      loopback: false,
      readsRequireToken: false,
    });
    expect(readAccess({ host: "0.0.0.0", publicReads: true }).note).toMatch(
      /^WARNING: reads are open to anyone/,
    );
    expect(() => readAccess({ host: "0.0.0.0", publicReads: true, readsRequireToken: true })).toThrow(
      /contradict/,
    );
  });
});
