import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { identificationRanks, pairwiseScores, rankPercentiles } from "./identification.ts";
import { featureScores } from "./per-feature.ts";
import { imagePairMatrices, pairedEntries } from "./per-image.ts";
import { evaluatePredictions } from "./evaluate.ts";

// Made by fixtures/make_metrics_fixture.py with scipy.stats.pearsonr and sklearn r2_score (see its header).
const ref = JSON.parse(
  readFileSync(new URL("./fixtures/metrics-reference.json", import.meta.url), "utf8"),
) as {
  n: number;
  D: number;
  pred: number[];
  truth: number[];
  sampleR: number[];
  cosine: number[];
  featureR: (number | null)[];
  r2: (number | null)[];
  corr: number[];
  rank: number[];
  pairwise: number[];
};
const pred = { rows: ref.n, cols: ref.D, data: Float32Array.from(ref.pred) };
const truth = { rows: ref.n, cols: ref.D, data: Float32Array.from(ref.truth) };

function expectClose(actual: ArrayLike<number>, expected: (number | null)[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => {
    if (e === null) expect(actual[k]).toBeNaN();
    else expect(Math.abs(actual[k]! - e)).toBeLessThan(tol);
  });
}

describe("metrics against scipy / scikit-learn", () => {
  const images = imagePairMatrices(pred, truth);

  it("per-image Pearson r, cosine and the full correlation matrix match scipy.stats.pearsonr", () => {
    expectClose(pairedEntries(images.corr, ref.n), ref.sampleR);
    expectClose(pairedEntries(images.cos, ref.n), ref.cosine);
    expectClose(images.corr, ref.corr);
  });

  it("per-feature r matches pearsonr and R² matches r2_score(raw_values); the constant feature is excluded", () => {
    const f = featureScores(pred, truth);
    expectClose(f.r, ref.featureR);
    expectClose(f.r2, ref.r2);
    expect(f.nValid).toBe(ref.D - 1);
  });

  it("ranks and 2-vs-2 pairwise scores match the numpy reference", () => {
    const ranks = identificationRanks(images.corr, ref.n);
    expect(Array.from(ranks)).toEqual(ref.rank);
    expectClose(pairwiseScores(images.corr, ref.n), ref.pairwise);
    expectClose(
      rankPercentiles(ranks),
      ref.rank.map((r) => (ref.n - r) / (ref.n - 1)),
    );
  });

  it("evaluatePredictions summarises the same values", () => {
    const { metrics, perFeature } = evaluatePredictions(pred, truth, {
      nPermutations: 99,
      nBootstrap: 99,
      seed: 5,
    });
    const meanOf = (x: (number | null)[]) => {
      const v = x.filter((e): e is number => e !== null);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(metrics.sampleR.value).toBeCloseTo(meanOf(ref.sampleR), 12);
    expect(metrics.cosine.value).toBeCloseTo(meanOf(ref.cosine), 12);
    expect(metrics.featureR.value).toBeCloseTo(meanOf(ref.featureR), 12);
    expect(metrics.r2.value).toBeCloseTo(meanOf(ref.r2), 12);
    expect(metrics.identification.value).toBeCloseTo(ref.rank.filter((r) => r === 1).length / ref.n, 12);
    expect(metrics.rank.value).toBeCloseTo(meanOf(ref.rank), 12);
    expect(metrics.pairwise.value).toBeCloseTo(meanOf(ref.pairwise), 12);
    expect(metrics.edgeCases.excludedFeatures).toBe(1);
    expect(perFeature.r2[3]).toBeNaN();
  });
});
