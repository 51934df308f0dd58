import type { Matrix64 } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { ProgressCallback } from "./types.ts";
import { columns, scaleRows, type Spectrum } from "./spectrum.ts";

/** Per-target result of an alpha search: best alpha index and the score of every alpha. */
export interface AlphaSearch {
  /** best: [D] index into the alpha grid (first best wins ties, as scikit-learn). */
  best: Int32Array;
  /** scores: [nAlphas, D], negative mean squared error (higher is better). */
  scores: Float64Array;
}

/**
 * Efficient leave-one-out (scikit-learn 1.2 _RidgeGCV, alpha_per_target=True, squared error):
 * with G = K + alpha I (dual) the LOO residuals are c / diag(G⁻¹), c = G⁻¹ y, and both come from
 * one eigendecomposition for every alpha. Dual mode uses the kernel's eigenvectors Q ("eigen"
 * mode); primal mode (n > p) uses U = X V / s from the covariance's eigenvectors, which is
 * scikit-learn's "svd" mode: G⁻¹ = U diag(1/(s²+alpha) - 1/alpha) Uᵀ + I/alpha, with the intercept
 * column 1/sqrt(n) regularisation cancelled. y: [n, D] preprocessed; batched over targets.
 */
export function gcvSearch(
  backend: LinalgBackend,
  spec: Spectrum,
  x: Matrix64,
  y: Matrix64,
  alphas: readonly number[],
  fitIntercept: boolean,
  batch: number,
  onProgress?: ProgressCallback,
): AlphaSearch {
  const n = y.rows;
  const dd = y.cols;
  const svd = spec.mode === "primal" ? leftSingularVectors(backend, spec, x) : undefined;
  const basis = svd?.u ?? spec.vectors;
  const r = basis.cols;
  const sq = new Float64Array(n * r);
  for (let i = 0; i < n * r; i++) sq[i] = basis.data[i]! * basis.data[i]!;
  const best = new Int32Array(dd);
  const scores = new Float64Array(alphas.length * dd);
  const bestScore = new Float64Array(dd).fill(-Infinity);
  const total = Math.ceil(dd / batch) * alphas.length;
  let done = 0;
  for (let c0 = 0; c0 < dd; c0 += batch) {
    const c1 = Math.min(dd, c0 + batch);
    const yb = columns(y, c0, c1);
    const z = backend.matmul64(basis, yb, true);
    for (let a = 0; a < alphas.length; a++) {
      const alpha = alphas[a]!;
      const f = filter(spec, svd?.s2, r, alpha);
      const c = backend.matmul64(basis, scaleRows(z, (row) => f[row]!));
      const diag = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < r; j++) s += f[j]! * sq[i * r + j]!;
        diag[i] = s;
      }
      if (spec.mode === "primal") {
        const inv = 1 / alpha;
        for (let i = 0; i < n; i++) {
          diag[i] = diag[i]! + inv - (fitIntercept ? inv / n : 0);
          for (let t = 0; t < c.cols; t++) c.data[i * c.cols + t]! += inv * yb.data[i * yb.cols + t]!;
        }
      }
      for (let t = 0; t < c.cols; t++) {
        let s = 0;
        for (let i = 0; i < n; i++) {
          const e = c.data[i * c.cols + t]! / diag[i]!;
          s += e * e;
        }
        const score = -s / n;
        const col = c0 + t;
        scores[a * dd + col] = score;
        if (score > bestScore[col]!) {
          bestScore[col] = score;
          best[col] = a;
        }
      }
      onProgress?.(++done, total, "ridge-cv: leave-one-out");
    }
  }
  return { best, scores };
}

/** Spectral weights of G⁻¹ for one alpha (dual: 1/(λ+α); primal: 1/(s²+α) - 1/α). */
function filter(spec: Spectrum, s2: Float64Array | undefined, r: number, alpha: number): Float64Array {
  const f = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    if (spec.mode === "dual") f[j] = j === spec.interceptDim ? 0 : 1 / (spec.values[j]! + alpha);
    else f[j] = 1 / (s2![j]! + alpha) - 1 / alpha;
  }
  return f;
}

/** U = X V_r / s_r and s_r² over the numerically non-zero singular values. */
function leftSingularVectors(backend: LinalgBackend, spec: Spectrum, x: Matrix64): { u: Matrix64; s2: Float64Array } {
  const vals = spec.values;
  let max = 0;
  for (const v of vals) max = Math.max(max, v);
  const idx: number[] = [];
  for (let j = 0; j < vals.length; j++) if (vals[j]! > max * vals.length * 2 ** -52) idx.push(j);
  const v = spec.vectors;
  const vr = new Float64Array(v.rows * idx.length);
  for (let i = 0; i < v.rows; i++) for (let t = 0; t < idx.length; t++) vr[i * idx.length + t] = v.data[i * v.cols + idx[t]!]! / Math.sqrt(vals[idx[t]!]!);
  const u = backend.matmul64(x, { rows: v.rows, cols: idx.length, data: vr });
  return { u, s2: Float64Array.from(idx, (j) => vals[j]!) };
}
