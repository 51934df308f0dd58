import { describe, it, expect } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";
import { makeHead } from "../features/classifier-head.ts";
import { selectLinalgBackend } from "../linalg/select.ts";
import { RunMetrics } from "@neurotranslator/schema";
import { createSolver } from "../solvers/registry.ts";
import { attributeByArea, columnMeans } from "./attribution.ts";
import { runDecoding, type DecodingInput } from "./run-decoding.ts";
import { selectAreas, takeColumns } from "./select-areas.ts";
import { planted } from "./synthetic.test-helper.ts";

const backend = selectLinalgBackend();
const ctx = { backend };
const data = planted({
  nTrain: 150,
  nTest: 30,
  layers: { low: 12, high: 8 },
  areas: [
    { name: "V1", voxels: 80, layer: "low", noise: 1 },
    { name: "LatOcc", voxels: 60, layer: "high", noise: 1 },
  ],
  seed: 7,
});
const layer = (name: string) => data.layers.get(name)!;
const input = (name: string): DecodingInput => ({
  responsesTrain: data.responsesTrain,
  responsesTest: data.responsesTest,
  roi: data.roi,
  roiNames: data.roiNames,
  featuresTrain: layer(name).train,
  featuresTest: layer(name).test,
});
const quick = { nPermutations: 50, nBootstrap: 50 };

describe("runDecoding", () => {
  it("decodes planted features with ridge-cv, with per-feature alphas, per-image rows and valid RunMetrics", () => {
    const r = runDecoding(input("low"), { seed: 1, ...quick }, ctx);
    expect(r.predictions.rows).toBe(30);
    expect(r.predictions.cols).toBe(12);
    expect(r.metrics.featureR.value).toBeGreaterThan(0.7);
    expect(r.metrics.featureR.p).toBeLessThan(0.05);
    expect(r.perFeature.alpha).toHaveLength(12);
    expect(r.perImage).toHaveLength(30);
    expect(r.perImage[0]!.extra["areaShares"]).toHaveProperty("V1");
    expect(r.fit.nVoxels).toBe(140);
    expect(r.fit.diagnostics["alphaSummary"]).toBeDefined();
    expect(r.fit.diagnostics["cvScores"]).toBeUndefined();
    expect(Object.keys(r.timings).sort()).toEqual(["attribute", "classify", "evaluate", "fit", "predict"]);
    expect(RunMetrics.safeParse(r.metrics).success).toBe(true);
    // The planted driver of "low" is V1: it carries most of each prediction and agrees with the truth.
    const [v1, lat] = [r.attribution!.meanShare[0]!, r.attribution!.meanShare[1]!];
    expect(v1).toBeGreaterThan(0.8);
    expect(Math.abs(v1 + lat - 1)).toBeLessThan(1e-9);
    expect(r.attribution!.meanAgreement[0]!).toBeGreaterThan(0.5);
    expect(r.attribution!.voxels[0]!.meanContribution).toBeGreaterThan(
      r.attribution!.voxels[1]!.meanContribution,
    );
  });

  it("skips attribution when asked, with the same predictions and metrics", () => {
    const cfg = { seed: 3, ...quick };
    const on = runDecoding(input("low"), cfg, ctx);
    const off = runDecoding(input("low"), { ...cfg, attribution: false }, ctx);
    expect(off.attribution).toBeUndefined();
    expect(off.perImage[0]!.extra).not.toHaveProperty("areaShares");
    expect(off.predictions.data).toEqual(on.predictions.data);
    expect(off.metrics).toEqual(on.metrics);
  });

  it("is deterministic for the seed", () => {
    const cfg = { seed: 3, solver: { name: "ridge-cv", options: { cv: 5 } }, ...quick };
    const a = runDecoding(input("high"), cfg, ctx);
    const b = runDecoding(input("high"), cfg, ctx);
    expect(b.predictions.data).toEqual(a.predictions.data);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.fit.options["seed"]).toBe(3);
  });

  it("restricts to the requested areas and names unknown ones with the valid list", () => {
    const r = runDecoding(input("high"), { rois: ["LatOcc"], ...quick }, ctx);
    expect(r.fit.areas).toEqual([{ name: "LatOcc", nVoxels: 60 }]);
    expect(r.attribution!.meanShare[0]).toBeCloseTo(1, 9);
    expect(() => runDecoding(input("high"), { rois: ["V9"] }, ctx)).toThrow(
      /unknown visual area "V9"; valid areas: V1, LatOcc/,
    );
    expect(() => runDecoding(input("high"), { rois: ["V9"] }, ctx)).toThrow(NtError);
  });

  it("rejects mismatched shapes naming them", () => {
    const bad: Matrix32 = { rows: 149, cols: 8, data: new Float32Array(149 * 8) };
    expect(() => runDecoding({ ...input("high"), featuresTrain: bad }, quick, ctx)).toThrow(
      /shape \(149, 8\) but responsesTrain has shape \(150, 140\)/,
    );
    const test = { rows: 30, cols: 9, data: new Float32Array(270) };
    expect(() => runDecoding({ ...input("high"), featuresTest: test }, quick, ctx)).toThrow(
      /\(150, 8\) but test features have shape \(30, 9\)/,
    );
    expect(() => runDecoding({ ...input("high"), roi: new Int32Array(3) }, quick, ctx)).toThrow(
      /roi has 3 codes but responses have 140 voxels/,
    );
  });

  it("OLS with more voxels than samples fails on test images where ridge-cv does not (the 2020 failure mode)", () => {
    // 300 training images, 301 voxels: min-norm least squares interpolates the noise, and just past
    // the interpolation threshold its variance peaks (measured over seeds 11-13: OLS featureR -0.02..0.10,
    // ridge-cv 0.66..0.72). Far beyond it (V >> n) voxel noise regularises OLS implicitly (0.2 at V = 4n).
    const d = planted({
      nTrain: 300,
      nTest: 40,
      layers: { f: 10 },
      areas: [{ name: "V1", voxels: 301, layer: "f", noise: 4 }],
      seed: 12,
    });
    const inp = {
      responsesTrain: d.responsesTrain,
      responsesTest: d.responsesTest,
      roi: d.roi,
      roiNames: d.roiNames,
      featuresTrain: d.layers.get("f")!.train,
      featuresTest: d.layers.get("f")!.test,
    };
    const ols = runDecoding(inp, { solver: { name: "ols" }, ...quick }, ctx);
    const ridge = runDecoding(inp, { solver: { name: "ridge-cv" }, ...quick }, ctx);
    expect(Math.abs(ols.metrics.featureR.value)).toBeLessThan(0.15);
    expect(ridge.metrics.featureR.value).toBeGreaterThan(0.6);
    expect(ols.perFeature.alpha).toBeUndefined();
  });

  it("fills the classifier fields when a head is given", () => {
    // 8-d features -> 11 logits (column 0 background), W = [0 | I8 | 0 0]; labels for the 10 classes.
    const w = new Float32Array(8 * 11);
    for (let k = 0; k < 8; k++) w[k * 11 + k + 1] = 3;
    const labels = Array.from({ length: 10 }, (_, k) => `class${k}`);
    const head = makeHead(w, new Float32Array(11), 8, 11, 1, labels);
    const truthTop = (i: number) => {
      const f = layer("high").test.data.subarray(i * 8, (i + 1) * 8);
      return f.indexOf(Math.max(...f));
    };
    const wordnet = [0, 1, 2, 3].map(() => Array.from({ length: 30 }, (_, i) => `class${truthTop(i)}`));
    const r = runDecoding(
      { ...input("high"), classifier: { head, model: "toy" }, wordnet },
      { ...quick },
      ctx,
    );
    const c = r.metrics.classifierHead!;
    expect(c.model).toBe("toy");
    expect(r.metrics.top1Agreement).toEqual(c.top1Agreement);
    expect(c.top1Agreement!.value).toBeGreaterThan(0.5);
    expect(c.top1Agreement!.value).toBeCloseTo(r.classification!.top1Agreement, 12);
    expect(c.top5Overlap!.value).toBeCloseTo(r.classification!.top5Overlap, 12);
    // Labels are the true features' top-1 class here, so labelTop1 equals top-1 agreement.
    expect(c.labelTop1!.value).toBeCloseTo(c.top1Agreement!.value, 12);
    expect(c.labelTop5!.value).toBeGreaterThanOrEqual(c.labelTop1!.value);
    expect(c.top1Agreement!.null!.mean).toBeLessThan(0.4);
    expect(r.perImage[0]!.extra["top5Pred"]).toHaveLength(5);
    expect(RunMetrics.safeParse(r.metrics).success).toBe(true);
    expect(() => runDecoding({ ...input("low"), classifier: { head, model: "toy" } }, quick, ctx)).toThrow(
      /takes 8-d features but the layer has D = 12/,
    );
  });
});

