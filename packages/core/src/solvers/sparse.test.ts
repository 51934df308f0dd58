import { describe, expect, it } from "vitest";
import { diagnosticsOf } from "./diagnostics.ts";
import { createElasticNet, createLasso, ElasticNetOptions, LassoOptions } from "./sparse.ts";
import { loadCase, m32, relErr, testBackends } from "./fixture.test-helper.ts";

// Fixtures: scikit-learn 1.2.1 Lasso/ElasticNet/LassoCV (scripts/make-sklearn-fixtures.py), all fitted
// with tol 1e-12; ours run at 1e-12 (fixed alpha) and 1e-9 (CV path, for speed). Coefficients agree
// to 1e-4 relative (of the largest).
const TOL = 1e-4;

for (const backend of testBackends()) {
  for (const name of ["wide", "tall"] as const) {
    describe(`sparse solvers vs scikit-learn (${name}, ${backend.name})`, () => {
      const c = loadCase(name);
      const x = m32(c.X);
      const y = m32(c.Y);

      it("lasso alpha 0.1", () => {
        const ref = c["lasso_alpha0.1"] as { coef: number[][]; intercept: number[] };
        const est = createLasso(LassoOptions.parse({ alpha: 0.1, tol: 1e-12, maxIter: 100000 }), { backend });
        const diag = diagnosticsOf(est.fit(x, y), "lasso");
        expect(diag.convergence.notConverged).toBe(0);
        expect(relErr(est.model!.coef.data, ref.coef.flat())).toBeLessThan(TOL);
        expect(relErr(est.model!.intercept, ref.intercept)).toBeLessThan(TOL);
      });

      it("elastic net alpha 0.1, l1Ratio 0.5", () => {
        const ref = c["enet_alpha0.1_l1ratio0.5"] as { coef: number[][]; intercept: number[] };
        const est = createElasticNet(
          ElasticNetOptions.parse({ alpha: 0.1, l1Ratio: 0.5, tol: 1e-12, maxIter: 100000 }),
          { backend },
        );
        est.fit(x, y);
        expect(relErr(est.model!.coef.data, ref.coef.flat())).toBeLessThan(TOL);
      });

      // The wide case's path reaches p > n solutions that take ~10^4 sweeps at this tolerance: too slow for a unit test.
      if (name === "tall") {
        it("lasso CV (5 contiguous folds, 30 alphas, eps 1e-2) picks LassoCV's alpha", () => {
          const refs = c["lassocv_kfold5_contiguous_nalphas30_eps1e-2"] as {
            alpha: number;
            alphas: number[];
            mse_path_mean: number[];
            coef: number[];
          }[];
          const y2 = {
            rows: y.rows,
            cols: 2,
            data: Float32Array.from(
              { length: y.rows * 2 },
              (_, i) => y.data[Math.floor(i / 2) * y.cols + (i % 2)]!,
            ),
          };
          const est = createLasso(
            LassoOptions.parse({ cv: 5, shuffle: false, nAlphas: 30, eps: 1e-2, tol: 1e-9, maxIter: 100000 }),
            { backend },
          );
          const diag = diagnosticsOf(est.fit(x, y2), "lasso");
          const mse = diag.cvMse!;
          refs.forEach((ref, d) => {
            expect(relErr(mse[d]!, ref.mse_path_mean)).toBeLessThan(TOL);
            expect(diag.alphas[d]).toBeCloseTo(ref.alpha, 8);
            const coef = Array.from({ length: x.cols }, (_, j) => est.model!.coef.data[j * 2 + d]!);
            expect(relErr(coef, ref.coef)).toBeLessThan(TOL);
          });
        });
      }
    });
  }
}
