import { z } from "zod";
import type { Matrix64 } from "@neurotranslator/schema";
import { gcvSearch, type AlphaSearch } from "./gcv.ts";
import { linearRegressor } from "./linear-regressor.ts";
import { alphaEdges, alphaGridOptions, resolveAlphaGrid, spectrumScale } from "./alpha-grid.ts";
import { foldOptions, preprocessOptions } from "./options.ts";
import { kfoldSearch } from "./ridge-kfold.ts";
import { planRidge, RidgePrecision, type RidgePlan } from "./ridge-plan.ts";
import { decompose, spectralWeights } from "./spectrum.ts";
import type { Regressor, SolverContext } from "./types.ts";

/**
 * Options of `ridge-cv`. The default grid is relative to the data (DEFAULT_RELATIVE_ALPHAS times the
 * mean non-zero eigenvalue of X̃ᵀX̃), so results do not depend on the responses' units; with
 * `alphas: logspace(-2, 6, 20)` it is scikit-learn's RidgeCV(alphas, alpha_per_target=True).
 */
export const RidgeCvOptions = z.object({
  ...alphaGridOptions,
  /** "loo": efficient leave-one-out (GCV); a number: k-fold CV with that many folds. */
  cv: z
    .union([z.literal("loo"), z.number().int().min(2, { error: 'cv must be "loo" or an integer >= 2' })])
    .default("loo"),
  /**
   * Arithmetic (see ridge-plan.ts): "auto" picks "float32" (float32 kernel and eigensystem, for
   * eigensystems of FLOAT32_EIGEN_MIN rows and more on the native engine) or "mixed" (float64
   * eigensystem, float32 leave-one-out products, near ties and final coefficients in float64);
   * "float64" does all in float64. K-fold CV (cv = k) is float64 throughout.
   */
  precision: RidgePrecision.default("auto"),
  /** Targets processed together (bounds memory to about nSamples x batchSize doubles per buffer). */
  batchSize: z.number().int().positive().default(1024),
  ...foldOptions,
  ...preprocessOptions,
});
export type RidgeCvOptions = z.infer<typeof RidgeCvOptions>;

/**
 * `ridge-cv` (the default solver): ridge with alpha chosen PER TARGET from a grid,
 * minimising ||y_d - X w_d - b_d||² + alpha_d ||w_d||² for each feature d. With cv "loo" the
 * choice is scikit-learn 1.2's efficient leave-one-out (same alphas and predictions for the same
 * data); with cv = k, seeded k-fold. Kernel (dual) form when samples <= voxels, primal otherwise.
 * Ridge suits distributed codes where many voxels each carry a little signal (fMRI -> CNN features).
 * Diagnostics: `alphas` (chosen, [D]), `cvScores` ([nAlphas][D], negative MSE), `alphaGrid` (the
 * absolute alphas searched), `alphaRule` (how the grid was made), `alphaEdges` (targets that
 * chose the grid's smallest or largest alpha) and `plan` (engine, form and precision, ridge-plan.ts).
 */
export function createRidgeCv(options: RidgeCvOptions, ctx: SolverContext): Regressor {
  return linearRegressor("ridge-cv", options, ctx, (prep, raw) => {
    const { backend, onProgress } = ctx;
    const plan: RidgePlan = planRidge(
      backend,
      prep.xRaw.rows,
      prep.xRaw.cols,
      options.cv === "loo" ? options.precision : "float64",
    );
    const spec = decompose(
      backend,
      prep,
      options.fitIntercept,
      plan.form,
      plan.precision === "float32" ? "float32" : "float64",
    );
    onProgress?.({ stage: "ridge-cv: decomposed", done: 0, total: 1 });
    const { alphas, rule } = resolveAlphaGrid(options, () => spectrumScale(spec.values, spec.interceptDim));
    let search: AlphaSearch;
    let weights: { w: Matrix64 } | { dual: Matrix64 };
    let rechecked: number | undefined;
    if (options.cv === "loo") {
      const gcv = gcvSearch(backend, spec, prep, prep.y, {
        alphas,
        fitIntercept: options.fitIntercept,
        batch: options.batchSize,
        onProgress,
        precision: plan.precision,
      });
      if (gcv.uncertain !== undefined) plan.uncertainTargets = gcv.uncertain;
      search = gcv;
      rechecked = gcv.rechecked;
      weights = { dual: gcv.dual };
    } else {
      // The grid comes from the full training data; every fold searches the same alphas.
      search = kfoldSearch(
        backend,
        raw.x,
        raw.y,
        alphas,
        { ...options, folds: options.cv, batch: options.batchSize },
        onProgress,
      );
      const picked = Float64Array.from(search.best, (i) => alphas[i]!);
      weights = { w: spectralWeights(backend, spec, prep, picked, { batch: options.batchSize }) };
    }
    const chosen = Float64Array.from(search.best, (i) => alphas[i]!);
    const dd = prep.y.cols;
    const cvScores = alphas.map((_, a) => Array.from(search.scores.subarray(a * dd, (a + 1) * dd)));
    const alphaEdgeCounts = alphaEdges(search.best, search.scores, alphas.length, alphas);
    return {
      ...weights,
      diagnostics: {
        solver: "ridge-cv",
        alphas: Array.from(chosen),
        cvScores,
        alphaGrid: alphas,
        alphaRule: rule,
        alphaEdges: alphaEdgeCounts,
        mode: spec.mode,
        cv: options.cv,
        rechecked,
        plan: { ...plan },
      },
    };
  });
}
