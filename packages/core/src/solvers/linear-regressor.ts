import { NtError } from "@neurotranslator/data/errors";
import type { Matrix32, Matrix64 } from "@neurotranslator/data/schema";
import { preprocess, toOriginalUnits, type Preprocessed, type PreprocessOptions } from "./preprocess.ts";
import type { FitDiagnostics, LinearModel, Regressor, SolverContext } from "./types.ts";
import { checkMatrix, checkTrainingData } from "./validate.ts";

/** Fits weights w: [p, D] on preprocessed data; the raw X, Y are passed for solvers that re-split them. */
export type WeightFitter = (prep: Preprocessed, raw: { x: Matrix32; y: Matrix32 }) => { w: Matrix64; diagnostics: FitDiagnostics };

/**
 * The shared estimator shell: validates input, preprocesses with training statistics, calls the
 * solver-specific fitter, maps the weights back to original units, predicts X · coef + intercept.
 */
export function linearRegressor(
  solver: string,
  config: Readonly<Record<string, unknown>> & PreprocessOptions,
  ctx: SolverContext,
  fitWeights: WeightFitter,
): Regressor {
  let model: LinearModel | undefined;
  return {
    solver,
    config,
    get model() {
      return model;
    },
    fit(x, y) {
      checkTrainingData(solver, x, y);
      const prep = preprocess(x, y, config);
      const { w, diagnostics } = fitWeights(prep, { x, y });
      model = toOriginalUnits(w, prep);
      return diagnostics;
    },
    predict(x) {
      if (model === undefined) throw new NtError("BAD_INPUT", `${solver}: predict called before fit`);
      checkMatrix(solver, "X", x);
      return predictLinear(ctx, model, x, solver);
    },
  };
}

/** Ŷ = X · coef + intercept for X: [m, p]; returns [m, D] float32. */
export function predictLinear(ctx: SolverContext, model: LinearModel, x: Matrix32, solver = "predict"): Matrix32 {
  if (x.cols !== model.coef.rows) {
    throw new NtError("BAD_INPUT", `${solver}: X has ${x.cols} columns (shape (${x.rows}, ${x.cols})) but the model was fitted on ${model.coef.rows} voxels`);
  }
  const xd: Matrix64 = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
  const y = ctx.backend.matmul64(xd, model.coef);
  const out = new Float32Array(y.data.length);
  const dd = y.cols;
  for (let i = 0; i < y.rows; i++) for (let d = 0; d < dd; d++) out[i * dd + d] = y.data[i * dd + d]! + model.intercept[d]!;
  return { rows: y.rows, cols: dd, data: out };
}
