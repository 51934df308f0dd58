import { describe, it, expect } from "vitest";
import { RunMetrics } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { kayIdentification } from "./kay-identification.ts";
import { runEncoding } from "./run-encoding.ts";
import { planted } from "./synthetic.test-helper.ts";

const ctx = { backend: selectLinalgBackend() };
// V1 voxels are linear in the features (plus noise); "Other" voxels are pure noise (linear in an unrelated layer).
const data = planted({
  nTrain: 150,
  nTest: 40,
  layers: { f: 12, unrelated: 12 },
  areas: [
    { name: "V1", voxels: 120, layer: "f", noise: 1.5 },
    { name: "V2", voxels: 120, layer: "unrelated", noise: 1.5 },
  ],
  seed: 5,
});
const f = data.layers.get("f")!;
const input = {
  featuresTrain: f.train,
  featuresTest: f.test,
  responsesTrain: data.responsesTrain,
  responsesTest: data.responsesTest,
  roi: data.roi,
  roiNames: data.roiNames,
};

describe("runEncoding", () => {
  const r = runEncoding(input, { seed: 1, nPermutations: 200, nBootstrap: 20, topVoxels: 100 }, ctx);

  it("predicts the driven voxels and identifies test images far above chance", () => {
    expect(r.predictions.rows).toBe(40);
    expect(r.predictions.cols).toBe(240);
    const meanR = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(meanR(r.voxelR.subarray(0, 120))).toBeGreaterThan(0.4);
    expect(Math.abs(meanR(r.voxelR.subarray(120)))).toBeLessThan(0.1);
    expect(r.identification.all.chance).toBe(1 / 40);
    expect(r.identification.all.accuracy).toBeGreaterThan(0.5);
    expect(r.identification.all.p).toBeLessThan(0.01);
    expect(r.identification.all.null!.mean).toBeLessThan(0.06);
    expect(RunMetrics.safeParse(r.metrics).success).toBe(true);
    expect(r.voxelAlpha.every((a) => a > 0)).toBe(true);
  });

  it("selects the top voxels by training CV R² only, which picks the driven area and identifies better", () => {
    const sel = r.identification.top.selected;
    expect(sel).toHaveLength(100);
    expect(sel.every((j) => j < 120)).toBe(true);
    expect(r.identification.top.accuracy).toBeGreaterThanOrEqual(r.identification.all.accuracy);
    // CV R² comes from training data: driven voxels positive, noise voxels about zero or below.
    expect(Math.max(...r.voxelCvR2.subarray(120))).toBeLessThan(0.1);
  });

  it("restricts to areas and checks shapes", () => {
    const v1 = runEncoding(input, { rois: ["V1"], nPermutations: 0, nBootstrap: 0, topVoxels: 50 }, ctx);
    expect(v1.voxels).toHaveLength(120);
    expect(v1.identification.all.null).toBeNull();
    const bad = { ...input, featuresTest: { rows: 40, cols: 11, data: new Float32Array(440) } };
    expect(() => runEncoding(bad, {}, ctx)).toThrow(/\(150, 12\) but test features have shape \(40, 11\)/);
  });
});

describe("kayIdentification", () => {
  it("matches a hand-checked case: perfect predictions identify every image, a swap misidentifies two", () => {
    const m = { rows: 3, cols: 4, data: Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2]) };
    expect(kayIdentification(m, m, 0, 0).accuracy).toBe(1);
    const swapped = { rows: 3, cols: 4, data: Float32Array.from([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2]) };
    const k = kayIdentification(m, swapped, 0, 0);
    expect(k.accuracy).toBeCloseTo(1 / 3, 12);
    expect(Array.from(k.ranks)).toEqual([2, 2, 1]);
  });
});
