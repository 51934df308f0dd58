import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initTfEngine } from "./tf-engine.ts";
import { extractFeatures, runLayers } from "./extract-features.ts";
import { readClassifierHead } from "./classifier-head.ts";
import { compareClassifications } from "./compare-classifications.ts";
import { StimulusPreparer } from "./prepare-stimuli.ts";
import { parsePreparation } from "./preparation.ts";
import { disposeModel, loadModelDir, type LoadedModel } from "../models/load-model.ts";
import { SHARED_MOBILENET_DIR } from "../models/shared-assets.ts";

/** n gratings [n, 64, 64], float centred on 0 like Kay stimuli, each with its own orientation and frequency. */
function gratings(n: number) {
  const h = 64;
  const data = new Float32Array(n * h * h);
  for (let i = 0; i < n; i++) {
    const theta = (i * Math.PI) / n;
    const f = 0.05 + 0.04 * i;
    for (let r = 0; r < h; r++)
      for (let c = 0; c < h; c++)
        data[i * h * h + r * h + c] =
          40 * Math.sin(2 * Math.PI * f * (c * Math.cos(theta) + r * Math.sin(theta)));
  }
  return { dtype: "float32" as const, shape: [n, h, h], data };
}

let model: LoadedModel;
beforeAll(async () => {
  await initTfEngine();
  model = await loadModelDir(SHARED_MOBILENET_DIR);
});
afterAll(() => disposeModel(model));

describe("extractFeatures on the shared MobileNet v1 0.25", () => {
  it("returns one [n, D] matrix per layer in batches, pooled conv13 == global_pool, and leaks no tensors", async () => {
    const images = gratings(3);
    const start = tf.memory().numTensors;
    const progress: number[] = [];
    const preparation = { range: { mode: "clip" as const, min: -40, max: 40 } };
    const features = await extractFeatures(model, images, {
      layers: ["conv2d_1", "conv2d_5", "conv2d_13", "global_pool"],
      preparation,
      batchSize: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(tf.memory().numTensors).toBe(start);
    expect(progress).toEqual([2, 3]);
    expect([...features.keys()]).toEqual(["conv2d_1", "conv2d_5", "conv2d_13", "global_pool"]);
    expect(features.get("conv2d_1")).toMatchObject({ rows: 3, cols: 16 });
    expect(features.get("conv2d_5")).toMatchObject({ rows: 3, cols: 64 });
    const pool = features.get("global_pool");
    const c13 = features.get("conv2d_13");
    expect(pool).toMatchObject({ rows: 3, cols: 256 });
    let maxDiff = 0;
    for (let k = 0; k < 3 * 256; k++)
      maxDiff = Math.max(maxDiff, Math.abs((pool?.data[k] ?? NaN) - (c13?.data[k] ?? NaN)));
    // float32 sums in a different order (values up to ~6): 1e-4 absolute
    expect(maxDiff).toBeLessThan(1e-4);
    // Batching does not change values: batch 2 rows vs the same image alone.
    const single = await extractFeatures(
      model,
      { ...images, shape: [1, 64, 64], data: images.data.subarray(2 * 64 * 64) },
      { layers: ["global_pool"], preparation },
    );
    const solo = single.get("global_pool")?.data ?? new Float32Array();
    for (let k = 0; k < 256; k++)
      expect(Math.abs((solo[k] ?? NaN) - (pool?.data[2 * 256 + k] ?? NaN))).toBeLessThan(1e-5);
  });

  it("names unknown layers and lists the available ones", async () => {
    await expect(extractFeatures(model, gratings(1), { layers: ["conv2d_99"] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(
        /no layer "conv2d_99"; available: conv2d_0, conv2d_1,.*global_pool, logits/,
      ),
    });
  });

  it("rejects input of the wrong size", () => {
    const x = tf.zeros([1, 100, 100, 3]) as tf.Tensor4D;
    expect(() =>
      runLayers(model, x, [
        { name: "global_pool", node: "module_apply_default/MobilenetV1/Logits/global_pool" },
      ]),
    ).toThrow(/input has shape \[1, 100, 100, 3\] but the model expects \[N, 224, 224, 3\]/);
    x.dispose();
  });

  it("classifier head(feat256) reproduces the graph's logits to < 1e-4, background dropped", async () => {
    const images = gratings(2);
    const features = await extractFeatures(model, images, { layers: ["global_pool", "logits"] });
    const head = readClassifierHead(model);
    expect(head).toMatchObject({ inputDim: 256, nClasses: 1000 });
    const result = head.classify(features.get("global_pool") as never);
    const graphLogits = features.get("logits")?.data ?? new Float32Array();
    let maxDiff = 0;
    for (let r = 0; r < 2; r++)
      for (let j = 0; j < 1000; j++)
        maxDiff = Math.max(
          maxDiff,
          Math.abs((result.logits.data[r * 1000 + j] ?? NaN) - (graphLogits[r * 1001 + j + 1] ?? NaN)),
        );
    expect(maxDiff).toBeLessThan(1e-4);
    let sum = 0;
    for (let j = 0; j < 1000; j++) sum += result.probs.data[j] ?? NaN;
    expect(sum).toBeCloseTo(1, 5);
    // Same features: perfect agreement, zero divergence.
    const same = compareClassifications(
      head,
      features.get("global_pool") as never,
      features.get("global_pool") as never,
    );
    expect(same).toMatchObject({
      top1Agreement: 1,
      top5Overlap: 1,
      trueTopRankMean: 1,
      trueTopRankMedian: 1,
    });
    expect(same.klMean).toBeCloseTo(0, 9);
    expect(same.jsMean).toBeCloseTo(0, 9);
  });

  it("prepares Kay-like float stimuli to [0, 1] at 224 x 224 x 3 by default", async () => {
    const prep = new StimulusPreparer(gratings(1), parsePreparation(), { size: [224, 224], range: [0, 1] });
    const x = prep.batch(0, 1);
    expect(x.shape).toEqual([1, 224, 224, 3]);
    const v = await x.data();
    expect(v.every((e) => e >= 0 && e <= 1)).toBe(true);
    x.dispose();
  });
});
