import { describe, expect, it } from "vitest";
import { diagnosticsOf } from "./diagnostics.ts";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { createJsBackend } from "../linalg/js/index.ts";
import { kFolds, trainingRows } from "./folds.ts";
import { preprocess, transformX } from "./preprocess.ts";
import { ridgeWeights } from "./ridge.ts";
import { createRidgeCv, RidgeCvOptions } from "./ridge-cv.ts";
import { createSelectRidge, SelectRidgeOptions } from "./select-ridge.ts";
import { createRidge, RidgeOptions } from "./ridge.ts";
import { loadCase, m32, relErr } from "./fixture.test-helper.ts";

const backend = createJsBackend();
const c = loadCase("wide");
const x = m32(c.X);
const y = m32(c.Y);

/** Held-out MSE of ridge(alpha) for target d, by explicit per-fold Cholesky fits (the closed form). */
function bruteForceScore(xm: Matrix32, ym: Matrix32, alpha: number, folds: Int32Array[]): Float64Array {
  const sse = new Float64Array(ym.cols);
  for (const held of folds) {
    const train = trainingRows(xm.rows, held);
    const prep = preprocess(xm, ym, { fitIntercept: true, standardizeX: false, standardizeY: false }, train);
    const w = ridgeWeights(backend, prep.x, prep.y, alpha);
    const pred: Matrix64 = backend.matmul64(transformX(xm, prep, held), w);
    held.forEach((r, t) => {
      for (let d = 0; d < ym.cols; d++)
        sse[d]! += (ym.data[r * ym.cols + d]! - prep.yMean[d]! - pred.data[t * ym.cols + d]!) ** 2;
    });
  }
  return sse.map((s) => -s / xm.rows);
}

describe("ridge-cv k-fold", () => {
  it("scores equal explicit per-fold ridge fits and the choice is their argmax", () => {
    const alphas = [0.1, 10, 1000];
    const est = createRidgeCv(RidgeCvOptions.parse({ cv: 4, alphas, seed: 7 }), { backend });
    const diag = diagnosticsOf(est.fit(x, y), "ridge-cv");
    const scores = diag.cvScores;
    const folds = kFolds(x.rows, 4, true, 7, "test");
    alphas.forEach((alpha, a) =>
      expect(relErr(scores[a]!, bruteForceScore(x, y, alpha, folds))).toBeLessThan(1e-9),
    );
    const chosen = diag.alphas;
    for (let d = 0; d < y.cols; d++) {
      const col = scores.map((s) => s[d]!);
      expect(chosen[d]).toBe(alphas[col.indexOf(Math.max(...col))]);
    }
  });

  it("fold assignment is fixed by the seed and partitions the samples", () => {
    const a = kFolds(23, 5, true, 3, "t");
    expect(kFolds(23, 5, true, 3, "t")).toEqual(a);
    expect(kFolds(23, 5, true, 4, "t")).not.toEqual(a);
    expect(a.map((f) => f.length)).toEqual([5, 5, 5, 4, 4]);
    expect([...a.flatMap((f) => Array.from(f))].sort((p, q) => p - q)).toEqual(
      Array.from({ length: 23 }, (_, i) => i),
    );
  });

  it("reports progress and fits with standardised X and Y", () => {
    const calls: string[] = [];
    const est = createRidgeCv(RidgeCvOptions.parse({ standardizeX: true, standardizeY: true }), {
      backend,
      onProgress: ({ stage }) => calls.push(stage),
    });
    est.fit(x, y);
    expect(calls).toContain("ridge-cv: leave-one-out");
    expect(est.predict(m32(c.Xtest)).cols).toBe(y.cols);
  });
});

describe("select-ridge", () => {
  it("with k = all voxels and a fixed alpha equals ridge", () => {
    const a = createSelectRidge(SelectRidgeOptions.parse({ k: 10_000, alpha: 3 }), { backend });
    const b = createRidge(RidgeOptions.parse({ alpha: 3 }), { backend });
    a.fit(x, y);
    b.fit(x, y);
    expect(relErr(a.model!.coef.data, b.model!.coef.data)).toBeLessThan(1e-9);
  });

  it("keeps the voxels that carry a planted signal and zero weight elsewhere", () => {
    const n = 200,
      p = 30;
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const xs = { rows: n, cols: p, data: Float32Array.from({ length: n * p }, next) };
    const ys = {
      rows: n,
      cols: 1,
      data: Float32Array.from({ length: n }, (_, i) => 3 * xs.data[i * p + 4]! - 2 * xs.data[i * p + 17]!),
    };
    const est = createSelectRidge(SelectRidgeOptions.parse({ k: 2 }), { backend });
    const diag = diagnosticsOf(est.fit(xs, ys), "select-ridge");
    expect(diag.selected[0]).toEqual([4, 17]);
    const coef = est.model!.coef.data;
    expect(coef[4]).toBeCloseTo(3, 2);
    expect(coef[17]).toBeCloseTo(-2, 2);
    expect(Array.from(coef).filter((v) => v !== 0).length).toBe(2);
  });
});
