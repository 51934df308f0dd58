import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** CommonJS modules of TF.js and onnxruntime a fresh process has loaded after importing `entry`. */
function cnnModulesLoaded(entry: string): string[] {
  const script = `
    import { createRequire } from "node:module";
    await import(${JSON.stringify(entry)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(loaded.filter((k) => /tensorflow|onnxruntime/.test(k))));`;
  const run = spawnSync(
    process.execPath,
    ["--conditions=nt-source", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: packageDir, encoding: "utf8" },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "null") as string[];
}

describe("the analysis entry point", () => {
  it("loads no TF.js or onnxruntime, while the full surface does", () => {
    expect(cnnModulesLoaded("./src/analysis.ts")).toEqual([]);
    expect(cnnModulesLoaded("./src/index.ts").length).toBeGreaterThan(0);
  }, 60_000);
});
