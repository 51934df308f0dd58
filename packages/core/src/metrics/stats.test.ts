import { describe, it, expect } from "vitest";
import {
  biasCorrectedCi95,
  median,
  normalCdf,
  normalQuantile,
  percentileCi95,
  permutationPValue,
  quantile,
  sampleSd,
  summariseNull,
} from "./stats.ts";

describe("stats", () => {
  it("quantiles interpolate linearly like numpy.percentile", () => {
    // numpy.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) = [1.075, 2.5, 3.925]
    expect(quantile([4, 1, 3, 2], 0.025)).toBeCloseTo(1.075, 12);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentileCi95(Float64Array.from([3, 1, 4, 2]))).toEqual(
      [1.075, 3.925].map((v) => expect.closeTo(v, 12)),
    );
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it("p = (1 + #null at least as extreme) / (1 + nPerm), in the right direction", () => {
    const nulls = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
    expect(permutationPValue(0.3, nulls)).toBeCloseTo(3 / 5, 12);
    expect(permutationPValue(0.5, nulls)).toBeCloseTo(1 / 5, 12);
    expect(permutationPValue(0.2, nulls, false)).toBeCloseTo(3 / 5, 12);
    const s = summariseNull(nulls);
    expect(s.mean).toBeCloseTo(0.25, 12);
    expect(s.p95).toBeCloseTo(0.385, 12);
    expect(s.p05).toBeCloseTo(0.115, 12);
  });
});

describe("normal distribution and the bias-corrected bootstrap interval", () => {
  it("Φ and Φ⁻¹ agree with tabulated values and invert each other", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    for (const p of [0.01, 0.2, 0.5, 0.8, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it("is the percentile interval when the estimate is the replicates' median, and follows a biased estimate", () => {
    const reps = Float64Array.from({ length: 2001 }, (_, i) => i / 2000);
    const plain = percentileCi95(reps);
    const centred = biasCorrectedCi95(reps, 0.5);
    expect(centred[0]).toBeCloseTo(plain[0], 3);
    expect(centred[1]).toBeCloseTo(plain[1], 3);
    // Replicates biased below an estimate of 0.8: the interval moves up and contains it.
    const shifted = biasCorrectedCi95(reps, 0.8);
    expect(shifted[0]).toBeGreaterThan(plain[0]);
    expect(shifted[1]).toBeGreaterThan(0.8);
  });
});
