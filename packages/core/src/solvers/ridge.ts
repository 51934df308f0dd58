import { z } from "zod";
import type { Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { linearRegressor } from "./linear-regressor.ts";
import { positiveAlpha, preprocessOptions } from "./options.ts";
import { transpose } from "./spectrum.ts";
import type { Regressor, SolverContext } from "./types.ts";

/** Options of `ridge`: one fixed alpha for every target. */
export const RidgeOptions = z.object({
  alpha: positiveAlpha("alpha").default(1),
  ...preprocessOptions,
});
export type RidgeOptions = z.infer<typeof RidgeOptions>;

/**
 * Ridge weights for one alpha by Cholesky: minimises ||Y - X W||² + alpha ||W||² on preprocessed
 * X: [n, p], Y: [n, D]. Kernel form W = Xᵀ (X Xᵀ + alpha I)⁻¹ Y when n <= p, else
 * W = (Xᵀ X + alpha I)⁻¹ Xᵀ Y. Returns w: [p, D].
 */
export function ridgeWeights(backend: LinalgBackend, x: Matrix64, y: Matrix64, alpha: number): Matrix64 {
  if (x.rows <= x.cols) {
    const k = backend.gram(x);
    for (let i = 0; i < k.rows; i++) k.data[i * k.rows + i]! += alpha;
    return backend.matmul64(x, backend.solveSpd(k, y), true);
  }
  const c = backend.gram(transpose(x));
  for (let i = 0; i < c.rows; i++) c.data[i * c.rows + i]! += alpha;
  return backend.solveSpd(c, backend.matmul64(x, y, true));
}

/**
 * `ridge`: L2-regularised least squares with a fixed alpha,
 * minimising ||Y - X W - 1 bᵀ||²_F + alpha ||W||²_F (intercept b not penalised).
 * Use it when alpha is known (e.g. chosen in an earlier run); otherwise prefer `ridge-cv`, the
 * default for distributed voxel codes.
 */
export function createRidge(options: RidgeOptions, ctx: SolverContext): Regressor {
  return linearRegressor("ridge", options, ctx, (prep) => ({
    w: ridgeWeights(ctx.backend, prep.x, prep.y, options.alpha),
    diagnostics: {
      solver: "ridge",
      alpha: options.alpha,
      mode: prep.x.rows <= prep.x.cols ? "dual" : "primal",
    },
  }));
}
