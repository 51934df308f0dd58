import { describe, it, expect } from "vitest";
import { histogramPercentiles, mapToUnit, globalInterval, minMax } from "./value-range.ts";
import { parsePreparation } from "./preparation.ts";

describe("histogramPercentiles", () => {
  it("matches numpy's linear percentiles of 0..10000 within (max - min) / 4096", () => {
    const values = Float32Array.from({ length: 10001 }, (_, i) => i);
    // np.percentile(np.arange(10001), [0.5, 50, 99.5]) == [50, 5000, 9950]
    const [a = NaN, b = NaN, c = NaN] = histogramPercentiles(values, [0.5, 50, 99.5]);
    const tol = 10000 / 4096;
    expect(Math.abs(a - 50)).toBeLessThan(tol);
    expect(Math.abs(b - 5000)).toBeLessThan(tol);
    expect(Math.abs(c - 9950)).toBeLessThan(tol);
  });
  it("returns the value itself for a constant array", () => {
    expect(histogramPercentiles(new Float32Array(10).fill(3), [1, 99])).toEqual([3, 3]);
  });
  it("rejects non-finite values", () => {
    expect(() => minMax([1, NaN])).toThrow(/not finite/);
  });
});

describe("mapToUnit and globalInterval", () => {
  it("maps the interval to [0, 1] and clips outside it", () => {
    expect(Array.from(mapToUnit(Float32Array.from([-2, 0, 1, 2, 5]), { lo: 0, hi: 2 }))).toEqual([
      0, 0, 0.5, 1, 1,
    ]);
  });
  it("uses min/max, a clip range, or nothing per mode", () => {
    const images = { dtype: "float32" as const, shape: [2, 1, 2], data: Float32Array.from([-3, 1, 2, 5]) };
    expect(globalInterval(images, parsePreparation({ range: { mode: "minmax-global" } }).range)).toEqual({
      lo: -3,
      hi: 5,
    });
    expect(
      globalInterval(images, parsePreparation({ range: { mode: "clip", min: -1, max: 1 } }).range),
    ).toEqual({ lo: -1, hi: 1 });
    expect(globalInterval(images, parsePreparation({ range: { mode: "per-image" } }).range)).toBeUndefined();
  });
});

describe("parsePreparation", () => {
  it("fills the documented defaults and survives a JSON round trip", () => {
    const p = parsePreparation();
    expect(p.range).toEqual({ mode: "robust-global", lowPercentile: 0.5, highPercentile: 99.5 });
    expect(p.resize).toEqual({ method: "bilinear", alignCorners: false, halfPixelCenters: true });
    expect(p.aperture).toEqual({ kind: "none" });
    expect(p.colorizer).toBeNull();
    expect(parsePreparation(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
  it("rejects an inverted clip range with BAD_INPUT naming the field", () => {
    expect(() => parsePreparation({ range: { mode: "clip", min: 1, max: 0 } })).toThrow(
      /range: clip min must be below max/,
    );
  });
});
