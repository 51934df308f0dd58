import { describe, it, expect } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NtError, shardPathProblem } from "@neurotranslator/schema";
import { readModelDir } from "./model-files.ts";

const SHARD = "group1-shard1of1.bin";
const valid = () => ({
  format: "graph-model",
  modelTopology: { node: [] as unknown[] },
  weightsManifest: [
    { paths: [SHARD], weights: [{ name: "w", shape: [2, 3], dtype: "float32" }] },
  ] as unknown[],
});

/** A model folder holding `manifest` as model.json and a 24-byte shard, with a sentinel file one level up. */
function modelDir(manifest: unknown): string {
  const root = mkdtempSync(join(tmpdir(), "nt-model-json-"));
  const dir = join(root, "model");
  mkdirSync(join(dir, "a"), { recursive: true });
  writeFileSync(join(dir, SHARD), new Uint8Array(24));
  writeFileSync(join(root, "secret.bin"), new Uint8Array(24));
  writeFileSync(join(dir, "model.json"), JSON.stringify(manifest));
  return dir;
}

function formatError(manifest: unknown): NtError {
  try {
    readModelDir(modelDir(manifest));
  } catch (error) {
    expect(error).toBeInstanceOf(NtError);
    expect((error as NtError).code).toBe("FORMAT");
    return error as NtError;
  }
  throw new Error("readModelDir accepted the manifest");
}

describe("readModelDir: model.json validation", () => {
  it("accepts a valid manifest", () => {
    expect(readModelDir(modelDir(valid())).hash.shards[SHARD]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("turns fields of the wrong type into NtError FORMAT naming model.json and the field (formerly TypeErrors)", () => {
    const cases: Array<[string, (m: ReturnType<typeof valid>) => void, RegExp]> = [
      [
        "paths not an array",
        (m) => ((m.weightsManifest[0] as { paths: unknown }).paths = 5),
        /weightsManifest\[0\]\.paths:/,
      ],
      [
        "shape not an array",
        (m) => ((m.weightsManifest[0] as { weights: Array<{ shape: unknown }> }).weights[0]!.shape = "2x3"),
        /weightsManifest\[0\]\.weights\[0\]\.shape:/,
      ],
      [
        "shard path a number",
        (m) => ((m.weightsManifest[0] as { paths: unknown[] }).paths = [7]),
        /weightsManifest\[0\]\.paths\[0\]:/,
      ],
      ["group null", (m) => (m.weightsManifest[0] = null), /weightsManifest\[0\]:/],
      [
        "weights missing",
        (m) => delete (m.weightsManifest[0] as { weights?: unknown }).weights,
        /weightsManifest\[0\]\.weights:/,
      ],
      [
        "quantization a string",
        (m) =>
          ((m.weightsManifest[0] as { weights: Array<{ quantization?: unknown }> }).weights[0]!.quantization =
            "uint8"),
        /weights\[0\]\.quantization:/,
      ],
      [
        "negative dimension",
        (m) => ((m.weightsManifest[0] as { weights: Array<{ shape: unknown }> }).weights[0]!.shape = [-2, 3]),
        /weights\[0\]\.shape\[0\]:/,
      ],
      ["topology null", (m) => ((m as { modelTopology: unknown }).modelTopology = null), /modelTopology:/],
      ["format a number", (m) => ((m as { format: unknown }).format = 3), /format:/],
    ];
    for (const [what, edit, field] of cases) {
      const m = valid();
      edit(m);
      const error = formatError(m);
      expect(error.message, what).toMatch(/model\.json: not a valid TF\.js model\.json/);
      expect(error.message, what).toMatch(field);
    }
    expect(formatError([1, 2]).message).toMatch(/\(root\)/);
  });

  it("refuses shard paths that leave the model folder before reading anything", () => {
    for (const path of [
      "../secret.bin",
      "a/../../secret.bin",
      "/etc/hostname",
      "%2e%2e/secret.bin",
      "..\\secret.bin",
      "C:secret.bin",
    ]) {
      const m = valid();
      (m.weightsManifest[0] as { paths: string[] }).paths = [path];
      expect(formatError(m).message, path).toContain(`shard path ${JSON.stringify(path)}`);
    }
  });
});

describe("shardPathProblem", () => {
  it("allows plain and nested relative names, refuses escapes and absolute forms", () => {
    for (const ok of ["group1-shard1of1.bin", "a/b.bin", "weights..bin", "x.y/z"])
      expect(shardPathProblem(ok), ok).toBeUndefined();
    const refused: Record<string, RegExp> = {
      "": /empty/,
      "../x": /leaves/,
      "a/../../x": /leaves/,
      "a/./x": /leaves/,
      "%2E%2E/x": /leaves/,
      "/abs": /absolute/,
      "a\\..\\x": /backslash/,
      "http://h/x": /colon/,
      "a//b": /empty segment/,
      "a\0b": /NUL/,
    };
    for (const [path, why] of Object.entries(refused))
      expect(shardPathProblem(path), JSON.stringify(path)).toMatch(why);
  });
});
