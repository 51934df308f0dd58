import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNpzFile } from "@neurotranslator/data/formats";
import type { Matrix32, NdArray } from "@neurotranslator/schema";
import { readOnnxModel } from "../models/onnx/onnx-file.ts";
import {
  IMAGENET_MEAN,
  IMAGENET_STD,
  resolveModelInput,
  type ModelInput,
} from "../models/onnx/onnx-input.ts";
import { extractOnnxFeatures } from "./onnx-extract.ts";
import { onnxClassifierHead } from "./onnx-head.ts";
import { listOnnxLayers } from "./onnx-layers.ts";
import { parsePreparation } from "./preparation.ts";
import { OnnxGraphBuilder } from "./onnx/onnx-builder.ts";

// The committed fixture (packages/core/scripts/onnx-reference.py tiny): a small CNN exported by
// Debian's PyTorch 1.13 with seeded weights, and PyTorch's activations on 4 seeded RGB images.
const FIXTURES = join(import.meta.dirname, "../models/onnx/fixtures");
const names = JSON.parse(readFileSync(join(FIXTURES, "tiny_cnn_names.json"), "utf8")) as Record<
  string,
  { conv1: string; pooled: string }
>;
const reference = readNpzFile(join(FIXTURES, "tiny_cnn_reference.npz"));
const images = reference.get("images") as NdArray;
const modelInput: ModelInput = {
  size: [32, 32],
  layout: "nchw",
  channelOrder: "rgb",
  mean: IMAGENET_MEAN,
  std: IMAGENET_STD,
  resize: { rule: "stretch" },
};
// Pixel values 0..255 map to [0, 1] exactly as torchvision's ToTensor does.
const preparation = parsePreparation({ range: { mode: "clip", min: 0, max: 255 }, modelInput });

/** max |a - b| / max |b| over the matrix. */
function relativeError(a: Matrix32, b: NdArray): number {
  let diff = 0;
  let scale = 0;
  const ref = b.data as Float32Array;
  expect(a.data.length).toBe(ref.length);
  for (let k = 0; k < ref.length; k++) {
    diff = Math.max(diff, Math.abs((a.data[k] as number) - (ref[k] as number)));
    scale = Math.max(scale, Math.abs(ref[k] as number));
  }
  return diff / scale;
}

