import { describe, it, expect } from "vitest";
import { Prng } from "../random/prng.ts";
import { splitHalfReliability } from "./noise-ceiling.ts";

/** Responses = signal [nImages, nVoxels] ~ N(0, 1) + independent noise ~ N(0, noiseVar) per repeat. */
function simulate(R: number, N: number, V: number, noiseVar: number, seed: number) {
  const rng = new Prng(seed);
  const signal = Float64Array.from({ length: N * V }, () => rng.normal());
  const data = new Float32Array(R * N * V);
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < N * V; k++) data[r * N * V + k] = signal[k]! + Math.sqrt(noiseVar) * rng.normal();
  }
  return { nRepeats: R, nImages: N, nVoxels: V, data };
}

describe("splitHalfReliability", () => {
  it("recovers the closed-form reliability of the repeat mean, 1 / (1 + noiseVar / R)", () => {
    // R = 4, noiseVar = 2: halves of 2 repeats correlate at 1 / (1 + 1) = 0.5, Spearman-Brown gives 2/3.
    const { summary, reliability } = splitHalfReliability(simulate(4, 300, 40, 2, 41), {
      nSplits: 6,
      seed: 1,
    });
    expect(reliability.length).toBe(40);
    expect(summary.meanReliability).toBeGreaterThan(2 / 3 - 0.03);
    expect(summary.meanReliability).toBeLessThan(2 / 3 + 0.03);
    expect(summary.excludedVoxels).toBe(0);
    // No signal: reliability near 0.
    const none = splitHalfReliability(simulate(2, 300, 40, 1e6, 42)).summary;
    expect(Math.abs(none.meanReliability)).toBeLessThan(0.05);
  });

  it("excludes constant voxels and checks the shape", () => {
    const x = simulate(2, 5, 3, 1, 43);
    for (let r = 0; r < 2; r++) for (let i = 0; i < 5; i++) x.data[(r * 5 + i) * 3 + 1] = 7;
    const { summary, reliability } = splitHalfReliability(x);
    expect(reliability[1]).toBeNaN();
    expect(summary.excludedVoxels).toBe(1);
    expect(() => splitHalfReliability({ ...x, nImages: 6 })).toThrow(
      /repeats claim shape \(2, 6, 3\) but hold 30 values/,
    );
  });
});
