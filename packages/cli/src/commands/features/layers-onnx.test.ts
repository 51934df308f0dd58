import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../../testing/run-cli.ts";

// The committed PyTorch export (core's fixtures: packages/core/scripts/onnx-reference.py tiny).
const FIXTURES = resolve(import.meta.dirname, "../../../../core/src/models/onnx/fixtures");
const names = JSON.parse(readFileSync(join(FIXTURES, "tiny_cnn_names.json"), "utf8")).tiny_cnn as {
  conv1: string;
  pooled: string;
};

describe("the CLI on ONNX models", () => {
  it("lists layers as one JSON document, and fails on a non-ONNX file with one line and exit 1", async () => {
    const dir = tempDir("nt-onnx-");
    const tiny = join(dir, "tiny_cnn.onnx");
    copyFileSync(join(FIXTURES, "tiny_cnn.onnx"), tiny);
    writeFileSync(
      `${tiny}.json`,
      JSON.stringify({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: "stretch" }),
    );
    const layers = await runCli(["features", "layers", "--model", tiny, "--json"]);
    expect(layers.code).toBe(0);
    const doc = JSON.parse(layers.stdout) as {
      penultimate: string;
      layers: Array<{ name: string; spatial: boolean }>;
    };
    expect(doc.penultimate).toBe(names.pooled);
    expect(doc.layers.find((l) => l.name === names.conv1)?.spatial).toBe(true);
    const junk = join(dir, "junk2.onnx");
    writeFileSync(junk, "plain text\n");
    const bad = await runCli(["features", "layers", "--model", junk]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/not an ONNX model/);
  });
});
