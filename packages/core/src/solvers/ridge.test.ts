import { describe, expect, it } from "vitest";
import { diagnosticsOf } from "./diagnostics.ts";
import { createOls, OlsOptions } from "./ols.ts";
import { createRidge, RidgeOptions } from "./ridge.ts";
import { createRidgeCv, RidgeCvOptions } from "./ridge-cv.ts";
import { loadCase, m32, relErr, testBackends } from "./fixture.test-helper.ts";
import { SKLEARN_ALPHAS } from "./options.ts";

// Fixtures: scikit-learn 1.2.1 (see scripts/make-sklearn-fixtures.py). fp64 paths: 1e-4 relative
// (predictions come back as float32, ~1e-7 relative, well inside it). RidgeCV's grid is absolute
// (logspace(-2, 6, 20)), so ridge-cv is given it as `alphas` (its default grid is relative).
const TOL = 1e-4;

for (const backend of testBackends()) {
  for (const name of ["wide", "tall"] as const) {
    describe(`ridge family vs scikit-learn (${name}, ${backend.name})`, () => {
      const c = loadCase(name);
      const x = m32(c.X);
      const y = m32(c.Y);
      const xt = m32(c.Xtest);

      it("ridge-cv (LOO) picks the same alpha per target and predicts the same", () => {
        const ref = c["ridgecv"] as { alphas: number[]; predict: number[][] };
        const est = createRidgeCv(RidgeCvOptions.parse({ alphas: SKLEARN_ALPHAS }), { backend });
        const chosen = diagnosticsOf(est.fit(x, y), "ridge-cv").alphas;
        expect(chosen.map((a) => a.toPrecision(6))).toEqual(ref.alphas.map((a) => a.toPrecision(6)));
        expect(relErr(est.predict(xt).data, ref.predict.flat())).toBeLessThan(TOL);
      });

      it("ridge-cv float64 and mixed precision choose the same alphas and coefficients", () => {
        const a = createRidgeCv(RidgeCvOptions.parse({ alphas: SKLEARN_ALPHAS, precision: "float64" }), {
          backend,
        });
        const b = createRidgeCv(RidgeCvOptions.parse({ alphas: SKLEARN_ALPHAS, precision: "mixed" }), {
          backend,
        });
        const mixed = diagnosticsOf(b.fit(x, y), "ridge-cv");
        expect(diagnosticsOf(a.fit(x, y), "ridge-cv").alphas).toEqual(mixed.alphas);
        // The wide case has targets on the large-alpha plateau: the float64 re-check path runs.
        if (name === "wide") expect(mixed.rechecked).toBeGreaterThan(0);
        expect(relErr(a.model!.coef.data, b.model!.coef.data)).toBeLessThan(1e-12);
      });

      it("ridge-cv with small batches gives the same answer as one batch", () => {
        const a = createRidgeCv(RidgeCvOptions.parse({ alphas: SKLEARN_ALPHAS, batchSize: 2 }), { backend });
        const b = createRidgeCv(RidgeCvOptions.parse({ alphas: SKLEARN_ALPHAS }), { backend });
        a.fit(x, y);
        b.fit(x, y);
        expect(relErr(a.predict(xt).data, b.predict(xt).data)).toBeLessThan(1e-6);
      });

      it("ridge with alpha 3 matches coefficients and intercept", () => {
        const ref = c["ridge_alpha3"] as { coef: number[][]; intercept: number[] };
        const est = createRidge(RidgeOptions.parse({ alpha: 3 }), { backend });
        est.fit(x, y);
        expect(relErr(est.model!.coef.data, ref.coef.flat())).toBeLessThan(TOL);
        expect(relErr(est.model!.intercept, ref.intercept)).toBeLessThan(TOL);
      });

      it("ols is the minimum-norm least-squares solution (LinearRegression / lstsq)", () => {
        const ref = c["lstsq_centred_minnorm"] as number[][];
        const est = createOls(OlsOptions.parse({}), { backend });
        est.fit(x, y);
        expect(relErr(est.model!.coef.data, ref.flat())).toBeLessThan(TOL);
        if (name === "tall") {
          const lr = c["ols"] as { predict: number[][] };
          expect(relErr(est.predict(xt).data, lr.predict.flat())).toBeLessThan(TOL);
        }
      });
    });
  }
}
