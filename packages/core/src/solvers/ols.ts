import { z } from "zod";
import { linearRegressor } from "./linear-regressor.ts";
import { preprocessOptions } from "./options.ts";
import { decompose, spectralWeights } from "./spectrum.ts";
import type { Regressor, SolverContext } from "./types.ts";

/** Options of `ols`. */
export const OlsOptions = z.object({
  /**
   * Relative cutoff on the eigenvalues of the Gram matrix (squared singular values): directions
   * with lambda <= rcond * lambda_max are dropped. Default max(n, p) * machine epsilon. Note this
   * is on squared singular values, so it is numpy's rcond squared-scaled: the Gram matrix squares
   * the condition number and its eigenvalues below ~eps * lambda_max are rounding noise.
   */
  rcond: z.number().positive().optional(),
  ...preprocessOptions,
});
export type OlsOptions = z.infer<typeof OlsOptions>;

/**
 * `ols`: minimum-norm least squares W = X⁺ Y (pseudo-inverse through the eigendecomposition of
 * the smaller Gram matrix, X Xᵀ when n <= p). With more voxels than images it interpolates the
 * training set, but that alone does not make it fail: on the easy simulation with 8,428 voxels and
 * 1,630 images it decodes feature r 0.892 (ridge-cv 0.887), because minimum-norm solutions are
 * implicitly regularised when voxels far outnumber images. It collapses near voxels = images (the
 * interpolation threshold: 0.279 at 1,602 voxels), or when the pairing of images and responses is
 * broken; `neurotranslator reproduce-2020` shows which of these reproduces the 2020 study's figures.
 * Kept for that comparison, not as a recommended model.
 */
export function createOls(options: OlsOptions, ctx: SolverContext): Regressor {
  return linearRegressor("ols", options, ctx, (prep) => {
    const { x, y } = prep;
    // Centred data already have the constant direction in their null space: no 1 1ᵀ term needed.
    const spec = decompose(ctx.backend, prep, false);
    let max = 0;
    for (const v of spec.values) max = Math.max(max, v);
    const rcond = options.rcond ?? Math.max(x.rows, x.cols) * 2 ** -52;
    const cutoff = rcond * max;
    const alphas = new Float64Array(y.cols);
    const rank = spec.values.filter((v) => v > cutoff).length;
    return {
      w: spectralWeights(ctx.backend, spec, { x, y }, alphas, { cutoff }),
      diagnostics: { solver: "ols", rank, rcond, mode: spec.mode },
    };
  });
}
