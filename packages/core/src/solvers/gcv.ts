import type { Matrix32, Matrix64, ProgressCallback } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { Design } from "./preprocess.ts";
import { refineDual, scoreBounds, uncertainTargets } from "./float32-eigen.ts";
import { columns, type Spectrum } from "./spectrum.ts";

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

/** How `gcvSearch` searches: the alpha grid, the intercept, the target batch and the arithmetic. */
export interface GcvSearchOptions {
  alphas: readonly number[];
  fitIntercept: boolean;
  /** Targets processed together. */
  batch: number;
  onProgress?: ProgressCallback;
  /** Default "mixed" (see gcvSearch). */
  precision?: "float32" | "mixed" | "float64";
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
 * precision "mixed": the per-alpha products c = U (f ⊙ Uᵀy) (the bulk of the work) run in float32
 * in the engine (`looSse`); wherever another alpha scores within 1e-5 (relative) of a target's
 * best, those tied alphas are re-scored in float64, and the returned dual coefficients are
 * recomputed in float64 at the chosen alphas, so choices and coefficients equal the all-float64
 * path ("float64") up to that margin. precision "float32" (a float32 eigensystem, spec.vectors32,
 * dual form; float32-eigen.ts) ranks by its float32 scores, counts in `uncertain` the targets where
 * another alpha scores within the eigensystem's error bound of the best (there the choice may differ
 * from float64's; ridge-float32.test.ts bounds what that does to held-out scores), and refines the
 * chosen dual coefficients against the float64 kernel, so they are float64's at the chosen alphas.
 */
export function gcvSearch(
  backend: LinalgBackend,
  spec: Spectrum,
  design: Design,
  y: Matrix64,
  options: GcvSearchOptions,
): GcvSearch & { rechecked: number; uncertain?: number } {
  const { alphas, fitIntercept, batch, onProgress, precision = "mixed" } = options;
  const n = y.rows;
  const dd = y.cols;
  const na = alphas.length;
  const svd = spec.mode === "primal" ? leftSingularVectors(backend, spec, design.x) : undefined;
  const basis = svd?.u ?? spec.vectors;
  const basis32: Matrix32 =
    svd === undefined && spec.vectors32 !== undefined
      ? spec.vectors32
      : { rows: basis.rows, cols: basis.cols, data: new Float32Array(basis.data) };
  // A float32 eigensystem (precision "float32", dual form): its choices are counted where another
  // alpha scores within the error bound, and the chosen coefficients are refined in float64.
  const f32 =
    spec.matrix !== undefined && spec.mode === "dual"
      ? { matrix: spec.matrix, bounds: scoreBounds(spec, alphas) }
      : undefined;
  let uncertain = 0;
  const r = basis.cols;
  const filters = alphas.map((alpha) => filter(spec, svd?.s2, r, alpha));
  const shifts = Float64Array.from(alphas, (alpha) => (spec.mode === "primal" ? 1 / alpha : 0));
  const filterRows: Matrix64 = { rows: na, cols: r, data: new Float64Array(na * r) };
  filters.forEach((f, a) => filterRows.data.set(f, a * r));
  const diags = gInverseDiags(backend, basis, filterRows, shifts, fitIntercept);
  const best = new Int32Array(dd);
  const scores = new Float64Array(na * dd);
  // Dual coefficients [n, D]; the one batch's product itself when it covers every target (dual mode).
  let dual: Matrix64 | undefined;
  let rechecked = 0;
  const total = Math.ceil(dd / batch);
  for (let c0 = 0; c0 < dd; c0 += batch) {
    const yb = columns(y, c0, Math.min(dd, c0 + batch));
    const bw = yb.cols;
    const ctx: BatchContext = {
      backend,
      basis,
      filterRows,
      diags,
      shifts,
      yb,
      z: backend.matmul64(basis, yb, true),
    };
    const setScores = (pairs: Pair[]) =>
      rescore(ctx, pairs).forEach((v, k) => (scores[pairs[k]!.a * dd + c0 + pairs[k]!.t] = -v / n));
    if (precision !== "float64") {
      const sse = backend.looSse({ u: basis32, z: ctx.z, y: yb, filters: filterRows, diags, shifts });
      for (let a = 0; a < na; a++)
        for (let t = 0; t < bw; t++) scores[a * dd + c0 + t] = -sse.data[a * bw + t]! / n;
    } else {
      setScores(alphas.flatMap((_, a) => Array.from({ length: bw }, (_, t) => ({ a, t }))));
    }
    onProgress?.({ stage: "ridge-cv: leave-one-out", done: c0 / batch + 1, total });
    if (f32 !== undefined) uncertain += uncertainTargets(scores, f32.bounds, dd, c0, bw);
    // Near ties: re-score in float64 only the (alpha, target) pairs within the margin of the top.
    const tiedPairs: Pair[] = [];
    for (let t = 0; precision !== "float64" && f32 === undefined && t < bw; t++) {
      const tied = tiedAlphas(scores, c0 + t, dd, na, argmaxFirst(scores, c0 + t, dd, na));
      if (tied.length > 1) {
        rechecked++;
        for (const a of tied) tiedPairs.push({ a, t });
      }
    }
    setScores(tiedPairs);
    for (let t = 0; t < bw; t++) best[c0 + t] = argmaxFirst(scores, c0 + t, dd, na);
    // Dual coefficients at the chosen alphas, in float64: C = U diag(f_best) Z (+ Y/alpha in primal mode).
    const bestPairs = Array.from({ length: bw }, (_, t) => ({ a: best[c0 + t]!, t }));
    let cBest: Float64Array;
    if (f32 === undefined) cBest = pairProduct(ctx, bestPairs);
    else {
      // The start and the preconditioner only steer the refinement, whose fixed point is the float64
      // solution against K, so they run in float32 (half the time of these products in float64).
      const precondition = (res: Float64Array) =>
        filteredProduct32(backend, basis32, filterRows, bestPairs, res);
      cBest = filteredProduct32(backend, basis32, filterRows, bestPairs, yb.data);
      const system = {
        k: f32.matrix,
        centred: fitIntercept,
        y: yb,
        alpha: Float64Array.from(bestPairs, (p) => alphas[p.a]!),
      };
      refineDual(backend, system, cBest, precondition);
    }
    if (bw === dd && spec.mode === "dual") dual = { rows: n, cols: dd, data: cBest };
    else {
      dual ??= { rows: n, cols: dd, data: new Float64Array(n * dd) };
      for (let i = 0; i < n; i++) {
        const o = i * dd + c0;
        for (let t = 0; t < bw; t++)
          dual.data[o + t] = cBest[i * bw + t]! + shifts[best[c0 + t]!]! * yb.data[i * bw + t]!;
      }
    }
  }
  return { best, scores, dual: dual!, rechecked, ...(f32 === undefined ? {} : { uncertain }) };
}

/** One (alpha index, target column within the batch) pair. */
interface Pair {
  a: number;
  t: number;
}

/** What the float64 products of one target batch need: the basis, filters, diagonals, Y and Z = Uᵀ Y. */
interface BatchContext {
  backend: LinalgBackend;
  basis: Matrix64;
  filterRows: Matrix64;
  diags: Matrix64;
  shifts: Float64Array;
  yb: Matrix64;
  z: Matrix64;
}

/** C for (alpha, target) pairs in float64, [n, pairs]: U · (f_alpha ⊙ z_target), one product. */
function pairProduct(ctx: BatchContext, pairs: Pair[], z: Matrix64 = ctx.z): Float64Array {
  const { basis, filterRows } = ctx;
  const r = basis.cols;
  const np = pairs.length;
  const zCol = Int32Array.from(pairs, (p) => p.t);
  const fRow = Int32Array.from(pairs, (p) => p.a * r);
  const fz = new Float64Array(r * np);
  for (let j = 0; j < r; j++) {
    const zo = j * z.cols;
    const o = j * np;
    for (let k = 0; k < np; k++) fz[o + k] = z.data[zo + zCol[k]!]! * filterRows.data[fRow[k]! + j]!;
  }
  return ctx.backend.matmul64(basis, { rows: r, cols: np, data: fz }).data;
}

/**
 * U · (f_alpha ⊙ (Uᵀ v)) for each pair's column of v [n, pairs] (column k filtered by pair k's alpha),
 * in float32 on the float32 basis: the eigensystem's inverse applied, to float32 accuracy.
 */
function filteredProduct32(
  backend: LinalgBackend,
  basis32: Matrix32,
  filterRows: Matrix64,
  pairs: Pair[],
  v: Float64Array,
): Float64Array {
  const { rows: n, cols: r } = basis32;
  const np = pairs.length;
  const z = backend.matmul32(basis32, { rows: n, cols: np, data: Float32Array.from(v) }, true).data;
  for (let j = 0; j < r; j++)
    for (let k = 0; k < np; k++) z[j * np + k] = z[j * np + k]! * filterRows.data[pairs[k]!.a * r + j]!;
  return Float64Array.from(backend.matmul32(basis32, { rows: r, cols: np, data: z }).data);
}

/** Sums of squared LOO residuals ((c + shift_a y_t) / diag_a)² per pair, in float64, a batch width at a time. */
function rescore(ctx: BatchContext, pairs: Pair[]): Float64Array {
  const { yb: y, diags, shifts } = ctx;
  const n = y.rows;
  const sse = new Float64Array(pairs.length);
  for (let k0 = 0; k0 < pairs.length; k0 += y.cols) {
    const chunk = pairs.slice(k0, k0 + y.cols);
    const c = pairProduct(ctx, chunk);
    const np = chunk.length;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < np; k++) {
        const { a, t } = chunk[k]!;
        const e = (c[i * np + k]! + shifts[a]! * y.data[i * y.cols + t]!) / diags.data[a * n + i]!;
        sse[k0 + k]! += e * e;
      }
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
  for (let a = 0; a < na; a++)
    if (Math.abs(scores[a * dd + col]! - top) <= TIE_MARGIN * Math.abs(top)) out.push(a);
  return out;
}

/**
 * diag(G⁻¹) for every alpha, [nAlphas, n]: sum_j f_j U_ij² as one product F · (U∘U)ᵀ, plus
 * 1/alpha (less the intercept direction's 1/(alpha n)) in primal mode.
 */
function gInverseDiags(
  backend: LinalgBackend,
  basis: Matrix64,
  filters: Matrix64,
  shifts: Float64Array,
  fitIntercept: boolean,
): Matrix64 {
  const { rows: n, cols: r } = basis;
  const diags: Matrix64 = { rows: filters.rows, cols: n, data: new Float64Array(filters.rows * n) };
  // U∘U a block of rows at a time, so the squares never need a full [n, r] copy.
  const rowsPerBlock = 128;
  const sq = new Float64Array(rowsPerBlock * r);
  for (let i0 = 0; i0 < n; i0 += rowsPerBlock) {
    const m = Math.min(rowsPerBlock, n - i0);
    for (let k = 0; k < m * r; k++) sq[k] = basis.data[i0 * r + k]! * basis.data[i0 * r + k]!;
    const part = backend.matmul64(filters, { rows: m, cols: r, data: sq.subarray(0, m * r) }, false, true);
    for (let a = 0; a < filters.rows; a++) diags.data.set(part.data.subarray(a * m, (a + 1) * m), a * n + i0);
  }
  shifts.forEach((s, a) => {
    const shift = s - (fitIntercept ? s / n : 0);
    for (let i = 0; i < n; i++) diags.data[a * n + i] = diags.data[a * n + i]! + shift;
  });
  return diags;
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
function leftSingularVectors(
  backend: LinalgBackend,
  spec: Spectrum,
  x: Matrix64,
): { u: Matrix64; s2: Float64Array } {
  const vals = spec.values;
  let max = 0;
  for (const v of vals) max = Math.max(max, v);
  const idx: number[] = [];
  for (let j = 0; j < vals.length; j++) if (vals[j]! > max * vals.length * 2 ** -52) idx.push(j);
  const v = spec.vectors;
  const vr = new Float64Array(v.rows * idx.length);
  for (let i = 0; i < v.rows; i++)
    for (let t = 0; t < idx.length; t++)
      vr[i * idx.length + t] = v.data[i * v.cols + idx[t]!]! / Math.sqrt(vals[idx[t]!]!);
  const u = backend.matmul64(x, { rows: v.rows, cols: idx.length, data: vr });
  return { u, s2: Float64Array.from(idx, (j) => vals[j]!) };
}
