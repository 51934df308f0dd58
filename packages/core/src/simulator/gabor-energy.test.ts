import { describe, it, expect } from "vitest";
import { gaborEnergyFeatures, gaborPair } from "./gabor-energy.ts";

const SIZE = 64; // the bank's working size, so no resampling blurs the test images

/** A 64x64 grating in [0, 1]: 0.5 + 0.4 cos(2π (x cos θ + y sin θ) / λ + phase), optionally only in the top-left quadrant. */
function grating(lambda: number, theta: number, phase = 0, quadrant = false): Float32Array {
  const img = new Float32Array(SIZE * SIZE).fill(0.5);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (quadrant && (x >= SIZE / 2 || y >= SIZE / 2)) continue;
      img[y * SIZE + x] =
        0.5 + 0.4 * Math.cos((2 * Math.PI * (x * Math.cos(theta) + y * Math.sin(theta))) / lambda + phase);
    }
  }
  return img;
}

const features = (img: Float32Array) => gaborEnergyFeatures({ height: SIZE, width: SIZE, data: img }).data;
/** Feature index: scale s (0 = λ 16, 1 = λ 8, 2 = λ 4), orientation o (θ = oπ/4), cell c of the 4x4 grid. */
const at = (s: number, o: number, c: number) => (s * 4 + o) * 16 + c;

describe("gaborEnergyFeatures", () => {
  it("builds zero-mean, unit-norm quadrature kernels", () => {
    const { even, odd } = gaborPair(8, Math.PI / 4);
    const sum = (k: Float64Array) => k.reduce((a, b) => a + b, 0);
    const norm = (k: Float64Array) => Math.sqrt(k.reduce((a, b) => a + b * b, 0));
    expect(Math.abs(sum(even))).toBeLessThan(1e-12);
    expect(Math.abs(sum(odd))).toBeLessThan(1e-12); // odd symmetry
    expect(norm(even)).toBeCloseTo(1, 12);
    expect(norm(odd)).toBeCloseTo(1, 12);
  });

  it("gives 0 for a uniform image (mean removed, log(1 + 0))", () => {
    const f = features(new Float32Array(SIZE * SIZE).fill(0.7));
    expect(f.length).toBe(192);
    expect(Math.max(...f.map(Math.abs))).toBeLessThan(1e-6);
  });

  it("responds most in the channel matching a grating's wavelength and orientation, in every cell", () => {
    for (const [s, lambda] of [16, 8, 4].entries()) {
      for (let o = 0; o < 4; o++) {
        const f = features(grating(lambda, (o * Math.PI) / 4));
        for (const c of [0, 5, 15]) {
          let bestChannel = -1;
          let bestValue = -Infinity;
          for (let ch = 0; ch < 12; ch++) {
            if (f[ch * 16 + c]! > bestValue) {
              bestValue = f[ch * 16 + c]!;
              bestChannel = ch;
            }
          }
          expect(bestChannel, `lambda ${lambda}, orientation ${o}, cell ${c}`).toBe(s * 4 + o);
        }
      }
    }
  });

  it("is nearly phase-invariant (quadrature energy) and local (a grating in one quadrant drives that quadrant's cells)", () => {
    const a = features(grating(8, Math.PI / 2, 0));
    const b = features(grating(8, Math.PI / 2, Math.PI / 3));
    expect(Math.abs(a[at(1, 2, 5)]! - b[at(1, 2, 5)]!) / a[at(1, 2, 5)]!).toBeLessThan(0.1);
    const q = features(grating(8, 0, 0, true));
    expect(q[at(1, 0, 0)]!).toBeGreaterThan(10 * q[at(1, 0, 15)]!);
  });

  it("resamples other image sizes and rejects a bad bank", () => {
    const img = new Float32Array(2 * 128 * 128).fill(0.5);
    expect(gaborEnergyFeatures({ height: 128, width: 128, data: img }, Int32Array.from([1]))).toMatchObject({
      rows: 1,
      cols: 192,
    });
    expect(() =>
      gaborEnergyFeatures({ height: 128, width: 128, data: img }, undefined, { wavelengths: [1] }),
    ).toThrow(/wavelengths \[1\] must be non-empty, each in \[2, 64\]/);
  });
});
