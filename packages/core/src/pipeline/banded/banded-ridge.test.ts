import { describe, expect, it } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { createJsBackend } from "../../linalg/js/index.ts";
import { selectLinalgBackend } from "../../linalg/select.ts";
import { Prng } from "../../random/prng.ts";
import { factorBand } from "./band-factors.ts";
import { bandWeightSamples } from "./band-weights.ts";
import { bandedSystem, bandedTargets, fitBandedRidge } from "./banded-ridge.ts";

const backend = selectLinalgBackend();
const rng = new Prng(31);
const rand = (rows: number, cols: number): Matrix32 => ({
  rows,
  cols,
  data: Float32Array.from({ length: rows * cols }, () => rng.normal()),
});

/**
 * Closed form, dense and in float64: the scaled concatenated design Xγ = [√γ_b X̃_b / √D_b] (X̃
 * standardised with training statistics), β = (XγᵀXγ + αI)⁻¹ Xγᵀ (y − ȳ), prediction Xγ,test β + ȳ.
 */
function closedForm(
  bands: { train: Matrix32; test: Matrix32 }[],
  gamma: number[],
  alpha: number,
  y: Matrix32,
  col: number,
): number[] {
  const n = y.rows;
  const design = (which: "train" | "test") =>
    bands.flatMap((b, k) => {
      const d = b.train.cols;
      return Array.from({ length: d }, (_, c) => {
        const xs = Array.from({ length: n }, (_, i) => b.train.data[i * d + c]!);
        const mean = xs.reduce((s, x) => s + x, 0) / n;
        const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
        const m = b[which];
        return Array.from(
          { length: m.rows },
          (_, i) => ((m.data[i * d + c]! - mean) / (sd * Math.sqrt(d))) * Math.sqrt(gamma[k]!),
        );
      });
    });
  const x = design("train");
  const xt = design("test");
  const p = x.length;
  const ys = Array.from({ length: n }, (_, i) => y.data[i * y.cols + col]!);
  const ym = ys.reduce((s, v) => s + v, 0) / n;
  const a = Float64Array.from({ length: p * p }, (_, idx) => {
    const [r, c] = [Math.floor(idx / p), idx % p];
    return x[r]!.reduce((s, v, i) => s + v * x[c]![i]!, 0) + (r === c ? alpha : 0);
  });
  const rhs = Float64Array.from({ length: p }, (_, r) => x[r]!.reduce((s, v, i) => s + v * (ys[i]! - ym), 0));
  const beta = backend.solveSpd({ rows: p, cols: p, data: a }, { rows: p, cols: 1, data: rhs }).data;
  return Array.from({ length: xt[0]!.length }, (_, i) =>
    xt.reduce((s, row, k) => s + row[i]! * beta[k]!, ym),
  );
}

describe("banded ridge", () => {
  const n = 60;
  const raw = [6, 9, 4].map((d) => ({ train: rand(n, d), test: rand(15, d) }));
  const y = rand(n, 5);

  it("predicts what the closed form predicts at the (γ, α) it chose, on both engines and both decomposition paths", () => {
    for (const engine of [backend, createJsBackend()]) {
      const bands = raw.map((b, k) => factorBand(`b${k}`, b.train, b.test, engine));
      const system = bandedSystem(bands, bandedTargets(y), engine);
      const fit = fitBandedRidge(system, { nSamples: 6, seed: 3, relativeAlphas: [0.01, 1, 100] }, engine);
      expect(fit.path).toBe("factor");
      for (let j = 0; j < y.cols; j++) {
        const gamma = Array.from(fit.weights.subarray(j * 3, j * 3 + 3));
        const want = closedForm(raw, gamma, fit.alphas[j]!, y, j);
        const got = Array.from({ length: 15 }, (_, i) => fit.pred.data[i * y.cols + j]!);
        got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 4));
      }
    }
  });

  it("takes the n x n kernel path when the bands' rank exceeds n, with the same predictions", () => {
    const small = 15;
    const wide = raw.map((b) => ({
      train: { rows: small, cols: b.train.cols, data: b.train.data.subarray(0, small * b.train.cols) },
      test: b.test,
    }));
    const ys: Matrix32 = { rows: small, cols: 5, data: y.data.subarray(0, small * 5) };
    const bands = wide.map((b, k) => factorBand(`b${k}`, b.train, b.test, backend));
    const fit = fitBandedRidge(
      bandedSystem(bands, bandedTargets(ys), backend),
      { nSamples: 4, seed: 1, relativeAlphas: [1] },
      backend,
    );
    expect(fit.path).toBe("kernel");
    for (let j = 0; j < 5; j++) {
      const want = closedForm(
        wide,
        Array.from(fit.weights.subarray(j * 3, j * 3 + 3)),
        fit.alphas[j]!,
        ys,
        j,
      );
      want.forEach((w, i) => expect(fit.pred.data[i * 5 + j]!).toBeCloseTo(w, 3));
    }
  });

  it("factors a band wider than n from its kernel (same predictions as the features)", () => {
    const small = 8;
    const b = {
      train: { rows: small, cols: 9, data: raw[1]!.train.data.subarray(0, small * 9) },
      test: raw[1]!.test,
    };
    const ys: Matrix32 = { rows: small, cols: 5, data: y.data.subarray(0, small * 5) };
    const band = factorBand("wide", b.train, b.test, backend);
    expect(band.form).toBe("kernel");
    const fit = fitBandedRidge(
      bandedSystem([band], bandedTargets(ys), backend),
      { relativeAlphas: [0.5] },
      backend,
    );
    for (let j = 0; j < 5; j++)
      closedForm([b], [1], fit.alphas[j]!, ys, j).forEach((w, i) =>
        expect(fit.pred.data[i * 5 + j]!).toBeCloseTo(w, 3),
      );
  });

  it("per area: every voxel of an area gets the area's (γ, α)", () => {
    const bands = raw.map((b, k) => factorBand(`b${k}`, b.train, b.test, backend));
    const groups = [Int32Array.from([0, 2, 4]), Int32Array.from([1, 3])];
    const fit = fitBandedRidge(
      bandedSystem(bands, bandedTargets(y), backend),
      { nSamples: 8, weights: "area", groups },
      backend,
    );
    for (const g of groups) {
      for (const j of g) {
        expect(fit.alphas[j]).toBe(fit.alphas[g[0]!]);
        expect(Array.from(fit.weights.subarray(j * 3, j * 3 + 3))).toEqual(
          Array.from(fit.weights.subarray(g[0]! * 3, g[0]! * 3 + 3)),
        );
      }
    }
    expect(() =>
      fitBandedRidge(
        bandedSystem(bands, bandedTargets(y), backend),
        { weights: "area", groups: [Int32Array.from([0, 1])] },
        backend,
      ),
    ).toThrow(/exactly one area/);
  });

  it("samples the simplex: equal weights first, rows summing to 1, reproducible", () => {
    const s = bandWeightSamples(4, 50, 7);
    expect(Array.from(s.subarray(0, 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
    for (let r = 0; r < 50; r++)
      expect(s.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(bandWeightSamples(4, 50, 7)).toEqual(s);
    // concentration 0.1 puts most weight on one band in most draws
    let peaked = 0;
    for (let r = 1; r < 50; r += 2) if (Math.max(...s.subarray(r * 4, r * 4 + 4)) > 0.8) peaked++;
    expect(peaked).toBeGreaterThan(12);
  });
});
