import { describe, expect, it } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { alphaEdges, DEFAULT_RELATIVE_ALPHAS, resolveAlphaGrid, spectrumScale } from "./alpha-grid.ts";
import { diagnosticsOf } from "./diagnostics.ts";
import { createSolver } from "./registry.ts";

const backend = selectLinalgBackend();
const rng = new Prng(4);
const gaussian = (rows: number, cols: number): Matrix32 => ({
  rows,
  cols,
  data: Float32Array.from({ length: rows * cols }, () => rng.normal()),
});
const times = (m: Matrix32, c: number): Matrix32 => ({ ...m, data: m.data.map((v) => v * c) });

describe("the relative alpha grid", () => {
  it("scale is the mean non-zero eigenvalue, skipping the intercept direction and round-off zeros", () => {
    expect(spectrumScale([4, 2, 1e-14, 0])).toBeCloseTo(3, 12);
    expect(spectrumScale([100, 4, 2], 0)).toBeCloseTo(3, 12);
    expect(spectrumScale([0, 0])).toBe(1);
    const g = resolveAlphaGrid({}, () => 50);
    expect(g.alphas).toHaveLength(20);
    expect(g.alphas[0]).toBeCloseTo(50e-3, 12);
    expect(g.alphas[19]).toBeCloseTo(50e5, 4);
    expect(g.rule).toMatchObject({ rule: "relative", relativeGrid: DEFAULT_RELATIVE_ALPHAS, scale: 50 });
    // Absolute alphas are used as given and the scale is never computed.
    expect(resolveAlphaGrid({ alphas: [1, 2] }, () => Number.NaN)).toEqual({
      alphas: [1, 2],
      rule: { rule: "absolute" },
    });
  });

  it("counts edge choices, leaving out targets whose score is flat over the grid", () => {
    // scores [3 alphas, 4 targets]: target 0 best at the low end, 1 at the high end, 2 inside, 3 flat.
    const scores = Float64Array.of(5, 1, 1, 7, 4, 2, 3, 7, 3, 3, 2, 7);
    expect(alphaEdges(Int32Array.of(0, 2, 1, 0), scores, 3, [0.1, 1, 10])).toEqual({
      nTargets: 4,
      atLowEdge: 1,
      atHighEdge: 1,
      undetermined: 1,
    });
  });

  for (const [solver, options] of [
    ["ridge-cv", {}],
    ["ridge-cv", { cv: 4 }],
    ["select-ridge", { k: 15 }],
  ] as const) {
    it(`${solver} ${JSON.stringify(options)}: responses x 1000 give the same predictions (alphas x 1e6)`, () => {
      const x = gaussian(50, 30);
      const w = gaussian(30, 3);
      const y: Matrix32 = {
        rows: 50,
        cols: 3,
        data: backend.matmul32(x, w).data.map((v) => v + 3 * rng.normal()),
      };
      const xt = gaussian(10, 30);
      const a = createSolver(solver, options, { backend });
      const b = createSolver(solver, options, { backend });
      const da = diagnosticsOf(a.fit(x, y), solver);
      const db = diagnosticsOf(b.fit(times(x, 1000), y), solver);
      const pa = a.predict(xt).data;
      const pb = b.predict(times(xt, 1000)).data;
      pa.forEach((v, k) => expect(pb[k]).toBeCloseTo(v, 4));
      da.alphas.forEach((alpha, d) => expect(db.alphas[d]! / alpha).toBeCloseTo(1e6, -1));
      expect(da.alphaRule).toMatchObject({ rule: "relative" });
      expect(da.alphaEdges).toMatchObject({ nTargets: 3 });
    });
  }
});
