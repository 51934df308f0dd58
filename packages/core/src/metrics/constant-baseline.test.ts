import { describe, expect, it } from "vitest";
import { evaluatePredictions } from "./evaluate.ts";
import { gaussianMatrix } from "./test-data.ts";

describe("constant-prediction baseline (training mean for every image)", () => {
  // Feature vectors sharing a strong mean profile, as CNN features do.
  const D = 50;
  const profile = Float64Array.from({ length: D }, (_, d) => 2 + Math.sin(d));
  const withProfile = (n: number, seed: number) => {
    const m = gaussianMatrix(n, D, seed);
    return { ...m, data: m.data.map((v, k) => profile[k % D]! + 0.5 * v) };
  };
  const train = withProfile(400, 1);
  const truth = withProfile(30, 2);
  const trainingMean = new Float64Array(D);
  for (let i = 0; i < train.rows; i++)
    for (let d = 0; d < D; d++) trainingMean[d]! += train.data[i * D + d]! / train.rows;

  it("scores high per-image r and cosine with no brain data, R² about -1/n, featureR null", () => {
    const noise = gaussianMatrix(30, D, 3);
    const pred = { ...truth, data: truth.data.map((v, k) => v + noise.data[k]!) };
    const { metrics } = evaluatePredictions(pred, truth, { nPermutations: 0, nBootstrap: 0, trainingMean });
    const c = metrics.constantBaseline!;
    expect(c.method).toBe("training-mean");
    expect(c.featureR).toBeNull();
    expect(c.sampleR).toBeGreaterThan(0.8);
    expect(c.cosine).toBeGreaterThan(0.95);
    // By hand: the mean over images of r(m, t_i) and of the per-feature R² of predicting m.
    const n = truth.rows;
    let rSum = 0;
    for (let i = 0; i < n; i++) rSum += corr(trainingMean, truth.data.subarray(i * D, (i + 1) * D));
    expect(c.sampleR).toBeCloseTo(rSum / n, 10);
    let r2Sum = 0;
    for (let d = 0; d < D; d++) {
      const col = Float64Array.from({ length: n }, (_, i) => truth.data[i * D + d]!);
      const mu = col.reduce((s, v) => s + v, 0) / n;
      const ssTot = col.reduce((s, v) => s + (v - mu) ** 2, 0);
      r2Sum += 1 - col.reduce((s, v) => s + (trainingMean[d]! - v) ** 2, 0) / ssTot;
    }
    expect(c.r2).toBeCloseTo(r2Sum / D, 10);
    expect(c.r2!).toBeLessThan(0);
    expect(c.r2!).toBeGreaterThan(-0.2);
    // The same vector for every image cannot identify more than the one image it fits best.
    expect(c.identification).toBeLessThanOrEqual(1 / n);
    // The noisy decoder here is worse per image than the constant: exactly what the baseline exposes.
    expect(metrics.sampleR.value).toBeLessThan(c.sampleR);
  });

  it("is absent without a training mean, and a wrong length is a BAD_INPUT naming both sizes", () => {
    expect(
      evaluatePredictions(truth, truth, { nPermutations: 0, nBootstrap: 0 }).metrics.constantBaseline,
    ).toBeUndefined();
    expect(() =>
      evaluatePredictions(truth, truth, {
        nPermutations: 0,
        nBootstrap: 0,
        trainingMean: new Float64Array(3),
      }),
    ).toThrow(/trainingMean has 3 values but the predictions have D = 50/);
  });
});

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) {
    ma += a[k]! / n;
    mb += b[k]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (a[k]! - ma) * (b[k]! - mb);
    saa += (a[k]! - ma) ** 2;
    sbb += (b[k]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
