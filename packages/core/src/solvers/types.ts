import type { Matrix32, Matrix64, ProgressCallback } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { FitDiagnostics, SolverTag } from "./diagnostics.ts";

/** What every solver receives: the backend (never chosen by the solver) and an optional progress hook. */
export interface SolverContext {
  backend: LinalgBackend;
  onProgress?: ProgressCallback;
}

/** A fitted linear map in the original units: Ŷ = X · coef + intercept. */
export interface LinearModel {
  /** coef: [nVoxels, D] (float64). */
  coef: Matrix64;
  /** intercept: [D]. */
  intercept: Float64Array;
}

/**
 * An estimator: fit(X, Y) then predict(X).
 * X: [nSamples, nVoxels] float32 responses, Y: [nSamples, D] float32 features.
 */
export interface Regressor {
  readonly solver: SolverTag;
  /** The validated options with defaults filled in (stored with a run). */
  readonly config: Readonly<Record<string, unknown>>;
  fit(x: Matrix32, y: Matrix32): FitDiagnostics;
  /** predict(X: [m, nVoxels]) -> [m, D]; throws NtError BAD_INPUT before fit or on a shape mismatch. */
  predict(x: Matrix32): Matrix32;
  /** The fitted model, undefined before fit. */
  readonly model: LinearModel | undefined;
}
