import { describe, expect, it } from "vitest";
import { diagnosticsOf } from "./diagnostics.ts";
import type { Matrix32 } from "@neurotranslator/schema";
import { createJsBackend } from "../linalg/js/index.ts";
import { createNativeBackend } from "../linalg/native/index.ts";
import { SKLEARN_ALPHAS } from "./options.ts";
import { createRidgeCv, RidgeCvOptions } from "./ridge-cv.ts";
import { FLOAT32_EIGEN_MIN, planRidge } from "./ridge-plan.ts";

// The float32 eigensystem path (precision "float32") against the all-float64 one on the same data.
// Its scores are off by up to ~eps32·λmax/(λmin + alpha), so where another alpha is that close a
// choice may differ: what is promised is the held-out score (per-target test R²) within 1e-3,
// and predictions within 1e-4 (relative) of float64's wherever the choice agrees (measured ~6e-6:
// the kernel's float32 block sums; without the float64 refinement it was ~2e-2). Two kinds of data: independent voxels, and
// voxels sharing a strong rank-20 signal (as fMRI voxels share a global one), whose kernel has
// λmax/λmin about 7e4.
const native = createNativeBackend();

/** Deterministic data: X [n + m, p] (optionally with a shared low-rank part), Y reading 30 voxels each, noise growing across targets. */
function data(n: number, m: number, p: number, d: number, shared: boolean) {
  let s = 11;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const g = () => u() + u() + u() - 1.5;
  const rank = 20;
  const latent = Float32Array.from({ length: (n + m) * rank }, g);
  const loading = Float32Array.from({ length: rank * p }, g);
  const x = new Float32Array((n + m) * p);
  for (let i = 0; i < n + m; i++) {
    for (let j = 0; j < p; j++) {
      let v = g();
      for (let r = 0; shared && r < rank; r++) v += 3 * latent[i * rank + r]! * loading[r * p + j]!;
      x[i * p + j] = v;
    }
  }
  const y = new Float32Array((n + m) * d);
  for (let f = 0; f < d; f++) {
    const idx = Array.from({ length: 30 }, () => Math.floor(u() * p));
    for (let i = 0; i < n + m; i++) {
      let t = 0;
      for (const j of idx) t += x[i * p + j]!;
      y[i * d + f] = t + (0.3 + (10 * f) / d) * 3 * g();
    }
  }
  const rows = (a: Float32Array, cols: number, r0: number, r1: number): Matrix32 => ({
    rows: r1 - r0,
    cols,
    data: a.slice(r0 * cols, r1 * cols),
  });
  return { x: rows(x, p, 0, n), y: rows(y, d, 0, n), xt: rows(x, p, n, n + m), yt: rows(y, d, n, n + m) };
}

/** Per-target R² of predictions against held-out truth. */
function r2(pred: Matrix32, truth: Matrix32): number[] {
  const { rows: m, cols: d } = truth;
  return Array.from({ length: d }, (_, f) => {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += truth.data[i * d + f]! / m;
    let ss = 0;
    let st = 0;
    for (let i = 0; i < m; i++) {
      ss += (truth.data[i * d + f]! - pred.data[i * d + f]!) ** 2;
      st += (truth.data[i * d + f]! - mean) ** 2;
    }
    return 1 - ss / st;
  });
}

describe.skipIf(native === undefined)("ridge-cv precision float32 vs float64", () => {
  for (const shared of [false, true]) {
    for (const grid of ["relative", "scikit-learn"] as const) {
      it(`${shared ? "shared-signal" : "independent"} voxels, ${grid} grid: held-out R² within 1e-3, float64's predictions where the choice agrees`, () => {
        const { x, y, xt, yt } = data(400, 80, 600, 24, shared);
        const fit = (precision: "float32" | "float64") => {
          const est = createRidgeCv(
            RidgeCvOptions.parse({ precision, ...(grid === "relative" ? {} : { alphas: SKLEARN_ALPHAS }) }),
            { backend: native! },
          );
          const diag = diagnosticsOf(est.fit(x, y), "ridge-cv");
          return {
            index: diag.alphas.map((a) => diag.alphaGrid.indexOf(a)),
            pred: est.predict(xt),
            plan: diag.plan,
          };
        };
        const a = fit("float64");
        const b = fit("float32");
        expect(b.plan).toMatchObject({ engine: "native-openblas", form: "dual", precision: "float32" });
        expect(b.plan.uncertainTargets).toBeGreaterThanOrEqual(0);
        const ra = r2(a.pred, yt);
        const rb = r2(b.pred, yt);
        ra.forEach((v, f) => expect(Math.abs(v - rb[f]!)).toBeLessThanOrEqual(1e-3));
        let agree = 0;
        for (let f = 0; f < y.cols; f++) {
          if (a.index[f] !== b.index[f]) continue;
          agree++;
          let diff = 0;
          let scale = 0;
          for (let i = 0; i < xt.rows; i++) {
            diff = Math.max(diff, Math.abs(a.pred.data[i * y.cols + f]! - b.pred.data[i * y.cols + f]!));
            scale = Math.max(scale, Math.abs(a.pred.data[i * y.cols + f]!));
          }
          expect(diff / scale).toBeLessThan(1e-4);
        }
        // On these sets every choice agrees (were one to differ, the R² bound above is the promise).
        expect(agree).toBe(y.cols);
      });
    }
  }
});

describe("planRidge: the one place engine, form and precision are chosen", () => {
  const js = createJsBackend();
  it("auto takes float32 on the native engine for kernels of FLOAT32_EIGEN_MIN images and more, mixed below", () => {
    if (native !== undefined) {
      expect(planRidge(native, FLOAT32_EIGEN_MIN, 15000, "auto")).toEqual({
        engine: "native-openblas",
        form: "dual",
        precision: "float32",
      });
      expect(planRidge(native, FLOAT32_EIGEN_MIN - 1, 15000, "auto").precision).toBe("mixed");
      // More images than voxels: the primal (covariance) form, float64 eigensystem.
      expect(planRidge(native, 27750, 15000, "auto")).toEqual({
        engine: "native-openblas",
        form: "primal",
        precision: "mixed",
      });
      expect(() => planRidge(native, 27750, 15000, "float32")).toThrow(
        /dual form .*27750 images and 15000 voxels/,
      );
    }
    expect(planRidge(js, 9000, 15000, "auto")).toEqual({ engine: "js", form: "dual", precision: "mixed" });
    expect(planRidge(js, 9000, 15000, "float64").precision).toBe("float64");
  });

  it("float32 on the pure-JS engine is an ENGINE error naming the alternatives", () => {
    expect(() => planRidge(js, 100, 200, "float32")).toThrow(
      /needs the native engine's float32 eigensolver; the "js" engine has none/,
    );
  });

  it("the pure-JS fallback fits with auto precision and reports its plan", () => {
    const { x, y, xt } = data(60, 10, 90, 3, false);
    const est = createRidgeCv(RidgeCvOptions.parse({}), { backend: js });
    const diag = diagnosticsOf(est.fit(x, y), "ridge-cv");
    expect(diag.plan).toEqual({ engine: "js", form: "dual", precision: "mixed" });
    expect(est.predict(xt).data.every(Number.isFinite)).toBe(true);
  });
});
