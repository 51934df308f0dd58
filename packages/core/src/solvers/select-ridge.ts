import { z } from "zod";
import type { Matrix64 } from "@neurotranslator/schema";
import { gcvSearch } from "./gcv.ts";
import { linearRegressor } from "./linear-regressor.ts";
import {
  ALPHA_SCALE_DEFINITION,
  alphaEdges,
  alphaGridOptions,
  resolveAlphaGrid,
  spectrumScale,
  type AlphaEdges,
} from "./alpha-grid.ts";
import { positiveAlpha, preprocessOptions } from "./options.ts";
import { denseDesign } from "./preprocess.ts";
import { ridgeWeights } from "./ridge.ts";
import { decompose, spectralWeights } from "./spectrum.ts";
import type { SelectRidgeAlphaRule } from "./diagnostics.ts";
import type { Regressor, SolverContext } from "./types.ts";

/** Options of `select-ridge`. */
export const SelectRidgeOptions = z.object({
  /** Voxels kept per feature (all voxels when k >= nVoxels). */
  k: z.number().int().positive().default(500),
  /** Fixed alpha; when absent, alpha is chosen per feature by leave-one-out over `alphas`. */
  alpha: positiveAlpha("alpha").optional(),
  /** The grid of the leave-one-out choice: absolute `alphas`, else `relativeAlphas` times each feature's own design scale. */
  ...alphaGridOptions,
  ...preprocessOptions,
});
export type SelectRidgeOptions = z.infer<typeof SelectRidgeOptions>;

/**
 * Voxel-by-feature training correlations (X, Y preprocessed, centred when fitting an intercept):
 * r[j, d] = <x_j, y_d> / (||x_j|| ||y_d||). Returns |r|: [p, D].
 */
function absCorrelations(ctx: SolverContext, x: Matrix64, y: Matrix64): Matrix64 {
  const c = ctx.backend.matmul64(x, y, true);
  const norm = (m: Matrix64) => {
    const s = new Float64Array(m.cols);
    for (let i = 0; i < m.data.length; i++) s[i % m.cols]! += m.data[i]! ** 2;
    return s.map((v) => (v > 0 ? Math.sqrt(v) : Infinity));
  };
  const nx = norm(x);
  const ny = norm(y);
  for (let j = 0; j < c.rows; j++)
    for (let d = 0; d < c.cols; d++)
      c.data[j * c.cols + d] = Math.abs(c.data[j * c.cols + d]! / (nx[j]! * ny[d]!));
  return c;
}

/** Indices of the k largest values of column d of m (ties: lower index first), ascending. */
function topK(m: Matrix64, d: number, k: number): Int32Array {
  const idx = Array.from({ length: m.rows }, (_, j) => j);
  idx.sort((a, b) => m.data[b * m.cols + d]! - m.data[a * m.cols + d]! || a - b);
  return Int32Array.from(idx.slice(0, k)).sort();
}

function pick(x: Matrix64, cols: Int32Array): Matrix64 {
  const out = new Float64Array(x.rows * cols.length);
  for (let i = 0; i < x.rows; i++)
    for (let t = 0; t < cols.length; t++) out[i * cols.length + t] = x.data[i * x.cols + cols[t]!]!;
  return { rows: x.rows, cols: cols.length, data: out };
}

/**
 * `select-ridge` (Horikawa & Kamitani 2017, as bdpy): for each feature keep the k voxels with the
 * largest absolute training correlation, then fit ridge on those voxels only (fixed alpha, or
 * per-feature leave-one-out as ridge-cv). Helps when most voxels are noise for a given feature;
 * costs one small ridge per feature (D fits of size n x k).
 * Diagnostics: `alphas` [D], `selected` (the voxel indices per feature, [D][k]), `alphaRule` and
 * `alphaEdges` (a relative grid is scaled per feature, by its k voxels' design).
 */
export function createSelectRidge(options: SelectRidgeOptions, ctx: SolverContext): Regressor {
  return linearRegressor("select-ridge", options, ctx, (prep) => {
    const { x, y } = prep;
    const p = x.cols;
    const dd = y.cols;
    const k = Math.min(options.k, p);
    const r = absCorrelations(ctx, x, y);
    const w: Matrix64 = { rows: p, cols: dd, data: new Float64Array(p * dd) };
    const alphas: number[] = [];
    const selected: number[][] = [];
    const edges: AlphaEdges = { nTargets: dd, atLowEdge: 0, atHighEdge: 0, undetermined: 0 };
    for (let d = 0; d < dd; d++) {
      const cols = topK(r, d, k);
      const xs = pick(x, cols);
      const yd: Matrix64 = {
        rows: y.rows,
        cols: 1,
        data: Float64Array.from({ length: y.rows }, (_, i) => y.data[i * dd + d]!),
      };
      let wd: Matrix64;
      if (options.alpha !== undefined) {
        wd = ridgeWeights(ctx.backend, xs, yd, options.alpha);
        alphas.push(options.alpha);
      } else {
        const spec = decompose(ctx.backend, denseDesign(xs), options.fitIntercept);
        const grid = resolveAlphaGrid(options, () => spectrumScale(spec.values, spec.interceptDim)).alphas;
        const search = gcvSearch(ctx.backend, spec, denseDesign(xs), yd, {
          alphas: grid,
          fitIntercept: options.fitIntercept,
          batch: 1,
        });
        const alpha = grid[search.best[0]!]!;
        const e = alphaEdges(search.best, search.scores, grid.length, grid);
        edges.atLowEdge += e.atLowEdge;
        edges.atHighEdge += e.atHighEdge;
        edges.undetermined += e.undetermined;
        wd = spectralWeights(ctx.backend, spec, { x: xs, y: yd }, Float64Array.of(alpha));
        alphas.push(alpha);
      }
      cols.forEach((j, t) => (w.data[j * dd + d] = wd.data[t]!));
      selected.push(Array.from(cols));
      ctx.onProgress?.({ stage: "select-ridge: per-feature fits", done: d + 1, total: dd });
    }
    const alphaRule: SelectRidgeAlphaRule =
      options.alphas !== undefined
        ? { rule: "absolute" }
        : {
            rule: "relative",
            relativeGrid: options.relativeAlphas,
            scaleDefinition: `${ALPHA_SCALE_DEFINITION}, per feature over its k selected voxels`,
          };
    return {
      w,
      diagnostics: {
        solver: "select-ridge",
        alphas,
        selected,
        k,
        ...(options.alpha === undefined ? { alphaRule, alphaEdges: edges } : {}),
      },
    };
  });
}
