import type { Matrix32, ProgressCallback } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { kFolds, trainingRows } from "./folds.ts";
import type { AlphaSearch } from "./gcv.ts";
import { preprocess, transformX, type PreprocessOptions } from "./preprocess.ts";
import { columns, decompose, scaleRows } from "./spectrum.ts";

/**
 * k-fold CV of ridge over an alpha grid, per target. Each fold is preprocessed with its own
 * training statistics and decomposed once; held-out predictions for every alpha come from
 * P · (f_alpha ⊙ Z) with P = K_test Q, Z = Qᵀ Y (dual) or P = X_test V, Z = Vᵀ Xᵀ Y (primal).
 * Score: negative mean squared error over all held-out samples, in preprocessed Y units.
 */
export function kfoldSearch(
  backend: LinalgBackend,
  x: Matrix32,
  y: Matrix32,
  alphas: readonly number[],
  opts: PreprocessOptions & { folds: number; shuffle: boolean; seed: number; batch: number },
  onProgress?: ProgressCallback,
): AlphaSearch {
  const n = x.rows;
  const dd = y.cols;
  const sse = new Float64Array(alphas.length * dd);
  const folds = kFolds(n, opts.folds, opts.shuffle, opts.seed, "ridge-cv");
  const full = preprocess(x, y, opts);
  let done = 0;
  for (const test of folds) {
    const train = trainingRows(n, test);
    const prep = preprocess(x, y, opts, train);
    const spec = decompose(backend, prep, opts.fitIntercept);
    const xt = transformX(x, prep, test);
    const p =
      spec.mode === "dual"
        ? backend.matmul64(backend.matmul64(xt, prep.x, false, true), spec.vectors)
        : backend.matmul64(xt, spec.vectors);
    for (let c0 = 0; c0 < dd; c0 += opts.batch) {
      const c1 = Math.min(dd, c0 + opts.batch);
      const yb = columns(prep.y, c0, c1);
      const z = backend.matmul64(
        spec.vectors,
        spec.mode === "dual" ? yb : backend.matmul64(prep.x, yb, true),
        true,
      );
      for (let a = 0; a < alphas.length; a++) {
        const alpha = alphas[a]!;
        const pred = backend.matmul64(
          p,
          scaleRows(z, (r) => (r === spec.interceptDim ? 0 : 1 / (spec.values[r]! + alpha))),
        );
        for (let t = 0; t < test.length; t++) {
          const row = test[t]!;
          for (let c = 0; c < pred.cols; c++) {
            const d = c0 + c;
            // Held-out truth in the full-data preprocessed units, predictions shifted to match.
            const truth = (y.data[row * dd + d]! - full.yMean[d]!) / full.yScale[d]!;
            const yhat =
              (pred.data[t * pred.cols + c]! * prep.yScale[d]! + prep.yMean[d]! - full.yMean[d]!) /
              full.yScale[d]!;
            sse[a * dd + d]! += (truth - yhat) ** 2;
          }
        }
      }
    }
    onProgress?.({ stage: "ridge-cv: k-fold", done: ++done, total: folds.length });
  }
  const best = new Int32Array(dd);
  const scores = sse.map((s) => -s / n);
  for (let d = 0; d < dd; d++) {
    for (let a = 1; a < alphas.length; a++) if (scores[a * dd + d]! > scores[best[d]! * dd + d]!) best[d] = a;
  }
  return { best, scores };
}