describe("attributeByArea", () => {
  it("splits every prediction exactly: baseline + Σ area parts = predict(X) (to 1e-4), shares sum to 1", () => {
    for (const solver of ["ridge-cv", "ols", "lasso"]) {
      const sel = selectAreas(data.roi, data.roiNames);
      const reg = createSolver(solver, solver === "lasso" ? { alpha: 0.05 } : {}, ctx);
      reg.fit(takeColumns(data.responsesTrain, sel.voxels), layer("low").train);
      const pred = reg.predict(takeColumns(data.responsesTest, sel.voxels));
      const a = attributeByArea(
        backend,
        {
          model: reg.model!,
          selection: sel,
          trainMean: columnMeans(data.responsesTrain, sel.voxels),
          responsesTest: data.responsesTest,
          truth: layer("low").test,
        },
        { keepParts: true },
      );
      let maxErr = 0;
      for (let i = 0; i < pred.data.length; i++) {
        const sum = a.baseline[i % 12]! + a.parts.reduce((s, p) => s + p.data[i]!, 0);
        maxErr = Math.max(maxErr, Math.abs(sum - pred.data[i]!));
      }
      expect(maxErr).toBeLessThan(1e-4);
      for (let i = 0; i < 30; i++) expect(a.shares[2 * i]! + a.shares[2 * i + 1]!).toBeCloseTo(1, 9);
    }
  });
});
