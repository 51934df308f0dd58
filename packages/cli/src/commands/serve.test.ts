import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/run-cli.ts";

const main = resolve(dirname(fileURLToPath(import.meta.url)), "../main.ts");

describe("neurotranslator serve", () => {
  it("serves the API on the embedded store and stops on SIGTERM", async () => {
    const store = join(tempDir(), "store");
    const child = spawn(
      process.execPath,
      [
        "--conditions=nt-source",
        "--import",
        "tsx/esm",
        main,
        "--store",
        store,
        "serve",
        "--port",
        "0",
      ],
      {
        env: { ...process.env, DATABASE_URL: undefined } as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on("close", r));
    try {
      const url = await new Promise<string>((ok, fail) => {
        const timer = setInterval(() => {
          const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m?.[1]) ok(m[1]);
          if (child.exitCode !== null)
            fail(new Error(`serve exited: ${stderr}`));
        }, 100);
        void exited.finally(() => clearInterval(timer));
        setTimeout(() => clearInterval(timer), 60_000);
      });
      expect(stderr).toContain("queued runs need DATABASE_URL");
      expect(await (await fetch(`${url}/health`)).json()).toEqual({
        status: "ok",
        store: "pglite",
        jobs: false,
      });
      expect(
        (await fetch(`${url}/runs`, { method: "POST", body: "{}" })).status,
      ).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