describe("ONNX models exported by PyTorch", () => {
  for (const name of ["tiny_cnn", "tiny_cnn_1001"]) {
    it(`${name}: an intermediate map (spatial mean) and the penultimate vector match PyTorch to 1e-4 relative; the head's top-5 equals PyTorch's`, async () => {
      const model = readOnnxModel(join(FIXTURES, `${name}.onnx`));
      expect(model.input).toMatchObject({ name: "image", layout: "nchw", size: [32, 32] });
      const tap = names[name] as { conv1: string; pooled: string };
      const out = await extractOnnxFeatures(model, images, {
        layers: [tap.conv1, tap.pooled],
        preparation,
        batchSize: 3,
      });
      expect(out.layers.map((l) => l.pooling)).toEqual(["spatial-mean-nchw", "as-is"]);
      expect(
        relativeError(out.features.get(tap.conv1) as Matrix32, reference.get(`${name}_conv1_mean`)),
      ).toBeLessThan(1e-4);
      const pooled = out.features.get(tap.pooled) as Matrix32;
      expect(relativeError(pooled, reference.get(`${name}_pooled`))).toBeLessThan(1e-4);

      const labels = Array.from({ length: 1000 }, (_, i) => `class ${i}`);
      const choice = await onnxClassifierHead(model, out.layers[1]!, labels);
      if ("skipped" in choice) throw new Error(choice.skipped);
      expect(choice.logits).toBe("logits");
      expect(choice.head.nClasses).toBe(1000);
      expect(choice.head.labels?.length).toBe(1000);
      const logits = reference.get(`${name}_logits`);
      const c = logits.shape[1] as number;
      const offset = c === 1001 ? 1 : 0;
      const ours = choice.head.classify(pooled);
      for (let r = 0; r < 4; r++) {
        const row = Array.from((logits.data as Float32Array).subarray(r * c + offset, (r + 1) * c));
        const top5 = row
          .map((v, i) => [v, i] as const)
          .sort((a, b) => b[0] - a[0])
          .slice(0, 5)
          .map(([, i]) => i);
        expect(ours.top5[r]).toEqual(top5);
        expect(Math.abs((ours.logits.data[r * 1000] as number) - (row[0] as number))).toBeLessThan(
          1e-4 * Math.max(...row.map(Math.abs)),
        );
      }
      // The intermediate map does not feed the head alone (the second conv follows it).
      const conv = await onnxClassifierHead(model, out.layers[0]!);
      expect("skipped" in conv && conv.skipped).toMatch(/not affine \(it passes through Relu\)/);
    });
  }

  it("runs a graph traced at batch 1 (a Reshape to [1, -1]) image by image, with the right values", async () => {
    const b = new OnnxGraphBuilder();
    b.input({ name: "x", dims: [1, 3, 4, 4] });
    b.node("Reshape", ["x", b.int64Const("shape", [2], [1, -1])], ["flat"]);
    b.output({ name: "flat", dims: [1, 48] });
    const dir = mkdtempSync(join(tmpdir(), "nt-onnx-"));
    writeFileSync(join(dir, "batch1.onnx"), b.toBytes("batch1"));
    const model = readOnnxModel(join(dir, "batch1.onnx"));
    const gray: NdArray = {
      dtype: "float32",
      shape: [5, 4, 4],
      data: Float32Array.from({ length: 80 }, (_, i) => i % 7),
    };
    const input: ModelInput = {
      size: [4, 4],
      layout: "nchw",
      channelOrder: "rgb",
      mean: [0, 0, 0],
      std: [1, 1, 1],
      resize: { rule: "stretch" },
    };
    const out = await extractOnnxFeatures(model, gray, {
      layers: ["flat"],
      preparation: parsePreparation({ range: { mode: "clip", min: 0, max: 6 }, modelInput: input }),
    });
    expect(out.batchSize).toBe(1);
    const flat = out.features.get("flat") as Matrix32;
    expect([flat.rows, flat.cols]).toEqual([5, 48]);
    // Image 3, channel 2, pixel 5: the gray value (3 * 16 + 5) % 7 / 6.
    expect(flat.data[3 * 48 + 2 * 16 + 5]).toBeCloseTo(((3 * 16 + 5) % 7) / 6, 6);
  });

  it("recognises an NHWC input (Keras layout) and averages its 4-d values over axes 1 and 2", async () => {
    const b = new OnnxGraphBuilder();
    b.input({ name: "x", dims: ["N", 4, 4, 3] });
    b.node("Relu", ["x"], ["act"]);
    b.output({ name: "act", dims: ["N", 4, 4, 3] });
    const dir = mkdtempSync(join(tmpdir(), "nt-onnx-"));
    writeFileSync(join(dir, "nhwc.onnx"), b.toBytes("nhwc"));
    const model = readOnnxModel(join(dir, "nhwc.onnx"));
    expect(model.input).toMatchObject({ layout: "nhwc", size: [4, 4] });
    const { modelInput } = resolveModelInput(model.input, { flags: { mean: [0.5, 0, 0], std: [1, 1, 0.5] } });
    // Two RGB images: constant colours, so every channel's spatial mean is known.
    const rgb: NdArray = {
      dtype: "float32",
      shape: [2, 4, 4, 3],
      data: Float32Array.from({ length: 96 }, (_, i) => [0.25, 0.5, 1][i % 3]! * (i < 48 ? 1 : 0.5)),
    };
    const out = await extractOnnxFeatures(model, rgb, {
      layers: ["act"],
      preparation: parsePreparation({ range: { mode: "clip", min: 0, max: 1 }, modelInput }),
    });
    expect(out.layers[0]).toMatchObject({ dims: [1, 4, 4, 3], pooling: "spatial-mean-nhwc" });
    const act = out.features.get("act") as Matrix32;
    // Relu((v - mean) / std) per channel: image 0 (0.25, 0.5, 1), image 1 half of that.
    expect(Array.from(act.data)).toEqual([0, 0.5, 2, 0, 0.25, 1].map((v) => expect.closeTo(v, 6)));
  });

  it("refuses a head that is not affine even when no listed nonlinear op shows it (checked on random inputs)", async () => {
    const b = new OnnxGraphBuilder();
    b.input({ name: "x", dims: ["N", 3, 4, 4] });
    b.node("GlobalAveragePool", ["x"], ["gap"]);
    b.node("Flatten", ["gap"], ["pooled"], { axis: 1 });
    b.node("Mul", ["pooled", "pooled"], ["logits"]);
    b.output({ name: "logits", dims: ["N", 3] });
    const dir = mkdtempSync(join(tmpdir(), "nt-onnx-"));
    writeFileSync(join(dir, "square.onnx"), b.toBytes("square"));
    const choice = await onnxClassifierHead(readOnnxModel(join(dir, "square.onnx")), {
      name: "pooled",
      dims: [1, 3],
      pooling: "as-is",
    });
    expect("skipped" in choice && choice.skipped).toMatch(
      /the head is not affine \(a linear fit misses random inputs by/,
    );
  });

  it("lists candidate layers with their shapes on one image, marking the spatial ones", async () => {
    const model = readOnnxModel(join(FIXTURES, "tiny_cnn.onnx"));
    const layers = await listOnnxLayers(model, modelInput);
    const conv1 = layers.find((l) => l.name === names["tiny_cnn"]?.conv1);
    expect(conv1).toMatchObject({ op: "Relu", dims: [1, 8, 16, 16], spatial: true, dim: 8 });
    expect(layers.find((l) => l.name === "logits")).toMatchObject({
      dims: [1, 1000],
      spatial: false,
      graphOutput: true,
    });
  });

  it("refuses a non-ONNX file, a missing layer, a wrong layout, wrong mean/std and a model over the size limit, each in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nt-onnx-"));
    const junk = join(dir, "junk.onnx");
    writeFileSync(junk, "this is a text file, not a protobuf\n".repeat(20));
    expect(() => readOnnxModel(junk)).toThrow(/junk\.onnx: not an ONNX model/);
    const path = join(FIXTURES, "tiny_cnn.onnx");
    expect(() => readOnnxModel(path, { maxBytes: 1000 })).toThrow(/larger than this machine allows/);
    const model = readOnnxModel(path);
    await expect(
      extractOnnxFeatures(model, images, { layers: ["/nope/Relu_output_0"], preparation }),
    ).rejects.toThrow(/no value "\/nope\/Relu_output_0" in the graph .*features layers --model/);
    expect(() => resolveModelInput(model.input, { flags: { layout: "nhwc" } })).toThrow(
      /--layout nhwc contradicts the model's input "image" \[batch, 3, 32, 32\], which is NCHW/,
    );
    expect(() => resolveModelInput(model.input, { flags: { mean: [123.68, 116.78, 103.94] } })).toThrow(
      /--mean 123\.68,116\.78,103\.94: each value must be in \[0, 1\]/,
    );
    expect(() => resolveModelInput(model.input, { flags: { std: [0.2, 0] } })).toThrow(
      /--std 0\.2,0: expected three numbers/,
    );
    expect(() => resolveModelInput(model.input, { flags: { std: [0.2, 0, 0.2] } })).toThrow(
      /--std 0\.2,0,0\.2: each value must be in \(0, 1\]/,
    );
    expect(() => resolveModelInput(model.input, { flags: { inputSize: [224, 224] } })).toThrow(
      /--input-size 224x224 differs from the model's fixed input/,
    );
    for (const message of [() => readOnnxModel(junk)]) {
      try {
        message();
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});
