import { z } from "zod";
import { NtError } from "@neurotranslator/schema";
import type { Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { alphaGrid, enetGram, type CdResult, type GramProblem } from "./coordinate-descent.ts";
import { kFolds } from "./folds.ts";
import { linearRegressor } from "./linear-regressor.ts";
import { foldOptions, positiveAlpha, preprocessOptions } from "./options.ts";
import type { Preprocessed } from "./preprocess.ts";
import { columns, transpose } from "./spectrum.ts";
import type { Convergence, SparseDiagnostics } from "./diagnostics.ts";
import type { Regressor, SolverContext } from "./types.ts";

/** Largest voxel count for which the p x p Gram matrix (8 p² bytes) is built. */
const MAX_GRAM_VOXELS = 20_000;

const sparseFields = {
  /** Fixed alpha; when absent, alpha is chosen per target by k-fold CV along the path. */
  alpha: positiveAlpha("alpha").optional(),
  cv: z.number().int().min(2, { error: "cv must be an integer >= 2" }).default(5),
  nAlphas: z.number().int().positive().default(100),
  /** Path from alpha_max (all weights zero) down to eps * alpha_max. */
  eps: z.number().positive().lt(1).default(1e-3),
  tol: z.number().positive().default(1e-4),
  maxIter: z.number().int().positive().default(1000),
  ...foldOptions,
  ...preprocessOptions,
};
export const LassoOptions = z.object(sparseFields);
export type LassoOptions = z.infer<typeof LassoOptions>;
export const ElasticNetOptions = z.object({
  ...sparseFields,
  /** rho: 1 is the lasso, 0 would be ridge (not allowed here: use ridge). */
  l1Ratio: z
    .number()
    .gt(0, { error: "l1Ratio must be in (0, 1]" })
    .max(1, { error: "l1Ratio must be in (0, 1]" })
    .default(0.5),
});
export type ElasticNetOptions = z.infer<typeof ElasticNetOptions>;

function track(conv: Convergence, r: CdResult): void {
  conv.fits++;
  if (!r.converged) conv.notConverged++;
  conv.maxIterations = Math.max(conv.maxIterations, r.iterations);
}

/** Sufficient statistics of one (training) set: G = Xcᵀ Xc, Q = Xcᵀ Yc, yy = ||Yc||² per target. */
interface Stats {
  g: Float64Array;
  q: Matrix64;
  yy: Float64Array;
  n: number;
  xMean: Float64Array;
  yMean: Float64Array;
}

function fullStats(backend: LinalgBackend, x: Matrix64, y: Matrix64): Stats {
  const yy = new Float64Array(y.cols);
  for (let i = 0; i < y.data.length; i++) yy[i % y.cols]! += y.data[i]! ** 2;
  return {
    g: backend.gram(transpose(x)).data,
    q: backend.matmul64(x, y, true),
    yy,
    n: x.rows,
    xMean: new Float64Array(x.cols),
    yMean: new Float64Array(y.cols),
  };
}

/** Rows of the held-out Gram Xhᵀ Xh: [p, p] formed per block, so no second [p, p] matrix is held. */
const HELD_GRAM_ROWS = 512;

/** One CV fold: the data X: [n, p], Y: [n, D] and the rows it holds out. */
interface CvFold {
  x: Matrix64;
  y: Matrix64;
  held: Int32Array;
}

/**
 * Training-fold statistics by downdating the full ones: centring within the fold is exact. The
 * fold's Gram is written into `gBuffer` ([p, p], reused across folds: at 8,428 voxels each is 568 MB).
 */
function foldStats(
  backend: LinalgBackend,
  full: Stats,
  fold: CvFold,
  options: { center: boolean; gBuffer: Float64Array },
): Stats {
  const { x, y, held } = fold;
  const { center, gBuffer } = options;
  const p = x.cols;
  const dd = y.cols;
  const xh: Matrix64 = { rows: held.length, cols: p, data: new Float64Array(held.length * p) };
  const yh: Matrix64 = { rows: held.length, cols: dd, data: new Float64Array(held.length * dd) };
  held.forEach((r, t) => {
    xh.data.set(x.data.subarray(r * p, (r + 1) * p), t * p);
    yh.data.set(y.data.subarray(r * dd, (r + 1) * dd), t * dd);
  });
  const nt = x.rows - held.length;
  const sum = (m: Matrix64, src: Matrix64) => {
    const s = new Float64Array(m.cols);
    for (let i = 0; i < src.rows; i++) for (let j = 0; j < m.cols; j++) s[j]! += src.data[i * m.cols + j]!;
    return s;
  };
  const xAll = sum(x, x),
    xHeld = sum(x, xh),
    yAll = sum(y, y),
    yHeld = sum(y, yh);
  const xMean = center ? xAll.map((v, j) => (v - xHeld[j]!) / nt) : new Float64Array(p);
  const yMean = center ? yAll.map((v, j) => (v - yHeld[j]!) / nt) : new Float64Array(dd);
  const g = gBuffer;
  for (let i0 = 0; i0 < p; i0 += HELD_GRAM_ROWS) {
    const i1 = Math.min(p, i0 + HELD_GRAM_ROWS);
    const gh = backend.matmul64(columns(xh, i0, i1), xh, true).data;
    for (let i = i0; i < i1; i++) {
      for (let j = 0; j < p; j++)
        g[i * p + j] = full.g[i * p + j]! - gh[(i - i0) * p + j]! - nt * xMean[i]! * xMean[j]!;
    }
  }
  const qh = backend.matmul64(xh, yh, true);
  const q = new Float64Array(p * dd);
  for (let j = 0; j < p; j++)
    for (let d = 0; d < dd; d++)
      q[j * dd + d] = full.q.data[j * dd + d]! - qh.data[j * dd + d]! - nt * xMean[j]! * yMean[d]!;
  const yy = new Float64Array(dd);
  for (let d = 0; d < dd; d++) {
    let s = 0;
    for (let i = 0; i < held.length; i++) s += yh.data[i * dd + d]! ** 2;
    yy[d] = full.yy[d]! - s - nt * yMean[d]! ** 2;
  }
  return { g, q: { rows: p, cols: dd, data: q }, yy, n: nt, xMean, yMean };
}

function column(m: Matrix64, d: number): Float64Array {
  return Float64Array.from({ length: m.rows }, (_, j) => m.data[j * m.cols + d]!);
}

/** Target d's Gram-form problem from the statistics s. */
function targetProblem(s: Stats, d: number): GramProblem {
  return { g: s.g, p: s.q.rows, q: column(s.q, d), yy: s.yy[d]!, n: s.n };
}

/** Weights for one target at one alpha from zero (h = G w starts at 0). */
function solveOne(
  s: Stats,
  d: number,
  alpha: number,
  rho: number,
  o: LassoOptions,
  conv: Convergence,
): Float64Array {
  const p = s.q.rows;
  const w = new Float64Array(p);
  const settings = { alpha, rho, tol: o.tol, maxIter: o.maxIter };
  track(conv, enetGram(targetProblem(s, d), settings, w, new Float64Array(p)));
  return w;
}

/** The regularisation paths: per target its alpha grid, with the l1 ratio rho and the solver options. */
interface PathSpec {
  grids: Float64Array[];
  rho: number;
  o: LassoOptions;
}

/** Mean held-out squared error along the path (warm starts) for every target: [nAlphas] per target. */
function foldPathErrors(s: Stats, fold: CvFold, path: PathSpec, conv: Convergence): Float64Array[] {
  const { x, y, held } = fold;
  const { grids, rho, o } = path;
  const p = x.cols;
  return grids.map((grid, d) => {
    const problem = targetProblem(s, d);
    const w = new Float64Array(p);
    const h = new Float64Array(p);
    return grid.map((alpha) => {
      track(conv, enetGram(problem, { alpha, rho, tol: o.tol, maxIter: o.maxIter }, w, h));
      let sse = 0;
      for (const r of held) {
        let pred = s.yMean[d]!;
        for (let j = 0; j < p; j++) pred += (x.data[r * p + j]! - s.xMean[j]!) * w[j]!;
        sse += (y.data[r * y.cols + d]! - pred) ** 2;
      }
      return sse / held.length;
    });
  });
}

function fitSparse<S extends "lasso" | "elastic-net">(
  solver: S,
  o: LassoOptions,
  rho: number,
  ctx: SolverContext,
  prep: Preprocessed,
): { w: Matrix64; diagnostics: SparseDiagnostics<S> } {
  const { x, y } = prep;
  const p = x.cols;
  const dd = y.cols;
  if (p > MAX_GRAM_VOXELS)
    throw new NtError(
      "LIMIT",
      `${solver}: ${p} voxels exceed the Gram-matrix limit of ${MAX_GRAM_VOXELS} (needs ${((8 * p * p) / 2 ** 30).toFixed(1)} GiB)`,
    );
  const conv: Convergence = { fits: 0, notConverged: 0, maxIterations: 0 };
  const full = fullStats(ctx.backend, x, y);
  const chosen = new Float64Array(dd);
  let cvMse: number[][] | undefined;
  if (o.alpha !== undefined) {
    chosen.fill(o.alpha);
  } else {
    const grids = Array.from({ length: dd }, (_, d) =>
      alphaGrid(column(full.q, d), x.rows, rho, o.nAlphas, o.eps),
    );
    const folds = kFolds(x.rows, o.cv, o.shuffle, o.seed, solver);
    const mse = grids.map((g) => new Float64Array(g.length));
    const gBuffer = new Float64Array(p * p);
    folds.forEach((held, f) => {
      const fold = { x, y, held };
      const s = foldStats(ctx.backend, full, fold, { center: o.fitIntercept, gBuffer });
      foldPathErrors(s, fold, { grids, rho, o }, conv).forEach((e, d) =>
        e.forEach((v, a) => (mse[d]![a]! += v / folds.length)),
      );
      ctx.onProgress?.({ stage: `${solver}: cv path`, done: f + 1, total: folds.length + 1 });
    });
    // Smallest mean error; ties go to the first (largest) alpha, as numpy argmin.
    mse.forEach((m, d) => {
      let best = 0;
      for (let a = 1; a < m.length; a++) if (m[a]! < m[best]!) best = a;
      chosen[d] = grids[d]![best]!;
    });
    cvMse = mse.map((m) => Array.from(m));
  }
  const w: Matrix64 = { rows: p, cols: dd, data: new Float64Array(p * dd) };
  let nonZero = 0;
  for (let d = 0; d < dd; d++) {
    const wd = solveOne(full, d, chosen[d]!, rho, o, conv);
    for (let j = 0; j < p; j++) {
      w.data[j * dd + d] = wd[j]!;
      if (wd[j] !== 0) nonZero++;
    }
  }
  ctx.onProgress?.({ stage: `${solver}: refit`, done: 1, total: 1 });
  return {
    w,
    diagnostics: {
      solver,
      alphas: Array.from(chosen),
      cvMse,
      meanNonZero: nonZero / dd,
      convergence: conv,
    },
  };
}

/**
 * `lasso`: minimises 1/(2n) ||y - X w||² + alpha ||w||₁ per target by coordinate descent (Gram
 * form), alpha fixed or chosen by k-fold CV on a path with warm starts. Helps when few voxels
 * carry the signal or a sparse, interpretable voxel map is wanted; on distributed codes ridge
 * predicts better.
 */
export function createLasso(options: LassoOptions, ctx: SolverContext): Regressor {
  return linearRegressor("lasso", options, ctx, (prep) => fitSparse("lasso", options, 1, ctx, prep));
}

/**
 * `elastic-net`: minimises 1/(2n) ||y - X w||² + alpha rho ||w||₁ + alpha (1 - rho)/2 ||w||²
 * (rho = l1Ratio). Sparse like the lasso but keeps groups of correlated voxels together, which
 * suits neighbouring voxels with similar tuning.
 */
export function createElasticNet(options: ElasticNetOptions, ctx: SolverContext): Regressor {
  return linearRegressor("elastic-net", options, ctx, (prep) =>
    fitSparse("elastic-net", options, options.l1Ratio, ctx, prep),
  );
}
