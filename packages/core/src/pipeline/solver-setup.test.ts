import { describe, expect, it } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { createJsBackend } from "../linalg/js/index.ts";
import { Prng } from "../random/prng.ts";
import { createSolver } from "../solvers/registry.ts";
import { alphaSelection, compactDiagnostics } from "./solver-setup.ts";

const rng = new Prng(5);
const gaussian = (rows: number, cols: number): Matrix32 => ({
  rows,
  cols,
  data: Float32Array.from({ length: rows * cols }, () => rng.normal()),
});
// 30 images x 12 voxels -> 3 features: every per-target array has 3 entries.
const x = gaussian(30, 12);
const y = gaussian(30, 3);
const ctx = { backend: createJsBackend() };

const RULE_RELATIVE = ["rule", "relativeGrid", "scale", "scaleDefinition"];
const EDGES = ["nTargets", "atLowEdge", "atHighEdge", "undetermined"];
const SUMMARY = ["min", "median", "max", "distinct"];
const PLAN = ["engine", "form", "precision"];
const CONVERGENCE = ["fits", "notConverged", "maxIterations"];

/**
 * What a run stores (RunMetrics' fit diagnostics, `run --json`): the keys in order, and the keys of
 * each nested object. Changing these changes every stored run; the solver tag never appears.
 */
const STORED: [string, Record<string, unknown>, [string, string[] | null][]][] = [
  [
    "ols",
    {},
    [
      ["rank", null],
      ["rcond", null],
      ["mode", null],
    ],
  ],
  [
    "ridge",
    {},
    [
      ["alpha", null],
      ["mode", null],
    ],
  ],
  [
    "ridge-cv",
    {},
    [
      ["alphaGrid", null],
      ["alphaRule", RULE_RELATIVE],
      ["alphaEdges", EDGES],
      ["mode", null],
      ["cv", null],
      ["rechecked", null],
      ["plan", PLAN],
      ["alphaSummary", SUMMARY],
    ],
  ],
  [
    "ridge-cv",
    { cv: 3, alphas: [1, 10] },
    [
      ["alphaGrid", null],
      ["alphaRule", ["rule"]],
      ["alphaEdges", EDGES],
      ["mode", null],
      ["cv", null],
      ["plan", PLAN],
      ["alphaSummary", SUMMARY],
    ],
  ],
  [
    "select-ridge",
    { k: 4 },
    [
      ["k", null],
      ["alphaRule", ["rule", "relativeGrid", "scaleDefinition"]],
      ["alphaEdges", EDGES],
      ["alphaSummary", SUMMARY],
    ],
  ],
  [
    "select-ridge",
    { k: 4, alpha: 1 },
    [
      ["k", null],
      ["alphaSummary", SUMMARY],
    ],
  ],
  [
    "lasso",
    { nAlphas: 5 },
    [
      ["meanNonZero", null],
      ["convergence", CONVERGENCE],
      ["alphaSummary", SUMMARY],
    ],
  ],
  [
    "elastic-net",
    { alpha: 0.1 },
    [
      ["meanNonZero", null],
      ["convergence", CONVERGENCE],
      ["alphaSummary", SUMMARY],
    ],
  ],
];

describe("compactDiagnostics: the stored diagnostics of every solver", () => {
  for (const [solver, options, keys] of STORED) {
    it(`${solver} ${JSON.stringify(options)}: ${keys.map(([k]) => k).join(", ")}`, () => {
      const stored: Record<string, unknown> = JSON.parse(
        JSON.stringify(compactDiagnostics(createSolver(solver, options, ctx).fit(x, y), y.cols)),
      );
      expect(Object.keys(stored)).toEqual(keys.map(([k]) => k));
      for (const [k, nested] of keys) {
        const v = stored[k];
        if (nested === null) expect(v === null || typeof v !== "object" || Array.isArray(v)).toBe(true);
        else expect(Object.keys(v as object)).toEqual(nested);
      }
    });
  }

  it("keeps the values: options and the choices' summary as the fit made them", () => {
    const ridge = compactDiagnostics(createSolver("ridge", { alpha: 2.5 }, ctx).fit(x, y), 3);
    expect(ridge).toEqual({ alpha: 2.5, mode: "primal" });
    const fixed = compactDiagnostics(createSolver("select-ridge", { k: 4, alpha: 3 }, ctx).fit(x, y), 3);
    expect(fixed).toEqual({ k: 4, alphaSummary: { min: 3, median: 3, max: 3, distinct: 1 } });
    const cv = compactDiagnostics(createSolver("ridge-cv", { cv: 3, alphas: [1, 10] }, ctx).fit(x, y), 3);
    expect(cv).toMatchObject({
      alphaGrid: [1, 10],
      alphaRule: { rule: "absolute" },
      mode: "primal",
      cv: 3,
      plan: { engine: "js", form: "primal", precision: "float64" },
    });
  });
});

describe("alphaSelection", () => {
  it("is made for the solvers that search alphas per target, with the grid where one served them all", () => {
    const select = (solver: string, options: Record<string, unknown>) =>
      alphaSelection(createSolver(solver, options, ctx).fit(x, y), y.cols);
    expect(Object.keys(select("ridge-cv", {})!)).toEqual([
      ...RULE_RELATIVE,
      "grid",
      ...EDGES,
      "min",
      "median",
      "max",
    ]);
    expect(Object.keys(select("select-ridge", { k: 4 })!)).toEqual([
      "rule",
      "relativeGrid",
      "scaleDefinition",
      ...EDGES,
      "min",
      "median",
      "max",
    ]);
    expect(select("select-ridge", { k: 4, alpha: 1 })).toBeUndefined();
    expect(select("lasso", { nAlphas: 5 })).toBeUndefined();
    expect(select("ols", {})).toBeUndefined();
  });
});
