import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// A fresh process: the cpu backend warns once per process, on its first tensor.
const SCRIPT = `
import * as tf from "@tensorflow/tfjs-core";
import { initTfEngine } from "./src/features/tf-engine.ts";
await initTfEngine({ prefer: "cpu" });
const sum = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync();
let shapeCheck = "none";
try { tf.matMul(tf.zeros([2, 3]), tf.zeros([2, 3])); } catch (error) { shapeCheck = error.message; }
console.log(JSON.stringify({ sum: Array.from(sum), shapeCheck, prod: tf.env().getBool("PROD"), debug: tf.env().getBool("DEBUG") }));
`;

describe("initTfEngine: TF.js console noise", () => {
  it("keeps stderr free of TF.js's Node.js banner on the cpu backend, and op shape checks still throw", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({
      sum: [4, 6],
      prod: true,
      debug: false,
      shapeCheck: expect.stringMatching(/inner shapes \(3\) and \(2\)/),
    });
  }, 30_000);
});
