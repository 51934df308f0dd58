import type { Matrix32, Matrix64 } from "@neurotranslator/data/schema";
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

/** A leave-one-out search also yields the dual coefficients at the chosen alphas, C: [n, D]. */
export interface GcvSearch extends AlphaSearch {
  dual: Matrix64;
}

/**
 * Relative score gap below which a float32 ranking is re-checked in float64. Float32 scores were
 * measured within 7e-8 (relative) of float64 ones at the Kay shape: U is orthonormal, so the
 * products do not cancel; the margin leaves a factor 100.
 */
const TIE_MARGIN = 1e-5;

/**
 * Efficient leave-one-out (scikit-learn 1.2 _RidgeGCV, alpha_per_target=True, squared error):
 * with G = K + alpha I (dual) the LOO residuals are c / diag(G⁻¹), c = G⁻¹ y, and both come from
 * one eigendecomposition for every alpha. Dual mode uses the kernel's eigenvectors Q ("eigen"
 * mode); primal mode (n > p) uses U = X V / s from the covariance's eigenvectors, which is
 * scikit-learn's "svd" mode: G⁻¹ = U diag(1/(s²+alpha) - 1/alpha) Uᵀ + I/alpha, with the intercept
 * column 1/sqrt(n) regularisation cancelled. y: [n, D] preprocessed; batched over targets.
 *
 * precision "mixed": the per-alpha products c = U (f ⊙ Uᵀy) (the bulk of the work) run in float32;
 * wherever another alpha scores within 1e-5 (relative) of a target's best, those tied alphas are
 * re-scored in float64, and the returned dual coefficients are recomputed in float64 at the chosen alphas, so
 * choices and coefficients equal the all-float64 path ("float64") up to that margin.
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
  precision: "mixed" | "float64" = "mixed",
): GcvSearch & { rechecked: number } {
  const n = y.rows;
  const dd = y.cols;
  const na = alphas.length;
  const svd = spec.mode === "primal" ? leftSingularVectors(backend, spec, x) : undefined;
  const basis = svd?.u ?? spec.vectors;
  const basis32: Matrix32 = { rows: basis.rows, cols: basis.cols, data: Float32Array.from(basis.data) };
  const r = basis.cols;
  // Squared basis entries, for diag(G⁻¹)_i = sum_j f_j U_ij².
  const sq = new Float64Array(n * r);
  for (let i = 0; i < n * r; i++) sq[i] = basis.data[i]! * basis.data[i]!;
  const filters = alphas.map((alpha) => filter(spec, svd?.s2, r, alpha));
  const invAlpha = alphas.map((alpha) => (spec.mode === "primal" ? 1 / alpha : 0));
  const diags = filters.map((f, a) => gInverseDiag(f, sq, n, r, invAlpha[a]!, fitIntercept));
  const best = new Int32Array(dd);
  const scores = new Float64Array(na * dd);
  const dual: Matrix64 = { rows: n, cols: dd, data: new Float64Array(n * dd) };
  let rechecked = 0;
  const total = Math.ceil(dd / batch) * na;
  let done = 0;
  for (let c0 = 0; c0 < dd; c0 += batch) {
    const c1 = Math.min(dd, c0 + batch);
    const bw = c1 - c0;
    const yb = columns(y, c0, c1);
    const z = backend.matmul64(basis, yb, true);
    for (let a = 0; a < na; a++) {
      const c = precision === "mixed" ? backend.matmul32(basis32, scaleRows32(z, filters[a]!)) : backend.matmul64(basis, scaleRows(z, filters[a]!));
      const sse = looSse(c.data, yb.data, diags[a]!, invAlpha[a]!, n, bw);
      for (let t = 0; t < bw; t++) scores[a * dd + c0 + t] = -sse[t]! / n;
      onProgress?.(++done, total, "ridge-cv: leave-one-out");
    }
    // Near ties: re-score in float64 only the (target, alpha) pairs within the margin of the top.
    const recheck: number[][] = alphas.map(() => []);
    for (let t = 0; t < bw; t++) {
      const col = c0 + t;
      best[col] = argmaxFirst(scores, col, dd, na);
      if (precision !== "mixed") continue;
      const tied = tiedAlphas(scores, col, dd, na, best[col]!);
      if (tied.length > 1) {
        rechecked++;
        for (const a of tied) recheck[a]!.push(t);
      }
    }
    recheck.forEach((targets, a) => {
      if (targets.length === 0) return;
      const c = backend.matmul64(basis, scaleRows(pickColumns(z, targets), filters[a]!));
      const sse = looSse(c.data, pickColumns(yb, targets).data, diags[a]!, invAlpha[a]!, n, targets.length);
      targets.forEach((t, k) => (scores[a * dd + c0 + t] = -sse[k]! / n));
    });
    for (let t = 0; t < bw; t++) best[c0 + t] = argmaxFirst(scores, c0 + t, dd, na);
    // Dual coefficients at the chosen alphas, in float64.
    const fzBest = scaleRows(z, (j, t) => filters[best[c0 + t]!]![j]!);
    const cBest = backend.matmul64(basis, fzBest);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < bw; t++) {
        dual.data[i * dd + c0 + t] = cBest.data[i * bw + t]! + invAlpha[best[c0 + t]!]! * yb.data[i * bw + t]!;
      }
    }
  }
  return { best, scores, dual, rechecked };
}

/** Per-target sum of squared LOO residuals (c + y/alpha in primal mode) / diag(G⁻¹), row-wise. */
function looSse(c: Float32Array | Float64Array, y: Float64Array, diag: Float64Array, invAlpha: number, n: number, bw: number): Float64Array {
  const sse = new Float64Array(bw);
  for (let i = 0; i < n; i++) {
    const inv = 1 / diag[i]!;
    const o = i * bw;
    for (let t = 0; t < bw; t++) {
      const e = (c[o + t]! + invAlpha * y[o + t]!) * inv;
      sse[t]! += e * e;
    }
  }
  return sse;
}

