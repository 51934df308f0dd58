import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { mutateJson } from "./mutate-json.ts";
import { pick } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

const SHARD = "group1-shard1of1.bin";

/** Valid manifests over one 24-byte shard: graph model, layers model, uint8-quantized weights. */
const SEEDS: unknown[] = [
  {
    format: "graph-model",
    generatedBy: "2.0",
    convertedBy: "fuzz",
    modelTopology: { node: [{ name: "x", op: "Placeholder" }], versions: { producer: 1 } },
    weightsManifest: [{ paths: [SHARD], weights: [{ name: "w", shape: [2, 3], dtype: "float32" }] }],
    signature: { inputs: { x: { name: "x:0" } } },
  },
  {
    format: "layers-model",
    modelTopology: { class_name: "Sequential", config: { layers: [] } },
    weightsManifest: [
      {
        paths: [SHARD],
        weights: [
          { name: "a", shape: [3], dtype: "int32" },
          { name: "b", shape: [3], dtype: "float32" },
        ],
      },
    ],
  },
  {
    modelTopology: { node: [] },
    weightsManifest: [
      {
        paths: [SHARD],
        weights: [
          {
            name: "q",
            shape: [4, 6],
            dtype: "float32",
            quantization: { dtype: "uint8", scale: 0.1, min: -1 },
          },
        ],
      },
    ],
  },
];

/**
 * model.json manifests read by `readModelDir` (packages/core): structural edits (hostile values in any
 * field, deleted fields, duplicated entries, deep nesting) and text edits, written into a temp model
 * folder beside a real shard. A sentinel shard sits one level up: a manifest that gets it read has
 * escaped the model folder, which the downloader refuses and the reader must too.
 */
export async function modelJsonTarget(): Promise<FuzzTarget> {
  const { readModelDir } = await import("@neurotranslator/core");
  const root = mkdtempSync(join(tmpdir(), "nt-fuzz-model-"));
  const dir = join(root, "model");
  mkdirSync(dir);
  writeFileSync(join(dir, SHARD), new Uint8Array(24).fill(7));
  writeFileSync(join(root, "secret.bin"), new Uint8Array(24).fill(9));
  const escapes = (path: string) => {
    const rel = relative(dir, join(dir, path));
    return rel.startsWith("..") || isAbsolute(rel);
  };
  return caseTarget(
    "model-json",
    (rand) => {
      const { text, mutations } = mutateJson(pick(rand, SEEDS), rand);
      return {
        mutations,
        run() {
          writeFileSync(join(dir, "model.json"), text);
          const files = readModelDir(dir);
          const outside = files.json.weightsManifest
            .flatMap((g) => g.paths)
            .filter((p) => typeof p === "string" && escapes(p));
          if (outside.length > 0)
            return `accepted shard path(s) outside the model folder: ${outside.map((p) => JSON.stringify(p)).join(", ")}`;
          return undefined;
        },
      };
    },
    async () => rmSync(root, { recursive: true, force: true }),
  );
}
