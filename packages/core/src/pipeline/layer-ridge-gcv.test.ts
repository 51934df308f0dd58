import { describe, it, expect } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { ridgeGcvFitPredict } from "./layer-ridge-gcv.ts";

const backend = selectLinalgBackend();
const rng = new Prng(9);
const rand = (rows: number, cols: number): Matrix32 => ({
  rows,
  cols,
  data: Float32Array.from({ length: rows * cols }, () => rng.normal()),
});

/** Brute force: explicit hat matrix H = Xs (XsᵀXs + αI)⁻¹ Xsᵀ per alpha on standardised X and centred y. */
function bruteForce(x: Matrix32, y: Matrix32, xt: Matrix32, grid: number[]) {
  const [n, d, v] = [x.rows, x.cols, y.cols];
  const col = (m: Matrix32, k: number) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + k]!);
  const mean = Array.from({ length: d }, (_, k) => col(x, k).reduce((s, a) => s + a, 0) / n);
  const sd = Array.from({ length: d }, (_, k) =>
    Math.sqrt(col(x, k).reduce((s, a) => s + (a - mean[k]!) ** 2, 0) / n),
  );
  const xs = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, k) => (x.data[i * d + k]! - mean[k]!) / sd[k]!),
  );
  const xts = Array.from({ length: xt.rows }, (_, i) =>
    Array.from({ length: d }, (_, k) => (xt.data[i * d + k]! - mean[k]!) / sd[k]!),
  );
  const out = { alphas: [] as number[], pred: [] as number[][] };
  for (let j = 0; j < v; j++) {
    const ym = col(y, j).reduce((s, a) => s + a, 0) / n;
    const yc = col(y, j).map((a) => a - ym);
    let best = { score: Infinity, w: [] as number[], alpha: 0 };
    for (const alpha of grid) {
      const a = {
        rows: d,
        cols: d,
        data: Float64Array.from(
          { length: d * d },
          (_, idx) =>
            xs.reduce((s, r) => s + r[Math.floor(idx / d)]! * r[idx % d]!, 0) +
            (Math.floor(idx / d) === idx % d ? alpha : 0),
        ),
      };
      const inv = backend.solveSpd(a, {
        rows: d,
        cols: d,
        data: Float64Array.from({ length: d * d }, (_, idx) => (Math.floor(idx / d) === idx % d ? 1 : 0)),
      });
      const w = Array.from({ length: d }, (_, k) =>
        xs.reduce(
          (s, r, i) =>
            s +
            Array.from({ length: d }, (_, l) => inv.data[k * d + l]! * r[l]!).reduce((p, q) => p + q, 0) *
              yc[i]!,
          0,
        ),
      );
      let trace = 0;
      for (const r of xs)
        for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) trace += r[k]! * inv.data[k * d + l]! * r[l]!;
      const rss = xs.reduce((s, r, i) => s + (yc[i]! - r.reduce((p, q, k) => p + q * w[k]!, 0)) ** 2, 0);
      const score = rss / (1 - (trace + 1) / n) ** 2;
      if (score < best.score) best = { score, w, alpha };
    }
    out.alphas.push(best.alpha);
    out.pred.push(xts.map((r) => ym + r.reduce((p, q, k) => p + q * best.w[k]!, 0)));
  }
  return out;
}

describe("ridgeGcvFitPredict", () => {
  it("matches the explicit hat-matrix GCV choice and the closed-form ridge predictions", () => {
    const [n, d, v] = [40, 5, 6];
    const x = rand(n, d);
    const xt = rand(10, d);
    const noise = rand(n, v);
    // Voxels with signal scaled from strong to none, so different alphas win.
    const y: Matrix32 = {
      rows: n,
      cols: v,
      data: Float32Array.from({ length: n * v }, (_, idx) => {
        const [i, j] = [Math.floor(idx / v), idx % v];
        return (
          (3 - j * 0.6) * (x.data[i * d + (j % d)]! + 0.5 * x.data[i * d + ((j + 1) % d)]!) +
          2 * noise.data[idx]! +
          j
        );
      }),
    };
    const grid = [0.01, 0.1, 1, 10, 100, 1000, 1e4];
    const got = ridgeGcvFitPredict(x, y, xt, { alphas: grid }, backend);
    const want = bruteForce(x, y, xt, grid);
    expect(Array.from(got.alphas)).toEqual(want.alphas);
    expect(new Set(want.alphas).size).toBeGreaterThan(1);
    for (let j = 0; j < v; j++)
      for (let i = 0; i < 10; i++) expect(got.pred.data[i * v + j]).toBeCloseTo(want.pred[j]![i]!, 3);
    expect(got.rule).toEqual({ rule: "absolute" });
  });

  it("by default searches multiples of XᵀX's mean eigenvalue and counts the voxels at the grid's edges", () => {
    const [n, d] = [60, 4];
    const x = rand(n, d);
    // Voxel 0 is pure noise (wants the largest penalty); voxel 1 is nearly noiseless (the smallest).
    const noise = rand(n, 2);
    const y: Matrix32 = {
      rows: n,
      cols: 2,
      data: Float32Array.from({ length: n * 2 }, (_, k) =>
        k % 2 === 0 ? noise.data[k]! : x.data[Math.floor(k / 2) * d]! + 1e-4 * noise.data[k]!,
      ),
    };
    const got = ridgeGcvFitPredict(x, y, rand(5, d), {}, backend);
    // Standardised X: XᵀX has trace n·d over d non-zero eigenvalues, so the scale is n.
    expect(got.rule.rule).toBe("relative");
    if (got.rule.rule === "relative") expect(got.rule.scale).toBeCloseTo(n, 6);
    expect(got.grid[0]).toBeCloseTo(1e-3 * n, 9);
    expect(got.alphas[0]).toBe(got.grid[got.grid.length - 1]);
    expect(got.alphas[1]).toBe(got.grid[0]);
    expect(got.edges).toEqual({ nTargets: 2, atLowEdge: 1, atHighEdge: 1, undetermined: 0 });
  });
});