/** Index of the highest score of target col; the first wins ties (scikit-learn updates on '>'). */
function argmaxFirst(scores: Float64Array, col: number, dd: number, na: number): number {
  let b = 0;
  for (let a = 1; a < na; a++) if (scores[a * dd + col]! > scores[b * dd + col]!) b = a;
  return b;
}

/** Alphas whose score is within TIE_MARGIN (relative) of the best one, the best included. */
function tiedAlphas(scores: Float64Array, col: number, dd: number, na: number, b: number): number[] {
  const top = scores[b * dd + col]!;
  const out: number[] = [];
  for (let a = 0; a < na; a++) if (Math.abs(scores[a * dd + col]! - top) <= TIE_MARGIN * Math.abs(top)) out.push(a);
  return out;
}

function pickColumns(m: Matrix64, cols: number[]): Matrix64 {
  const out = new Float64Array(m.rows * cols.length);
  for (let i = 0; i < m.rows; i++) cols.forEach((c, k) => (out[i * cols.length + k] = m.data[i * m.cols + c]!));
  return { rows: m.rows, cols: cols.length, data: out };
}

/** diag(f) · z rounded to float32. */
function scaleRows32(z: Matrix64, f: Float64Array): Matrix32 {
  const out = new Float32Array(z.data.length);
  for (let r = 0; r < z.rows; r++) {
    const v = f[r]!;
    const o = r * z.cols;
    for (let c = 0; c < z.cols; c++) out[o + c] = z.data[o + c]! * v;
  }
  return { rows: z.rows, cols: z.cols, data: out };
}

/** diag(G⁻¹): sum_j f_j U_ij² (+ 1/alpha - [intercept] 1/(alpha n) in primal mode). */
function gInverseDiag(f: Float64Array, sq: Float64Array, n: number, r: number, invAlpha: number, fitIntercept: boolean): Float64Array {
  const diag = new Float64Array(n);
  const shift = invAlpha - (fitIntercept ? invAlpha / n : 0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * r;
    for (let j = 0; j < r; j++) s += f[j]! * sq[o + j]!;
    diag[i] = s + shift;
  }
  return diag;
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
