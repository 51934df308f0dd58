import { describe, expect, it } from "vitest";
import { selectLinalgBackend } from "../linalg/select.ts";
import { runAreaLayerMap } from "./area-layer-map.ts";
import { planted } from "./synthetic.test-helper.ts";

const ctx = { backend: selectLinalgBackend() };
const N_INDEPENDENT = 40;
const N_SHARED = 20;
const N_PERM = 99;

/**
 * One pure-noise map (voxels independent of every layer): 4 areas x 3 layers, both directions.
 * sharedNoise > 0 adds a global noise factor to every voxel: the map's cells then move together
 * (their p-values share an offset per map), the dependence the max-statistic must handle.
 */
function nullMap(seed: number, sharedNoise = 0) {
  const data = planted({
    nTrain: 80,
    nTest: 40,
    layers: { early: 6, middle: 10, late: 14 },
    areas: ["V1", "V2", "V4", "LatOcc"].map((name, k) => ({
      name,
      voxels: 12 + 4 * k,
      layer: "early",
      noise: 1,
      gain: 0,
    })),
    seed,
    sharedNoise,
  });
  return runAreaLayerMap(
    {
      responsesTrain: data.responsesTrain,
      responsesTest: data.responsesTest,
      roi: data.roi,
      roiNames: data.roiNames,
      layers: data.layers,
    },
    { seed, nPermutations: N_PERM, nBootstrap: 200 },
    ctx,
  );
}

/**
 * Kolmogorov-Smirnov distance of permutation p-values from their null distribution, the discrete
 * uniform on {1, ..., B + 1} / (B + 1) (comparing the ECDF at those points, so the grid itself is
 * no departure), with the asymptotic p-value (Stephens' correction; conservative for discrete data).
 */
function ksUniform(values: number[], nPermutations: number): { d: number; p: number } {
  const n = values.length;
  const m = nPermutations + 1;
  const counts = new Int32Array(m + 1);
  for (const v of values) counts[Math.round(v * m)]!++;
  let d = 0;
  let below = 0;
  for (let k = 1; k <= m; k++) {
    below += counts[k]!;
    d = Math.max(d, Math.abs(below / n - k / m));
  }
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

// Issue 15 found encoding-map p-values "not uniform" (KS p = 4e-5 over a few null maps, a shared
// offset per map). Measured cause: the cells of one map are dependent (they share the test images'
// noise, a global noise factor in the simulator, and correlated layers), so pooling a few maps'
// p-values in one KS test is invalid; each cell's permutation p is uniform across maps (3,000
// p-values per direction from 250 independent-noise maps: KS p 0.51 and 0.69; with a shared noise
// factor the per-map offset appears while the pooled distribution over 150 maps stays uniform).
// Hence: KS over many independent maps, and FWE checked on dependent ones too.
describe("area x layer maps on pure noise", () => {
  const independent = Array.from({ length: N_INDEPENDENT }, (_, k) => nullMap(1 + k));
  const shared = Array.from({ length: N_SHARED }, (_, k) => nullMap(1000 + k, 1.5));
  const families = [...independent, ...shared].flatMap((m) => Object.values(m.directions));

  it("after FWE correction, at most its nominal rate of maps flags any cell; uncorrected stars flag many", () => {
    const flagged = (t: (number | null)[][]) => t.some((row) => row.some((p) => p !== null && p < 0.05));
    const corrected = families.filter((f) => flagged(f.table.pAdjusted)).length;
    const uncorrected = families.filter((f) => flagged(f.table.p)).length;
    // 120 families (60 maps x 2 directions) at FWE 5%: 6 expected; P(13 or more) < 0.5% for a correct test.
    expect(families).toHaveLength(120);
    expect(corrected).toBeLessThanOrEqual(12);
    // 12 cells per family: up to 1 - 0.95^12 = 46% of families have an uncorrected p < 0.05.
    expect(uncorrected).toBeGreaterThanOrEqual(30);
    for (const f of families)
      expect(f.correction).toMatchObject({
        method: "max-statistic",
        errorRate: "FWE",
        nCells: 12,
        nPermutations: N_PERM,
      });
  });

  it("uncorrected p-values are close to uniform (KS over independent maps), in both directions", () => {
    for (const direction of ["encoding", "decoding"] as const) {
      const ps = independent.flatMap((m) =>
        m.directions[direction]!.table.p.flat().filter((p): p is number => p !== null),
      );
      expect(ps).toHaveLength(N_INDEPENDENT * 12);
      expect(ksUniform(ps, N_PERM).p).toBeGreaterThan(0.001);
    }
  });

  it("rarely claims a best layer: most areas are 'not distinguishable'", () => {
    const claims = families.flatMap((f) => Object.values(f.bestLayer));
    const claimed = claims.filter((c) => c.distinguishable === true).length;
    // Print the figures the report quotes (flag counts, KS p) for the record.
    const flaggedFamilies = families.filter((f) =>
      f.table.pAdjusted.some((row) => row.some((p) => p !== null && p < 0.05)),
    ).length;
    const ks = (["encoding", "decoding"] as const).map((d) =>
      ksUniform(
        independent.flatMap((m) => m.directions[d]!.table.p.flat().filter((p): p is number => p !== null)),
        N_PERM,
      ).p.toPrecision(2),
    );
    const uncorrected = families.filter((f) =>
      f.table.p.some((row) => row.some((p) => p !== null && p < 0.05)),
    ).length;
    console.log(
      `null maps: ${flaggedFamilies} of ${families.length} families flag a cell after FWE (${uncorrected} uncorrected); KS p encoding ${ks[0]}, decoding ${ks[1]}; ${claimed} of ${claims.length} best layers claimed`,
    );
    expect(claims.every((c) => c.distinguishable !== null)).toBe(true);
    expect(claimed / claims.length).toBeLessThan(0.15);
  });
});
