import { describe, it, expect } from "vitest";
import { ImageClassExtra, RunMetrics, type MetricSummary } from "@neurotranslator/schema";
import { makeHead } from "../features/classifier-head.ts";
import { selectLinalgBackend } from "../linalg/select.ts";
import { permutationPValue, summariseNull } from "../metrics/stats.ts";
import { collectNullSamples } from "./null-samples.ts";
import { runDecoding, type DecodingInput } from "./run-decoding.ts";
import { planted } from "./synthetic.test-helper.ts";

const ctx = { backend: selectLinalgBackend() };
const data = planted({
  nTrain: 120,
  nTest: 24,
  layers: { high: 8 },
  areas: [
    { name: "V1", voxels: 40, layer: "high", noise: 1 },
    { name: "LatOcc", voxels: 40, layer: "high", noise: 1 },
  ],
  seed: 11,
});
const high = data.layers.get("high")!;
const input: DecodingInput = {
  responsesTrain: data.responsesTrain,
  responsesTest: data.responsesTest,
  roi: data.roi,
  roiNames: data.roiNames,
  featuresTrain: high.train,
  featuresTest: high.test,
};
// 8-d features -> 11 logits (column 0 background), W = 3·[0 | I8 | 0 0]; labels for the 10 classes.
const w = new Float32Array(8 * 11);
for (let k = 0; k < 8; k++) w[k * 11 + k + 1] = 3;
const labels = Array.from({ length: 10 }, (_, k) => `class${k}, alias${k}`);
const head = makeHead(w, new Float32Array(11), 8, 11, 1, labels);

describe("runDecoding null samples", () => {
  const nPermutations = 64;
  const r = runDecoding(
    { ...input, classifier: { head, model: "toy" } },
    { nPermutations, nBootstrap: 20, seed: 3 },
    ctx,
  );

  it("returns [nMetrics, nPermutations] samples whose summary and p are the stored ones, rows named in metrics", () => {
    const s = r.nullSamples!;
    expect(s.metrics).toEqual([
      "sampleR",
      "cosine",
      "featureR",
      "r2",
      "identification",
      "rank",
      "rankPercentile",
      "pairwise",
      "top1Agreement",
      "top5Overlap",
    ]);
    expect(r.metrics.nullSampleMetrics).toEqual(s.metrics);
    expect([s.values.rows, s.values.cols]).toEqual([s.metrics.length, nPermutations]);
    s.metrics.forEach((name, k) => {
      const row = s.values.data.subarray(k * nPermutations, (k + 1) * nPermutations);
      const summary = (r.metrics as unknown as Record<string, MetricSummary>)[name]!;
      expect(summariseNull(row), name).toEqual(summary.null);
      expect(permutationPValue(summary.value, row, name !== "rank"), name).toBe(summary.p);
    });
    expect(RunMetrics.safeParse(r.metrics).success).toBe(true);
  });

  it("stores each image's top-5 classes with names and probabilities, best first", () => {
    const extra = ImageClassExtra.parse(r.perImage[0]!.extra);
    const pred = extra.top5Pred!;
    expect(pred).toHaveLength(5);
    for (const c of pred) {
      if (typeof c === "number") throw new Error("expected { index, name, p } entries");
      expect(c.name).toBe(labels[c.index]);
    }
    const ps = pred.map((c) => (typeof c === "number" ? NaN : c.p));
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
    // Softmax of 3·f over the 10 classes: recompute the best class's probability from the features.
    const f = Array.from(high.test.data.subarray(0, 8));
    const logits = [...f.map((x) => 3 * x), 0, 0];
    const z = logits.reduce((a, x) => a + Math.exp(x), 0);
    const first = extra.top5True![0]!;
    if (typeof first === "number") throw new Error("expected an ImageClass");
    expect(first.p).toBeCloseTo(Math.exp(logits[first.index]!) / z, 5);
  });

  it("keeps no samples without permutations", () => {
    const none = runDecoding(input, { nPermutations: 0, nBootstrap: 0 }, ctx);
    expect(none.nullSamples).toBeUndefined();
    expect(none.metrics.nullSampleMetrics).toBeUndefined();
    expect(collectNullSamples(undefined, {})).toBeUndefined();
  });
});
