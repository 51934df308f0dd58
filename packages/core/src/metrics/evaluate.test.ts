import { describe, it, expect } from "vitest";
import { RunMetrics } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import { availableLinalgBackends } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { evaluatePredictions } from "./evaluate.ts";
import { featureScores } from "./per-feature.ts";
import { imagePairMatrices } from "./per-image.ts";
import { SUMMARY_METRICS, pairingScorer } from "./permutation-null.ts";
import { gaussianMatrix, permuteRows } from "./test-data.ts";

describe("evaluatePredictions", () => {
  it("scores a perfect prediction as perfect, with the smallest possible p-value", () => {
    const truth = gaussianMatrix(30, 40, 1);
    const { metrics } = evaluatePredictions(truth, truth, {
      nPermutations: 200,
      nBootstrap: 100,
      seed: 3,
    });
    expect(RunMetrics.parse(metrics)).toEqual(metrics);
    for (const k of [
      "sampleR",
      "cosine",
      "featureR",
      "r2",
      "identification",
      "rankPercentile",
      "pairwise",
    ] as const) {
      expect(metrics[k].value).toBeCloseTo(1, 12);
      expect(metrics[k].p).toBeCloseTo(1 / 201, 12);
      expect(metrics[k].ci95![0]).toBeCloseTo(1, 12);
    }
    expect(metrics.rank.value).toBe(1);
    expect(metrics.rank.p).toBeCloseTo(1 / 201, 12);
    expect(metrics.identification.chance).toBeCloseTo(1 / 30, 12);
    // Under re-pairing, identification is about 1/n and pairwise about 1/2.
    expect(metrics.identification.null!.mean).toBeLessThan(0.1);
    expect(Math.abs(metrics.pairwise.null!.mean - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(metrics.sampleR.null!.mean)).toBeLessThan(0.05);
  });

  it("a prediction that is another image's true vector is never identified and not significant", () => {
    const truth = gaussianMatrix(25, 50, 2);
    const shift = Array.from({ length: 25 }, (_, i) => (i + 1) % 25);
    const { metrics } = evaluatePredictions(permuteRows(truth, shift), truth, {
      nPermutations: 300,
      nBootstrap: 0,
    });
    expect(metrics.identification.value).toBe(0);
    expect(metrics.rank.value).toBeGreaterThan(1);
    expect(metrics.sampleR.p!).toBeGreaterThan(0.01);
    expect(metrics.sampleR.ci95).toBeNull();
  });

  it("a randomly permuted truth as prediction is identified exactly at its fixed points: chance on average", () => {
    const truth = gaussianMatrix(20, 30, 23);
    let total = 0;
    for (let s = 0; s < 30; s++) {
      const order = new Prng(300 + s).permutation(20);
      const fixed = order.filter((j, i) => j === i).length;
      const { metrics } = evaluatePredictions(permuteRows(truth, order), truth, {
        nPermutations: 0,
        nBootstrap: 0,
      });
      expect(metrics.identification.value).toBeCloseTo(fixed / 20, 12);
      total += metrics.identification.value;
    }
    // E[fixed points] = 1, so the mean is 1/20; its sd over 30 draws is about 1 / (20 sqrt(30)) = 0.009.
    expect(Math.abs(total / 30 - 1 / 20)).toBeLessThan(0.03);
  });

  it("the null's O(n) shortcuts equal scoring the re-paired matrices directly", () => {
    const truth = gaussianMatrix(12, 9, 4, 0.5);
    const pred = gaussianMatrix(12, 9, 5);
    const pairing = new Prng(6).permutation(12);
    const shortcut = pairingScorer(imagePairMatrices(pred, truth), featureScores(pred, truth))(pairing);
    const direct = evaluatePredictions(pred, permuteRows(truth, pairing), {
      nPermutations: 0,
      nBootstrap: 0,
    });
    for (const k of SUMMARY_METRICS) expect(shortcut[k]).toBeCloseTo(direct.metrics[k].value, 10);
  });

  it("is deterministic per seed; other seeds change only the random parts", () => {
    const truth = gaussianMatrix(15, 20, 7);
    const pred = gaussianMatrix(15, 20, 8);
    const a = evaluatePredictions(pred, truth, {
      nPermutations: 50,
      nBootstrap: 50,
      seed: 9,
    });
    const b = evaluatePredictions(pred, truth, {
      nPermutations: 50,
      nBootstrap: 50,
      seed: 9,
    });
    const c = evaluatePredictions(pred, truth, {
      nPermutations: 50,
      nBootstrap: 50,
      seed: 10,
    });
    expect(b.metrics).toEqual(a.metrics);
    expect(c.metrics.sampleR.value).toBe(a.metrics.sampleR.value);
    expect(c.metrics.sampleR.null).not.toEqual(a.metrics.sampleR.null);
    expect(c.metrics.sampleR.ci95).not.toEqual(a.metrics.sampleR.ci95);
    // Sub-streams: the bootstrap does not depend on how many permutations ran.
    const d = evaluatePredictions(pred, truth, {
      nPermutations: 7,
      nBootstrap: 50,
      seed: 9,
    });
    expect(d.metrics.featureR.ci95).toEqual(a.metrics.featureR.ci95);
  });

  it("reports progress through both stages, ending at done = total", () => {
    const seen: string[] = [];
    evaluatePredictions(gaussianMatrix(8, 100, 27), gaussianMatrix(8, 100, 28), {
      nPermutations: 250,
      nBootstrap: 20,
      onProgress: ({ stage, done, total }) => seen.push(`${stage} ${done}/${total}`),
    });
    expect(seen).toEqual([
      "permutations 100/250",
      "permutations 200/250",
      "permutations 250/250",
      "bootstrap 20/20",
    ]);
  });

  it("gives the same metrics with every linear-algebra backend as with the plain JS loops", () => {
    const truth = gaussianMatrix(20, 300, 21, 0.2);
    const pred = gaussianMatrix(20, 300, 22);
    const options = { nPermutations: 30, nBootstrap: 30, seed: 2 };
    const plain = evaluatePredictions(pred, truth, options).metrics;
    for (const backend of availableLinalgBackends()) {
      const other = evaluatePredictions(pred, truth, {
        ...options,
        backend,
      }).metrics;
      for (const k of SUMMARY_METRICS) {
        expect(other[k].value).toBeCloseTo(plain[k].value, 10);
        expect(other[k].ci95![0]).toBeCloseTo(plain[k].ci95![0], 10);
        expect(other[k].null!.mean).toBeCloseTo(plain[k].null!.mean, 10);
      }
    }
  });

  it("gives roughly uniform p-values under a true null (calibration over 40 seeds)", () => {
    const names = ["sampleR", "featureR", "r2", "pairwise"] as const;
    const ps: Record<(typeof names)[number], number[]> = {
      sampleR: [],
      featureR: [],
      r2: [],
      pairwise: [],
    };
    for (let s = 0; s < 40; s++) {
      const truth = gaussianMatrix(16, 12, 100 + s);
      const pred = gaussianMatrix(16, 12, 200 + s);
      const { metrics } = evaluatePredictions(pred, truth, {
        nPermutations: 199,
        nBootstrap: 0,
        seed: s,
      });
      for (const k of names) ps[k].push(metrics[k].p!);
    }
    for (const k of names) {
      const sorted = ps[k].sort((x, y) => x - y);
      // Kolmogorov-Smirnov distance to U(0, 1); the 1% critical value for 40 samples is 0.25.
      const ks = Math.max(
        ...sorted.map((p, i) => Math.max(Math.abs(p - i / 40), Math.abs(p - (i + 1) / 40))),
      );
      expect(ks, k).toBeLessThan(0.25);
      expect(sorted.filter((p) => p <= 0.05).length, k).toBeLessThanOrEqual(8);
    }
  });

  it("bootstrap CI brackets the value and narrows with more test images", () => {
    const width = (n: number) => {
      const truth = gaussianMatrix(n, 30, 11);
      const noise = gaussianMatrix(n, 30, 12);
      const pred = {
        ...truth,
        data: truth.data.map((t, k) => t + 1.5 * noise.data[k]!),
      };
      const m = evaluatePredictions(pred, truth, {
        nPermutations: 0,
        nBootstrap: 300,
        seed: 1,
      }).metrics;
      for (const k of SUMMARY_METRICS) {
        expect(m[k].ci95![0]).toBeLessThanOrEqual(m[k].value + 1e-9);
        expect(m[k].ci95![1]).toBeGreaterThanOrEqual(m[k].value - 1e-9);
      }
      return m.sampleR.ci95![1] - m.sampleR.ci95![0];
    };
    expect(width(80)).toBeLessThan(0.75 * width(20));
  });

  it("random-vector baseline: near-zero r and cosine for centred truth, as the 2020 study found", () => {
    const truth = gaussianMatrix(40, 200, 13);
    const pred = gaussianMatrix(40, 200, 14, 0.3);
    const { randomBaseline } = evaluatePredictions(pred, truth, {
      nPermutations: 0,
      nBootstrap: 0,
    }).metrics;
    expect(randomBaseline.mean).toBeCloseTo(0.3, 1);
    expect(randomBaseline.sd).toBeCloseTo(1, 1);
    // sd of a mean of 40 correlations of length 200 is about 1 / sqrt(200 * 40) = 0.011.
    expect(Math.abs(randomBaseline.sampleR)).toBeLessThan(0.05);
  });
});

describe("evaluatePredictions edge cases", () => {
  it("constant images get r = 0 and are counted; constant true features are excluded", () => {
    const truth = gaussianMatrix(6, 5, 15);
    const pred = gaussianMatrix(6, 5, 16);
    pred.data.fill(2, 5, 10); // image 1 predicted constant
    for (let i = 0; i < 6; i++) truth.data[i * 5 + 4] = 3; // feature 4 constant in truth
    const { metrics, perImage, perFeature } = evaluatePredictions(pred, truth, {
      nPermutations: 10,
      nBootstrap: 10,
    });
    expect(perImage.r[1]).toBe(0);
    expect(perImage.rank[1]).toBe(6); // ties count against: worst rank
    expect(perFeature.r[4]).toBeNaN();
    expect(metrics.edgeCases).toEqual({
      constantPredictedImages: 1,
      constantTrueImages: 0,
      excludedFeatures: 1,
      constantPredictedFeatures: 0,
    });
    expect(RunMetrics.safeParse(metrics).success).toBe(true);
  });

  it("fills noiseCeiling when repeated responses are given", () => {
    const truth = gaussianMatrix(6, 5, 24);
    const repeats = {
      nRepeats: 2,
      nImages: 6,
      nVoxels: 4,
      data: gaussianMatrix(12, 4, 25).data,
    };
    const { metrics } = evaluatePredictions(gaussianMatrix(6, 5, 26), truth, {
      nPermutations: 5,
      nBootstrap: 5,
      repeats,
    });
    expect(metrics.noiseCeiling?.nRepeats).toBe(2);
    expect(RunMetrics.safeParse(metrics).success).toBe(true);
  });

  it("rejects NaN/Inf naming the matrix and position, and mismatched shapes naming both", () => {
    const truth = gaussianMatrix(4, 3, 17);
    const pred = gaussianMatrix(4, 3, 18);
    pred.data[1 * 3 + 2] = Number.NaN;
    expect(() => evaluatePredictions(pred, truth)).toThrow(
      /predictions has a non-finite value NaN at row 1, column 2 of \(4, 3\)/,
    );
    truth.data[0] = Infinity;
    pred.data[5] = 0;
    expect(() => evaluatePredictions(pred, truth)).toThrow(
      /true features has a non-finite value Infinity at row 0, column 0/,
    );
    const small = gaussianMatrix(4, 2, 19);
    expect(() => evaluatePredictions(small, gaussianMatrix(4, 3, 1))).toThrow(
      /\(4, 2\) but true features have shape \(4, 3\)/,
    );
    const thrown = (() => {
      try {
        evaluatePredictions(small, small, { nPermutations: -1 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(NtError);
    expect((thrown as NtError).code).toBe("BAD_INPUT");
  });

  it("all-constant truth features is a NUMERIC error", () => {
    const truth = {
      rows: 3,
      cols: 2,
      data: Float32Array.from([1, 2, 1, 2, 1, 2]),
    };
    expect(() => evaluatePredictions(gaussianMatrix(3, 2, 20), truth)).toThrow(
      /every one of the 2 true features is constant/,
    );
  });
});
