import { describe, expect, it } from "vitest";
import { deadLeavesImages } from "./dead-leaves.ts";

/** Radially averaged power spectrum slope of one square image (log power vs log frequency). */
function spectrumSlope(img: Float32Array, size: number): number {
  const mean = img.reduce((s, v) => s + v, 0) / img.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const f of [2, 3, 4, 6, 8, 12, 16, 24, 32]) {
    // Power at frequency f along both axes (a direct DFT of two frequencies is enough here).
    let power = 0;
    for (const [fx, fy] of [
      [f, 0],
      [0, f],
    ]) {
      let re = 0;
      let im = 0;
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const phase = (2 * Math.PI * (fx! * x + fy! * y)) / size;
          re += (img[y * size + x]! - mean) * Math.cos(phase);
          im -= (img[y * size + x]! - mean) * Math.sin(phase);
        }
      power += re * re + im * im;
    }
    xs.push(Math.log(f));
    ys.push(Math.log(power));
  }
  const mx = xs.reduce((s, v) => s + v) / xs.length;
  const my = ys.reduce((s, v) => s + v) / ys.length;
  return xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
}

describe("dead-leaves images", () => {
  it("are deterministic for the seed, in [0, 1], and differ between images", () => {
    const a = deadLeavesImages(3, { seed: 5, size: 64 });
    expect(a.data).toEqual(deadLeavesImages(3, { seed: 5, size: 64 }).data);
    expect(a.data).not.toEqual(deadLeavesImages(3, { seed: 6, size: 64 }).data);
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThanOrEqual(1);
    expect(a.data.subarray(0, 64 * 64)).not.toEqual(a.data.subarray(64 * 64, 2 * 64 * 64));
  });

  it("have a natural-image-like power spectrum, falling roughly as 1/f^2", () => {
    const { data } = deadLeavesImages(8, { seed: 1, size: 128 });
    const slopes = Array.from({ length: 8 }, (_, k) =>
      spectrumSlope(data.subarray(k * 128 * 128, (k + 1) * 128 * 128), 128),
    );
    const mean = slopes.reduce((s, v) => s + v) / slopes.length;
    // Natural images: about -2 (power) with image-to-image spread; white noise would be 0.
    expect(mean).toBeLessThan(-1.5);
    expect(mean).toBeGreaterThan(-3.5);
  });
});
