import { describe, expect, it } from "vitest";
import { divergingColor, extent, linearScale, luminance, ticks } from "./scale.ts";

describe("scales", () => {
  it("maps a domain linearly, reversed ranges included", () => {
    const s = linearScale([-1, 1], [100, 0]);
    expect([s(-1), s(0), s(1), s(0.5)]).toEqual([100, 50, 0, 25]);
    expect(linearScale([2, 2], [0, 10])(7)).toBe(5);
  });

  it("pads the extent of the finite values", () => {
    expect(extent([0, null, 10, Number.NaN], 0.1)).toEqual([-1, 11]);
    expect(extent([], 0.1)).toEqual([0, 1]);
  });

  it("makes 1-2-5 ticks without floating-point noise", () => {
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(-0.07, 0.31, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(ticks(-3, 3, 3)).toEqual([-2, 0, 2]);
  });
});

describe("divergingColor", () => {
  it("is white at 0, full red at +limit, full blue at -limit, clamped beyond", () => {
    expect(divergingColor(0, 1).fill).toBe("rgb(255, 255, 255)");
    expect(divergingColor(0.5, 0.5).fill).toBe("rgb(178, 24, 43)");
    expect(divergingColor(-2, 0.5).fill).toBe("rgb(33, 102, 172)");
    expect(divergingColor(null, 1).fill).toBe("#e5e7eb");
  });

  it("puts white text on dark fills and dark text on light ones", () => {
    expect(divergingColor(1, 1).text).toBe("#ffffff");
    expect(divergingColor(0.05, 1).text).toBe("#111827");
    expect(luminance(255, 255, 255)).toBeCloseTo(1, 12);
    expect(luminance(0, 0, 0)).toBe(0);
  });
});
