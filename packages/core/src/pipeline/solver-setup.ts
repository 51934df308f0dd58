import type { z } from "zod";
import type { AlphaSelection, SolverSpec } from "@neurotranslator/schema";
import { createSolver, DEFAULT_SOLVER, SOLVERS, type SolverName } from "../solvers/registry.ts";
import type { AlphaEdges, AlphaRule } from "../solvers/alpha-grid.ts";
import type { FitDiagnostics, SelectRidgeAlphaRule } from "../solvers/diagnostics.ts";
import type { Regressor, SolverContext } from "../solvers/types.ts";

/** A solver by name with raw options, as in RunConfig.solver; options default to {}. */
export type SolverChoice = { name: string; options?: Record<string, unknown> } | SolverSpec;

/**
 * Builds the regressor of a run. The run's seed is passed to solvers that take one (k-fold
 * shuffling) unless the options set it, so one `--seed` makes the whole run reproducible.
 */
export function buildRegressor(
  choice: SolverChoice | undefined,
  seed: number,
  ctx: SolverContext,
): Regressor {
  const name = choice?.name ?? DEFAULT_SOLVER;
  const options: Record<string, unknown> = { ...(choice?.options ?? {}) };
  const def = Object.hasOwn(SOLVERS, name) ? SOLVERS[name as SolverName] : undefined;
  const shape = (def?.options as z.ZodObject | undefined)?.shape;
  if (shape && "seed" in shape && options["seed"] === undefined) options["seed"] = seed;
  return createSolver(name, options, ctx);
}

/** min / median / max and the number of distinct values of chosen alphas. */
export interface AlphaSummary {
  min: number;
  median: number;
  max: number;
  distinct: number;
}

/** The per-target alphas a fit chose ([D]), when the solver reports them. */
export function chosenAlphas(diagnostics: FitDiagnostics, nTargets: number): Float64Array | undefined {
  const a = "alphas" in diagnostics ? diagnostics.alphas : undefined;
  return a !== undefined && a.length === nTargets ? Float64Array.from(a) : undefined;
}

export function summariseAlphas(alphas: Float64Array): AlphaSummary {
  const s = Float64Array.from(alphas).sort();
  const mid = s.length >> 1;
  return {
    min: s[0]!,
    median: s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    max: s[s.length - 1]!,
    distinct: new Set(s).size,
  };
}

/**
 * How a ridge fit chose its penalties (RunMetrics.alphaSelection), from its diagnostics
 * (`alphas`, `alphaRule`, `alphaEdges`, and `alphaGrid` when one grid served every target);
 * undefined for solvers without a per-target alpha search (ridge-cv, select-ridge without `alpha`).
 */
export function alphaSelection(diagnostics: FitDiagnostics, nTargets: number): AlphaSelection | undefined {
  const alphas = chosenAlphas(diagnostics, nTargets);
  const search = alphaSearch(diagnostics);
  if (!alphas || !search) return undefined;
  const { rule, edges } = search;
  const s = summariseAlphas(alphas);
  return {
    rule: rule.rule,
    ...(rule.rule === "relative" ? { relativeGrid: rule.relativeGrid } : {}),
    ...(search.scale !== undefined ? { scale: search.scale } : {}),
    ...(rule.rule === "relative" ? { scaleDefinition: rule.scaleDefinition } : {}),
    ...(search.grid ? { grid: search.grid } : {}),
    nTargets,
    atLowEdge: edges.atLowEdge,
    atHighEdge: edges.atHighEdge,
    undetermined: edges.undetermined,
    min: s.min,
    median: s.median,
    max: s.max,
  };
}

/** A fit's alpha search: how its grid was made, its edge counts, the grid's scale, and the grid when one served every target. */
interface AlphaSearchFacts {
  rule: AlphaRule | SelectRidgeAlphaRule;
  edges: AlphaEdges;
  scale?: number;
  grid?: number[];
}

function alphaSearch(diagnostics: FitDiagnostics): AlphaSearchFacts | undefined {
  if (diagnostics.solver === "ridge-cv") {
    const { alphaRule: rule, alphaEdges: edges, alphaGrid: grid } = diagnostics;
    return { rule, edges, grid, ...(rule.rule === "relative" ? { scale: rule.scale } : {}) };
  }
  if (diagnostics.solver === "select-ridge" && diagnostics.alphaRule && diagnostics.alphaEdges)
    return { rule: diagnostics.alphaRule, edges: diagnostics.alphaEdges };
  return undefined;
}

/**
 * Diagnostics fit to store as JSON: per-target arrays (alphas, CV scores, selections) replaced by
 * summaries, and without the solver tag (the run's config names the solver).
 */
export function compactDiagnostics(diagnostics: FitDiagnostics, nTargets: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(diagnostics)) {
    if (k === "solver" || (k !== "alphaGrid" && perTarget(v, nTargets))) continue;
    out[k] = v;
  }
  const alphas = chosenAlphas(diagnostics, nTargets);
  if (alphas) out["alphaSummary"] = summariseAlphas(alphas);
  return out;
}

/** An array with one entry per target, or an array of such arrays (e.g. cvScores [nAlphas][D]). */
function perTarget(v: unknown, nTargets: number): boolean {
  if (!Array.isArray(v) || nTargets < 2) return false;
  return v.length === nTargets || (v.length > 0 && v.every((e) => Array.isArray(e) && e.length === nTargets));
}
