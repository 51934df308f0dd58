import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluatePredictions } from "./evaluate.ts";
import { featurePseudoValues } from "./linearised.ts";
import { featureScores } from "./per-feature.ts";
import { Prng } from "../random/prng.ts";
import { gaussianMatrix, permuteRows } from "./test-data.ts";

// Made by fixtures/make_ci_fixture.py with NumPy and a Python port of the PRNG (see its header):
// a decoding set with 3 sparse ReLU-like features of 24, where recomputing R² per resample gave
// the CI `old` ([-7.5, 0.47] for 0.41; issue 15 item 1).
interface Ci {
  value: number;
  ci95: [number, number];
  old: [number, number];
}
const ref = JSON.parse(readFileSync(new URL("./fixtures/ci-reference.json", import.meta.url), "utf8")) as {
  n: number;
  D: number;
  seed: number;
  nBootstrap: number;
  pred: number[];
  truth: number[];
  featureR: Ci;
  r2: Ci;
  pseudoR: number[];
  pseudoR2: number[];
};
const pred = { rows: ref.n, cols: ref.D, data: Float32Array.from(ref.pred) };
const truth = { rows: ref.n, cols: ref.D, data: Float32Array.from(ref.truth) };

describe("bootstrap CIs of the per-feature metrics on sparse features", () => {
  const { metrics } = evaluatePredictions(pred, truth, {
    nPermutations: 0,
    nBootstrap: ref.nBootstrap,
    seed: ref.seed,
  });

  it("the fixture reproduces the old flaw: recomputed-R² CI reaches far below the value", () => {
    expect(ref.r2.old[0]).toBeLessThan(ref.r2.value - 5);
  });

  it("pseudo-values match the NumPy reference and average to the metrics", () => {
    const excluded = featureScores(pred, truth).excluded;
    const u = featurePseudoValues(pred, truth, excluded);
    u.r.forEach((v, i) => expect(v).toBeCloseTo(ref.pseudoR[i]!, 10));
    u.r2.forEach((v, i) => expect(v).toBeCloseTo(ref.pseudoR2[i]!, 10));
  });

  it.each(["featureR", "r2"] as const)(
    "%s: value and CI equal NumPy's on the same resamples; the CI contains the value and is not degenerate",
    (name) => {
      const s = metrics[name];
      expect(s.value).toBeCloseTo(ref[name].value, 12);
      expect(s.ci95![0]).toBeCloseTo(ref[name].ci95[0], 10);
      expect(s.ci95![1]).toBeCloseTo(ref[name].ci95[1], 10);
      const [lo, hi] = s.ci95!;
      expect(lo).toBeLessThan(s.value);
      expect(hi).toBeGreaterThan(s.value);
      // Not degenerate: a real width, and nowhere near the old lower bound.
      expect(hi - lo).toBeGreaterThan(0.01);
      expect(lo).toBeGreaterThan(s.value - 0.3);
    },
  );
});

describe("bootstrap CIs of featureR and r2 on dense data", () => {
  it("agree with recomputing the metric per resample, where that is sound (no sparse features)", () => {
    // 120 images, Gaussian features: the classical bootstrap is fine here, and the pseudo-value
    // CI must match its width (the delta method is its first-order approximation).
    const n = 120;
    const t = gaussianMatrix(n, 40, 11);
    const noise = gaussianMatrix(n, 40, 12);
    const p = { ...t, data: t.data.map((v, k) => 0.7 * v + 0.7 * noise.data[k]!) };
    const ev = evaluatePredictions(p, t, { nPermutations: 0, nBootstrap: 2000, seed: 1 });
    const widthOf = (ci: [number, number] | null) => ci![1] - ci![0];
    // Recomputed on each resample with an independent stream, for the reference width.
    const reps = { r: [] as number[], r2: [] as number[] };
    const rng = new Prng(13);
    for (let b = 0; b < 2000; b++) {
      const idx = Array.from({ length: n }, () => rng.intBelow(n));
      const f = featureScores(permuteRows(p, idx), permuteRows(t, idx));
      reps.r.push(mean(f.r));
      reps.r2.push(mean(f.r2));
    }
    const sd = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1));
    expect(widthOf(ev.metrics.featureR.ci95) / (2 * 1.96 * sd(reps.r))).toBeGreaterThan(0.8);
    expect(widthOf(ev.metrics.featureR.ci95) / (2 * 1.96 * sd(reps.r))).toBeLessThan(1.25);
    expect(widthOf(ev.metrics.r2.ci95) / (2 * 1.96 * sd(reps.r2))).toBeGreaterThan(0.8);
    expect(widthOf(ev.metrics.r2.ci95) / (2 * 1.96 * sd(reps.r2))).toBeLessThan(1.25);
  });
});

function mean(x: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    s += x[i]!;
    k++;
  }
  return s / k;
}
