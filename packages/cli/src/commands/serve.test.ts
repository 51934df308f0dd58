import { spawn } from "node:child_process";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/run-cli.ts";
import { readAccess } from "./serve.ts";

const main = resolve(dirname(fileURLToPath(import.meta.url)), "../main.ts");

/** Starts `serve --port 0 ...args` on a fresh embedded store; resolves with its URL once it listens. */
function startServe(args: string[]) {
  const store = join(tempDir(), "store");
  const child = spawn(process.execPath, ["--conditions=nt-source", "--import", "tsx/esm", main, "--store", store, "serve", "--port", "0", ...args], {
    env: { ...process.env, DATABASE_URL: undefined } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", r));
  const url = new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /serving (http:\/\/[^ ]+:\d+)/.exec(stderr);
      // the access note follows the "serving" line
      if (m?.[1] && /need a bearer token|reads are open/.test(stderr)) ok(m[1]);
      if (child.exitCode !== null) fail(new Error(`serve exited: ${stderr}`));
    }, 100);
    void exited.finally(() => clearInterval(timer));
    setTimeout(() => clearInterval(timer), 60_000);
  });
  return { child, exited, url, stderr: () => stderr };
}

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
  it("serves the API on the embedded store, answers only to loopback Host names, and stops on SIGTERM", async () => {
    const serve = startServe([]);
    try {
      const url = await serve.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(serve.stderr()).toContain("queued runs need DATABASE_URL");
      expect(serve.stderr()).toContain("reads are open to this machine (loopback only)");
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok", store: "pglite", jobs: false });
      expect((await fetch(`${url}/runs`, { method: "POST", body: "{}" })).status).toBe(401);
      // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 is refused
      expect(await getWithHost(`${url}/runs`, "evil.example")).toBe(403);
      expect(await getWithHost(`${url}/runs`, `localhost:${new URL(url).port}`)).toBe(200);
    } finally {
      serve.child.kill("SIGTERM");
    }
    expect(await serve.exited).toBe(0);
  });

  it("on a non-loopback --host, reads need a token unless --public-reads", async () => {
    const serve = startServe(["--host", "0.0.0.0"]);
    try {
      const url = (await serve.url).replace("0.0.0.0", "127.0.0.1");
      expect(serve.stderr()).toContain("reads and writes need a bearer token");
      expect((await fetch(`${url}/runs`)).status).toBe(401);
      expect((await fetch(`${url}/datasets/x/stimuli/train/0.png`)).status).toBe(401);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      serve.child.kill("SIGTERM");
    }
    expect(await serve.exited).toBe(0);
  });

  it("decides read access from the address and the flags", () => {
    expect(readAccess({ host: "127.0.0.1" })).toMatchObject({ loopback: true, readsRequireToken: false });
    expect(readAccess({ host: "::1", readsRequireToken: true })).toMatchObject({ loopback: true, readsRequireToken: true });
    expect(readAccess({ host: "0.0.0.0" })).toMatchObject({ loopback: false, readsRequireToken: true });
    expect(readAccess({ host: "192.168.1.5", publicReads: true })).toMatchObject({ loopback: false, readsRequireToken: false });
    expect(readAccess({ host: "0.0.0.0", publicReads: true }).note).toMatch(/^WARNING: reads are open to anyone/);
    expect(() => readAccess({ host: "0.0.0.0", publicReads: true, readsRequireToken: true })).toThrow(/contradict/);
  });
});
