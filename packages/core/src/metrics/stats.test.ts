import { describe, it, expect } from "vitest";
import {
  median,
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
