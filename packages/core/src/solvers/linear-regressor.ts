import { NtError } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import {
  crossKernel,
  preprocess,
  toOriginalUnits,
  type Preprocessed,
  type PreprocessOptions,
} from "./preprocess.ts";
import type { FitDiagnostics } from "./diagnostics.ts";
import type { LinearModel, Regressor, SolverContext } from "./types.ts";
import { checkMatrix, checkTrainingData } from "./validate.ts";

/**
 * Fits weights on preprocessed data: primal w: [p, D], or dual coefficients C: [n, D] with
 * w = Xᵀ C (kernel solvers; prediction then needs only K_test · C, and w is formed on first use).
 * The raw X, Y are passed for solvers that re-split them.
 */
export type WeightFitter<D extends FitDiagnostics = FitDiagnostics> = (
  prep: Preprocessed,
  raw: { x: Matrix32; y: Matrix32 },
) => ({ w: Matrix64 } | { dual: Matrix64 }) & { diagnostics: D };

interface Fitted {
  prep: Preprocessed;
  dual: Matrix64 | undefined;
  model: LinearModel | undefined;
}

/**
 * The shared estimator shell: validates input, preprocesses with training statistics, calls the
 * solver-specific fitter, maps the weights back to original units, predicts X · coef + intercept.
 */
export function linearRegressor<D extends FitDiagnostics>(
  solver: D["solver"],
  config: Readonly<Record<string, unknown>> & PreprocessOptions,
  ctx: SolverContext,
  fitWeights: WeightFitter<D>,
): Regressor {
  let fitted: Fitted | undefined;
  const model = (f: Fitted): LinearModel =>
    (f.model ??= toOriginalUnits(ctx.backend.matmul64(f.prep.x, f.dual!, true), f.prep));
  return {
    solver,
    config,
    get model() {
      return fitted === undefined ? undefined : model(fitted);
    },
    fit(x, y) {
      const sums = checkTrainingData(solver, x, y, ctx.backend);
      const prep = preprocess(x, y, config, undefined, sums);
      const out = fitWeights(prep, { x, y });
      fitted =
        "w" in out
          ? { prep, dual: undefined, model: toOriginalUnits(out.w, prep) }
          : { prep, dual: out.dual, model: undefined };
      return out.diagnostics;
    },
    predict(x) {
      if (fitted === undefined) throw new NtError("BAD_INPUT", `${solver}: predict called before fit`);
      checkMatrix(solver, "X", x);
      if (fitted.model !== undefined || fitted.dual === undefined)
        return predictLinear(ctx, model(fitted), x, solver);
      return predictDual(ctx, fitted.prep, fitted.dual, x, solver);
    },
  };
}

/** Ŷ = (transform(X) · X̃ᵀ) · C, back in original units, for X: [m, p]; [m, D] float32. */
function predictDual(
  ctx: SolverContext,
  prep: Preprocessed,
  dual: Matrix64,
  x: Matrix32,
  solver: string,
): Matrix32 {
  if (x.cols !== prep.xRaw.cols) {
    throw new NtError(
      "BAD_INPUT",
      `${solver}: X has ${x.cols} columns (shape (${x.rows}, ${x.cols})) but the model was fitted on ${prep.xRaw.cols} voxels`,
    );
  }
  const k = crossKernel(ctx.backend, prep, x);
  const y = ctx.backend.matmul64(k, dual);
  const dd = y.cols;
  const out = new Float32Array(y.data.length);
  for (let i = 0; i < y.rows; i++)
    for (let d = 0; d < dd; d++) out[i * dd + d] = y.data[i * dd + d]! * prep.yScale[d]! + prep.yMean[d]!;
  return { rows: y.rows, cols: dd, data: out };
}

/** Ŷ = X · coef + intercept for X: [m, p]; returns [m, D] float32. */
export function predictLinear(
  ctx: SolverContext,
  model: LinearModel,
  x: Matrix32,
  solver = "predict",
): Matrix32 {
  if (x.cols !== model.coef.rows) {
    throw new NtError(
      "BAD_INPUT",
      `${solver}: X has ${x.cols} columns (shape (${x.rows}, ${x.cols})) but the model was fitted on ${model.coef.rows} voxels`,
    );
  }
  const xd: Matrix64 = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
  const y = ctx.backend.matmul64(xd, model.coef);
  const out = new Float32Array(y.data.length);
  const dd = y.cols;
  for (let i = 0; i < y.rows; i++)
    for (let d = 0; d < dd; d++) out[i * dd + d] = y.data[i * dd + d]! + model.intercept[d]!;
  return { rows: y.rows, cols: dd, data: out };
}
