import { describe, expect, it } from "vitest";
import { columnCorrelations, pearson } from "./correlation.ts";

describe("correlation", () => {
  it("pearson: a known value, sign, scale invariance, 0 for a constant vector", () => {
    // x = 1..5, y = (2, 1, 4, 3, 5): sxy = 8, sxx = syy = 10, so r = 0.8
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 2, 3, 4, 5], [-4, -2, -6, -8, -10])).toBeCloseTo(
      -pearson([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]),
      12,
    );
    expect(pearson(Float32Array.of(1, 2, 3), Float64Array.of(10, 20, 31))).toBeCloseTo(
      pearson([1000, 2000, 3000], [1, 2, 3.1]),
      12,
    );
    expect(pearson([3, 3, 3], [1, 2, 3])).toBe(0);
  });
  it("columnCorrelations: pearson per column from a row offset, NaN for a constant column", () => {
    // a: 4 rows x 3 columns; rows 1..3 are compared with b: 3 x 3
    const a = Float32Array.of(9, 9, 9, 1, 5, 2, 2, 5, 7, 3, 5, 1);
    const b = Float64Array.of(1, 0, 3, 2, 1, 1, 4, 2, 2);
    const r = columnCorrelations(a, 1, b, 3, 3);
    expect(r[0]).toBeCloseTo(pearson([1, 2, 3], [1, 2, 4]), 12);
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeCloseTo(pearson([2, 7, 1], [3, 1, 2]), 12);
  });
});
