import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Matrix32, NdArray } from "@neurotranslator/schema";
import { initTfEngine } from "../tf-engine.ts";
import { extractFeatures } from "../extract-features.ts";
import { readClassifierHead } from "../classifier-head.ts";
import { disposeModel, loadModelDir, type LoadedModel } from "../../models/load-model.ts";
import { SHARED_KAY_STIMULI_DIR, SHARED_MOBILENET_DIR } from "../../models/shared-assets.ts";
import { convertTfGraphToOnnx } from "./convert-graph.ts";
import type { TfNode } from "./tf-node.ts";

// jpeg-js is a dependency of @neurotranslator/data; resolve it from there.
const jpeg = createRequire(new URL("../../../../data/package.json", import.meta.url))("jpeg-js") as {
  decode(
    data: Uint8Array,
    opts: { useTArray: true; formatAsRGBA: false },
  ): { width: number; height: number; data: Uint8Array };
};

/** Kay training images `rows` (gray JPEGs, 128 x 128) as [n, 128, 128] uint8. */
function kayImages(rows: number[]): NdArray {
  const side = 128;
  const data = new Uint8Array(rows.length * side * side);
  rows.forEach((row, i) => {
    const img = jpeg.decode(readFileSync(join(SHARED_KAY_STIMULI_DIR, `${row}.jpg`)), {
      useTArray: true,
      formatAsRGBA: false,
    });
    const channels = img.data.length / (img.width * img.height);
    for (let p = 0; p < side * side; p++) data[i * side * side + p] = img.data[p * channels] as number;
  });
  return { dtype: "uint8", shape: [rows.length, side, side], data };
}

/** max |a - b| / max |b|: error relative to the layer's scale. */
function relativeError(a: Matrix32, b: Matrix32): number {
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < b.data.length; k++) {
    diff = Math.max(diff, Math.abs((a.data[k] as number) - (b.data[k] as number)));
    scale = Math.max(scale, Math.abs(b.data[k] as number));
  }
  return diff / scale;
}

let model: LoadedModel;
const images = kayImages([0, 1, 17, 1234]);
beforeAll(async () => {
  model = await loadModelDir(SHARED_MOBILENET_DIR);
});
afterAll(async () => {
  disposeModel(model);
  await initTfEngine();
});

describe("the ONNX engine on the shared MobileNet v1 0.25", () => {
  it("gives the TF.js features (every default layer, global_pool, logits) to < 1e-4 relative on real Kay images, and the same classes", async () => {
    const layers = [...(model.entry?.defaultLayers ?? []), "logits"];
    expect(layers).toContain("global_pool");
    await initTfEngine({ prefer: "wasm" });
    const reference = await extractFeatures(model, images, { layers, batchSize: 4 });
    const engine = await initTfEngine({ prefer: "onnx" });
    expect(engine).toMatchObject({ name: "onnx" });
    const used: string[] = [];
    // Batches of 3 then 1: the batch dimension is dynamic.
    const onnx = await extractFeatures(model, images, {
      layers,
      batchSize: 3,
      onEngine: (e) => used.push(e.name),
    });
    expect(used).toEqual(["onnx"]);
    for (const layer of layers) {
      const a = onnx.get(layer) as Matrix32;
      const b = reference.get(layer) as Matrix32;
      expect({ layer, rows: a.rows, cols: a.cols }).toEqual({ layer, rows: b.rows, cols: b.cols });
      expect({ layer, error: relativeError(a, b) < 1e-4 }).toEqual({ layer, error: true });
    }
    // The classifier head on ONNX global_pool features reproduces the TF.js graph's own logits.
    const head = readClassifierHead(model);
    const fromOnnx = head.classify(onnx.get("global_pool") as Matrix32);
    const fromTf = head.classify(reference.get("global_pool") as Matrix32);
    expect(fromOnnx.top5).toEqual(fromTf.top5);
    const graphLogits = reference.get("logits") as Matrix32;
    const dropped = { rows: 4, cols: 1000, data: new Float32Array(4 * 1000) };
    for (let i = 0; i < 4; i++)
      dropped.data.set(graphLogits.data.subarray(i * 1001 + 1, (i + 1) * 1001), i * 1000);
    expect(relativeError(fromOnnx.logits, dropped)).toBeLessThan(1e-4);
  }, 30_000);

  it("reports an unsupported op as NtError ENGINE naming it, and extractFeatures then falls back to TF.js with the reason", async () => {
    const nodes: TfNode[] = [
      {
        name: "x",
        op: "Placeholder",
        attr: { shape: { shape: { dim: [{ size: -1 }, { size: 8 }, { size: 8 }, { size: 3 }] } } },
      },
      { name: "y", op: "Erf", input: ["x"] },
    ];
    expect(() => convertTfGraphToOnnx(nodes, new Map(), ["y"])).toThrow(
      /node "y" \(op Erf\): op Erf is not supported/,
    );
    // The shared model with one Relu6 turned into Elu (TF.js runs it, the converter does not), in a temporary folder.
    const dir = mkdtempSync(join(tmpdir(), "nt-onnx-"));
    const json = JSON.parse(readFileSync(join(SHARED_MOBILENET_DIR, "model.json"), "utf8")) as {
      modelTopology: { node: TfNode[] };
    };
    const relu = json.modelTopology.node.find((n) => n.op === "Relu6") as TfNode;
    relu.op = "Elu";
    writeFileSync(join(dir, "model.json"), JSON.stringify(json));
    symlinkSync(join(SHARED_MOBILENET_DIR, "group1-shard1of1.bin"), join(dir, "group1-shard1of1.bin"));
    const altered = await loadModelDir(dir);
    await initTfEngine({ prefer: "onnx" });
    const used: Array<{ name: string; fallbackReason?: string }> = [];
    const pool = "module_apply_default/MobilenetV1/Logits/global_pool";
    const features = await extractFeatures(altered, images, {
      layers: [pool],
      onEngine: (e) => used.push(e),
    });
    disposeModel(altered);
    rmSync(dir, { recursive: true });
    expect(features.get(pool)).toMatchObject({ rows: 4, cols: 256 });
    expect(used).toEqual([
      { name: "wasm", fallbackReason: expect.stringMatching(/op Elu is not supported/) },
    ]);
  }, 20_000);
});
