import { NtError } from "@neurotranslator/schema";
import type { AlphaEdges, AlphaRule } from "./alpha-grid.ts";
import type { RidgePlan } from "./ridge-plan.ts";

/**
 * What each solver reports about a fit, tagged with the solver's name. The tag is for reading
 * them in memory; the stored diagnostics (compactDiagnostics) leave it out, the run's config
 * names the solver.
 */
export type FitDiagnostics =
  | OlsDiagnostics
  | RidgeDiagnostics
  | RidgeCvDiagnostics
  | SelectRidgeDiagnostics
  | SparseDiagnostics<"lasso">
  | SparseDiagnostics<"elastic-net">;

/** The name of the solver a fit came from. */
export type SolverTag = FitDiagnostics["solver"];

/** The diagnostics of one solver. */
export type DiagnosticsOf<S extends SolverTag> = Extract<FitDiagnostics, { solver: S }>;

/** "dual": the n x n kernel's eigensystem (samples <= voxels); "primal": the p x p covariance's. */
export type SolverForm = "dual" | "primal";

export interface OlsDiagnostics {
  solver: "ols";
  /** Directions kept (eigenvalues above rcond times the largest). */
  rank: number;
  rcond: number;
  mode: SolverForm;
}

export interface RidgeDiagnostics {
  solver: "ridge";
  alpha: number;
  mode: SolverForm;
}

export interface RidgeCvDiagnostics {
  solver: "ridge-cv";
  /** The chosen alpha per target: [D]. */
  alphas: number[];
  /** Negative mean squared error of every alpha: [nAlphas][D]. */
  cvScores: number[][];
  /** The absolute alphas searched. */
  alphaGrid: number[];
  alphaRule: AlphaRule;
  alphaEdges: AlphaEdges;
  mode: SolverForm;
  cv: "loo" | number;
  /** Leave-one-out only: targets whose near-tied alphas were re-scored in float64. */
  rechecked: number | undefined;
  plan: RidgePlan;
}

/** select-ridge scales a relative grid per feature, so its rule has no single scale. */
export type SelectRidgeAlphaRule =
  { rule: "absolute" } | { rule: "relative"; relativeGrid: number[]; scaleDefinition: string };

export interface SelectRidgeDiagnostics {
  solver: "select-ridge";
  /** The alpha of every target: [D]. */
  alphas: number[];
  /** The voxel indices kept per target: [D][k]. */
  selected: number[][];
  k: number;
  /** Only when alpha was chosen per target (no fixed `alpha`). */
  alphaRule?: SelectRidgeAlphaRule;
  alphaEdges?: AlphaEdges;
}

/** Coordinate-descent fits of a sparse solver: how many, how many stopped at maxIter, the most iterations. */
export interface Convergence {
  fits: number;
  notConverged: number;
  maxIterations: number;
}

export interface SparseDiagnostics<S extends "lasso" | "elastic-net"> {
  solver: S;
  /** The alpha of every target: [D]. */
  alphas: number[];
  /** Mean held-out squared error along each target's path, [D][nAlphas]; undefined for a fixed alpha. */
  cvMse: number[][] | undefined;
  meanNonZero: number;
  convergence: Convergence;
}

function isFrom<S extends SolverTag>(d: FitDiagnostics, solver: S): d is DiagnosticsOf<S> {
  return d.solver === solver;
}

/** The diagnostics of a fit known to come from `solver`; NtError INTERNAL when another solver made them. */
export function diagnosticsOf<S extends SolverTag>(d: FitDiagnostics, solver: S): DiagnosticsOf<S> {
  if (isFrom(d, solver)) return d;
  throw new NtError("INTERNAL", `expected ${solver} diagnostics, got ${d.solver}'s`);
}
