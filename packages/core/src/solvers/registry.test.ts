import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { createJsBackend } from "../linalg/js/index.ts";
import { createSolver, SOLVER_NAMES, validateSolverOptions } from "./registry.ts";
import { m32 } from "./fixture.test-helper.ts";

const backend = createJsBackend();
const x = m32([
  [1, 2, 0],
  [0, 1, 1],
  [2, 0, 1],
  [1, 1, 3],
]);
const y = m32([[1], [0], [2], [1]]);

function error(fn: () => unknown): NtError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NtError) return e;
    throw e;
  }
  throw new Error("expected an NtError");
}

describe("solver registry and input checks", () => {
  it("builds every solver by name with default options and fits", () => {
    expect(SOLVER_NAMES).toEqual(["ols", "ridge", "ridge-cv", "lasso", "elastic-net", "select-ridge"]);
    for (const name of SOLVER_NAMES) {
      const est = createSolver(name, name === "lasso" || name === "elastic-net" ? { cv: 2 } : {}, {
        backend,
      });
      est.fit(x, y);
      expect(est.predict(x).rows).toBe(4);
      expect(est.config).toHaveProperty("fitIntercept", true);
    }
  });

  it("names an unknown solver and invalid options", () => {
    expect(error(() => createSolver("svm", {}, { backend })).message).toMatch(
      /unknown solver "svm"; expected one of ols, ridge/,
    );
    expect(error(() => createSolver("ridge", { alpha: 0 }, { backend })).message).toBe(
      "ridge: option alpha: alpha must be > 0, got 0",
    );
    expect(error(() => createSolver("ridge-cv", { alphas: [1, -2] }, { backend })).message).toMatch(
      /option alphas\.1: alphas\[\] must be > 0, got -2/,
    );
    expect(error(() => createSolver("ridge-cv", { cv: 1 }, { backend })).message).toMatch(/option cv/);
  });

  it("refuses unknown options by name, listing the solver's options (issue 12)", () => {
    expect(error(() => validateSolverOptions("ridge", { bogus: 1 })).message).toMatch(
      /^ridge: unknown option "bogus"; its options: .*alpha/,
    );
    expect(error(() => createSolver("ridge-cv", { alpha: 1, cvv: 3 }, { backend })).message).toMatch(
      /^ridge-cv: unknown options "alpha", "cvv"; its options: /,
    );
    expect(validateSolverOptions("ridge", { alpha: 2 })).toMatchObject({ alpha: 2, fitIntercept: true });
    for (const name of SOLVER_NAMES)
      expect(error(() => validateSolverOptions(name, { bogus: 1 })).code).toBe("BAD_INPUT");
  });

  it("rejects shape mismatches, empty data, NaN/Inf and too many folds with NtError", () => {
    const rcv = createSolver("ridge-cv", {}, { backend });
    const e1 = error(() => rcv.fit(x, m32([[1], [2], [3]])));
    expect(e1.code).toBe("BAD_INPUT");
    expect(e1.message).toBe("ridge-cv: X has 4 rows but Y has 3 (X is (4, 3), Y is (3, 1))");
    expect(error(() => rcv.fit({ rows: 0, cols: 3, data: new Float32Array(0) }, y)).message).toMatch(
      /X is empty, shape \(0, 3\)/,
    );
    const bad = m32([
      [1, 2, 0],
      [0, NaN, 1],
      [2, 0, 1],
      [1, 1, 3],
    ]);
    expect(error(() => rcv.fit(bad, y)).message).toBe("ridge-cv: X[1, 1] is NaN (X and Y must be finite)");
    expect(error(() => rcv.fit(x, m32([[1], [Infinity], [0], [0]]))).code).toBe("NUMERIC");
    const k9 = createSolver("ridge-cv", { cv: 9 }, { backend });
    expect(error(() => k9.fit(x, y)).message).toBe("ridge-cv: cv = 9 folds but only 4 samples");
    expect(error(() => rcv.predict(x)).message).toMatch(/predict called before fit/);
    rcv.fit(x, y);
    expect(error(() => rcv.predict(m32([[1, 2]]))).message).toMatch(/X has 2 columns .* fitted on 3 voxels/);
  });
});
