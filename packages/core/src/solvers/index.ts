export {
  createSolver,
  DEFAULT_SOLVER,
  SOLVER_NAMES,
  SOLVERS,
  validateSolverOptions,
  type SolverDefinition,
  type SolverName,
} from "./registry.ts";
export type { LinearModel, Regressor, SolverContext } from "./types.ts";
export {
  diagnosticsOf,
  type Convergence,
  type DiagnosticsOf,
  type FitDiagnostics,
  type OlsDiagnostics,
  type RidgeCvDiagnostics,
  type RidgeDiagnostics,
  type SelectRidgeAlphaRule,
  type SelectRidgeDiagnostics,
  type SolverForm,
  type SolverTag,
  type SparseDiagnostics,
} from "./diagnostics.ts";
export { predictLinear } from "./linear-regressor.ts";
export { SKLEARN_ALPHAS, logspace } from "./options.ts";
export {
  ALPHA_SCALE_DEFINITION,
  DEFAULT_RELATIVE_ALPHAS,
  resolveAlphaGrid,
  spectrumScale,
  type AlphaEdges,
  type AlphaRule,
} from "./alpha-grid.ts";
export { OlsOptions } from "./ols.ts";
export { RidgeOptions } from "./ridge.ts";
export { RidgeCvOptions } from "./ridge-cv.ts";
export { FLOAT32_EIGEN_MIN, planRidge, RidgePrecision, type RidgePlan } from "./ridge-plan.ts";
export { ElasticNetOptions, LassoOptions } from "./sparse.ts";
export { SelectRidgeOptions } from "./select-ridge.ts";
