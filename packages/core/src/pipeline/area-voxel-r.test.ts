import { describe, it, expect } from "vitest";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { correlationPseudoValues } from "../metrics/linearised.ts";
import { areaMeanVoxelR, drawResamples, resampledMeans } from "./area-voxel-r.ts";

const backend = selectLinalgBackend();

function randomMatrix(rows: number, cols: number, rng: Prng): Matrix32 {
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => rng.normal()) };
}

/** Textbook Pearson r of columns j of a and b. */
function pearson(a: Matrix32, b: Matrix32, j: number): number {
  const n = a.rows;
  const col = (m: Matrix32) => Array.from({ length: n }, (_, i) => m.data[i * m.cols + j]!);
  const [x, y] = [col(a), col(b)];
  const [mx, my] = [x.reduce((s, v) => s + v, 0) / n, y.reduce((s, v) => s + v, 0) / n];
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++)
    [sxy, sxx, syy] = [sxy + (x[i]! - mx) * (y[i]! - my), sxx + (x[i]! - mx) ** 2, syy + (y[i]! - my) ** 2];
  return sxy / Math.sqrt(sxx * syy);
}

/** Columns centred and scaled to unit norm, as areaMeanVoxelR scores them. */
function unit(m: Matrix32): Float64Array {
  const out = new Float64Array(m.data.length);
  for (let j = 0; j < m.cols; j++) {
    const col = Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
    const mu = col.reduce((s, v) => s + v, 0) / m.rows;
    const norm = Math.sqrt(col.reduce((s, v) => s + (v - mu) ** 2, 0));
    col.forEach((v, i) => (out[i * m.cols + j] = norm > 1e-9 ? (v - mu) / norm : 0));
  }
  return out;
}

describe("areaMeanVoxelR", () => {
  const rng = new Prng(5);
  const truth = randomMatrix(40, 6, rng);
  const noise = randomMatrix(40, 6, rng);
  // Columns 0-2 partly predicted, 3 constant prediction, 4 constant truth, 5 pure noise.
  const pred: Matrix32 = {
    rows: 40,
    cols: 6,
    data: Float32Array.from(truth.data, (t, k) =>
      k % 6 < 3 ? t + noise.data[k]! : k % 6 === 3 ? 1 : noise.data[k]!,
    ),
  };
  for (let i = 0; i < 40; i++) truth.data[i * 6 + 4] = 2;
  const groups = [Int32Array.of(0, 1, 2), Int32Array.of(3, 4, 5), Int32Array.of(0, 1, 2, 3, 4, 5)];
  const out = areaMeanVoxelR(pred, truth, groups, { nPermutations: 200, nBootstrap: 200, seed: 1 }, backend);

  it("is the mean of the textbook per-voxel Pearson r; constant predictions score 0, constant truths are left out", () => {
    for (const j of [0, 1, 2, 5]) expect(out.voxelR[j]).toBeCloseTo(pearson(pred, truth, j), 6);
    expect(out.voxelR[3]).toBe(0);
    expect(out.voxelR[4]).toBeNaN();
    expect(out.areas[0]!.summary.value).toBeCloseTo(
      (out.voxelR[0]! + out.voxelR[1]! + out.voxelR[2]!) / 3,
      12,
    );
    expect(out.areas[1]!.nValid).toBe(2);
    expect(out.areas[1]!.summary.value).toBeCloseTo(out.voxelR[5]! / 2, 12);
    expect(out.areas[2]!.nValid).toBe(5);
  });

  it("a predicted area beats every shuffled pairing; a noise area does not; the CI brackets the value", () => {
    const [good, bad] = [out.areas[0]!.summary, out.areas[1]!.summary];
    expect(good.p).toBeCloseTo(1 / 201, 12);
    expect(Math.abs(good.null!.mean)).toBeLessThan(0.05);
    expect(bad.p).toBeGreaterThan(0.05);
    expect(good.ci95![0]).toBeLessThan(good.value);
    expect(good.ci95![1]).toBeGreaterThan(good.value);
  });

  it("keeps the null samples and replicates behind p and the CI; shared draws give paired replicates", () => {
    const a = out.areas[0]!;
    expect(a.nulls).toHaveLength(200);
    expect(a.replicates).toHaveLength(200);
    const draws = drawResamples(40, 200, 200, 1);
    const again = areaMeanVoxelR(
      pred,
      truth,
      [groups[0]!],
      { nPermutations: 0, nBootstrap: 0, seed: 99, draws },
      backend,
    ).areas[0]!;
    expect(Array.from(again.nulls!)).toEqual(Array.from(a.nulls!));
    expect(Array.from(again.replicates!)).toEqual(Array.from(a.replicates!));
    // The replicates are resampled means of per-image values averaging exactly to the value.
    const ones: Matrix64 = { rows: 1, cols: 40, data: new Float64Array(40).fill(1) };
    const u = correlationPseudoValues(unit(pred), unit(truth), 40, 6, Int32Array.of(0, 1, 2), out.voxelR);
    expect(resampledMeans(ones, u)[0]).toBeCloseTo(a.summary.value, 12);
  });

  it("a perfect linear prediction has r = 1 in every bootstrap resample (closed form: CI [1, 1])", () => {
    const perfect: Matrix32 = {
      rows: 40,
      cols: 3,
      data: Float32Array.from(
        { length: 120 },
        (_, k) => 2 * truth.data[Math.floor(k / 3) * 6 + (k % 3)]! + 3,
      ),
    };
    const t3: Matrix32 = {
      rows: 40,
      cols: 3,
      data: Float32Array.from({ length: 120 }, (_, k) => truth.data[Math.floor(k / 3) * 6 + (k % 3)]!),
    };
    const s = areaMeanVoxelR(
      perfect,
      t3,
      [Int32Array.of(0, 1, 2)],
      { nPermutations: 0, nBootstrap: 50, seed: 3 },
      backend,
    ).areas[0]!.summary;
    expect(s.value).toBeCloseTo(1, 6);
    expect(s.ci95![0]).toBeCloseTo(1, 5);
    expect(s.ci95![1]).toBeCloseTo(1, 5);
    expect(s.null).toBeNull();
    expect(s.p).toBeNull();
  });
});
