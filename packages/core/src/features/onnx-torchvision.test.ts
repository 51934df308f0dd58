import { afterAll, expect, it } from "vitest";
import { describeUnless, PYTHON, pythonPrerequisite } from "@neurotranslator/vitest-config/prerequisites";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readImageDir, readNpzFile, writeNpyFile } from "@neurotranslator/data/formats";
import type { Matrix32, NdArray } from "@neurotranslator/schema";
import { readOnnxModel } from "../models/onnx/onnx-file.ts";
import {
  IMAGENET_MEAN,
  IMAGENET_STD,
  resizeCropFraction,
  toModelTensor,
  type ModelInput,
} from "../models/onnx/onnx-input.ts";
import { SHARED_KAY_STIMULI_DIR } from "../models/shared-assets.ts";
import { extractOnnxFeatures } from "./onnx-extract.ts";
import { onnxClassifierHead } from "./onnx-head.ts";
import { parsePreparation } from "./preparation.ts";
import { StimulusPreparer } from "./prepare-stimuli.ts";

// Debian's PyTorch 1.13 + torchvision export ResNet-18 (random weights, seeded) at test time; PyTorch
// computes the reference activations on the very tensors our preparation makes from real Kay images.
const SCRIPT = join(import.meta.dirname, "../../scripts/onnx-reference.py");
const noTorch = pythonPrerequisite(["torch", "torchvision", "onnx"]);

function relativeError(a: Matrix32, b: NdArray): number {
  const ref = b.data as Float32Array;
  expect(a.data.length).toBe(ref.length);
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < ref.length; k++) {
    diff = Math.max(diff, Math.abs((a.data[k] as number) - (ref[k] as number)));
    scale = Math.max(scale, Math.abs(ref[k] as number));
  }
  return diff / scale;
}

const dir = mkdtempSync(join(tmpdir(), "nt-resnet18-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeUnless(noTorch, "a torchvision ResNet-18 exported by Debian's PyTorch", () => {
  it("gives PyTorch's activations at layer2, layer3 and the penultimate vector to 1e-4 relative on Kay images, and its top-5 classes", async () => {
    const path = join(dir, "resnet18.onnx");
    execFileSync(PYTHON, [SCRIPT, "export", "resnet18", path], { stdio: "ignore" });
    const model = readOnnxModel(path);
    const stimuli = await readImageDir(SHARED_KAY_STIMULI_DIR, { limit: 6 });
    const images: NdArray = {
      dtype: "float32",
      shape: [6, stimuli.height, stimuli.width],
      data: stimuli.data,
    };
    const modelInput: ModelInput = {
      size: [224, 224],
      layout: "nchw",
      channelOrder: "rgb",
      mean: IMAGENET_MEAN,
      std: IMAGENET_STD,
      resize: { rule: "shorter-side-crop", shorterSide: 256 },
    };
    const preparation = parsePreparation({ centerCropFraction: resizeCropFraction(modelInput), modelInput });
    // The model's input tensor, as extraction makes it, for PyTorch.
    const n = images.shape[0] as number;
    const prepared = toModelTensor(
      new StimulusPreparer(images, preparation, { size: [224, 224], range: [0, 1] }).batchArray(0, n),
      n,
      modelInput,
    );
    writeNpyFile(join(dir, "x.npy"), { dtype: "float32", shape: [n, 3, 224, 224], data: prepared });
    execFileSync(
      PYTHON,
      [
        SCRIPT,
        "activations",
        "resnet18",
        join(dir, "x.npy"),
        join(dir, "ref.npz"),
        "layer2",
        "layer3",
        "avgpool",
      ],
      { stdio: "ignore" },
    );
    const ref = readNpzFile(join(dir, "ref.npz"));
    const values = {
      layer2: "/layer2/layer2.1/relu_1/Relu_output_0",
      layer3: "/layer3/layer3.1/relu_1/Relu_output_0",
      avgpool: "/Flatten_output_0",
    };
    const out = await extractOnnxFeatures(model, images, {
      layers: Object.values(values),
      preparation,
      batchSize: 4,
    });
    for (const [module, value] of Object.entries(values)) {
      expect(relativeError(out.features.get(value) as Matrix32, ref.get(module)), module).toBeLessThan(1e-4);
    }
    const choice = await onnxClassifierHead(model, out.layers[2]!);
    if ("skipped" in choice) throw new Error(choice.skipped);
    const logits = ref.get("logits").data as Float32Array;
    const ours = choice.head.classify(out.features.get(values.avgpool) as Matrix32);
    for (let r = 0; r < n; r++) {
      const row = Array.from(logits.subarray(r * 1000, (r + 1) * 1000));
      const top5 = row
        .map((v, i) => [v, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 5)
        .map(([, i]) => i);
      expect(ours.top5[r]).toEqual(top5);
    }
  }, 180_000);
});
