import { describe, expect, it } from "vitest";
import { centre, histogram } from "./histogram.ts";

describe("histogram", () => {
  it("bins 0..9 into 5 bins of 2 over the data range, the maximum in the last bin", () => {
    const h = histogram(
      Array.from({ length: 10 }, (_, i) => i),
      5,
    );
    expect(h.edges).toEqual([0, 1.8, 3.6, 5.4, 7.2, 9].map((x) => expect.closeTo(x, 12)));
    expect(h.counts).toEqual([2, 2, 2, 2, 2]);
    expect([h.nBinned, h.nMissing]).toEqual([10, 0]);
  });

  it("counts null, NaN, infinities and out-of-range values as missing", () => {
    const h = histogram([0.1, null, Number.NaN, Infinity, 0.9, 2], 2, [0, 1]);
    expect(h.counts).toEqual([1, 1]);
    expect([h.nBinned, h.nMissing]).toEqual([2, 4]);
  });

  it("widens a zero-width range to one unit around the value", () => {
    const h = histogram([3, 3, 3], 4);
    expect([h.edges[0], h.edges[4]]).toEqual([2.5, 3.5]);
    expect(h.counts.reduce((a, b) => a + b)).toBe(3);
  });

  it("rejects a non-positive bin count", () => {
    expect(() => histogram([1], 0)).toThrow(/bins must be a positive integer, got 0/);
  });
});

describe("centre", () => {
  it("gives mean and median of the finite entries", () => {
    expect(centre([4, null, 1, Number.NaN, 3, 2])).toEqual({ mean: 2.5, median: 2.5, n: 4 });
    expect(centre([5, 1, 3])).toEqual({ mean: 3, median: 3, n: 3 });
    expect(centre([null])).toBeNull();
  });
});
