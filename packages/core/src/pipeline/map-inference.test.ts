import { describe, expect, it } from "vitest";
import { Prng } from "../random/prng.ts";
import { permutationPValue } from "../metrics/stats.ts";
import { bestLayerClaim, maxStatisticAdjust } from "./map-inference.ts";

const normals = (rng: Prng, k: number, shift = 0) =>
  Float64Array.from({ length: k }, () => shift + rng.normal());

describe("maxStatisticAdjust (FWE, single-step max-statistic)", () => {
  it("one cell: the adjusted p is the cell's own permutation p", () => {
    const rng = new Prng(1);
    const nulls = normals(rng, 999);
    expect(maxStatisticAdjust([1.5], [nulls])[0]).toBeCloseTo(permutationPValue(1.5, nulls), 12);
  });

  it("independent cells: about 1 - (1 - p)^k (Šidák), never below p; identical cells are not penalised", () => {
    const rng = new Prng(2);
    const k = 10;
    const B = 20000;
    const nulls = Array.from({ length: k }, (_, c) => normals(rng, B, c));
    // Each cell observed at its own null's 99th percentile (null mean c, sd 1): p ~ 0.01.
    const observed = nulls.map((_, c) => c + 2.326);
    const adjusted = maxStatisticAdjust(observed, nulls);
    adjusted.forEach((p, c) => {
      expect(p!).toBeGreaterThanOrEqual(permutationPValue(observed[c]!, nulls[c]!));
      expect(p!).toBeCloseTo(1 - 0.99 ** k, 1);
      expect(Math.abs(p! - (1 - 0.99 ** k))).toBeLessThan(0.02);
    });
    // The same null in every cell (perfectly dependent): the maximum adds nothing.
    const same = maxStatisticAdjust([2.326, 2.326, 2.326], [nulls[0]!, nulls[0]!, nulls[0]!]);
    same.forEach((p) => expect(p!).toBeCloseTo(permutationPValue(2.326, nulls[0]!), 12));
  });

  it("standardises each cell, so a cell with a wide null does not swamp a precise one", () => {
    const rng = new Prng(3);
    const narrow = normals(rng, 5000).map((v) => 0.01 * v);
    const wide = normals(rng, 5000).map((v) => 10 * v);
    // 0.04 is 4 sd of the narrow null: significant after correction over the two cells.
    const [pNarrow, pWide] = maxStatisticAdjust([0.04, 0], [narrow, wide]);
    expect(pNarrow!).toBeLessThan(0.01);
    expect(pWide!).toBeGreaterThan(0.4);
  });

  it("leaves out cells without nulls or values, and refuses mismatched permutation counts", () => {
    const rng = new Prng(4);
    const out = maxStatisticAdjust([1, NaN, 2], [normals(rng, 99), normals(rng, 99), null]);
    expect(out[0]).not.toBeNull();
    expect(out[1]).toBeNull();
    expect(out[2]).toBeNull();
    expect(() => maxStatisticAdjust([1, 1], [normals(rng, 99), normals(rng, 98)])).toThrow(
      /different numbers of permutations/,
    );
  });
});

describe("bestLayerClaim (paired bootstrap over test images)", () => {
  const rng = new Prng(5);
  const shared = normals(rng, 1000);
  // Replicates sharing the image-resampling variation (paired), as cells of one map do.
  const reps = (mean: number, own = 0.005) =>
    Float64Array.from(shared, (s) => mean + 0.05 * s + own * rng.normal());

  it("claims the best layer when its paired CI against every other layer is above 0", () => {
    const claim = bestLayerClaim([
      { layer: "a", value: 0.3, replicates: reps(0.3) },
      { layer: "b", value: 0.32, replicates: reps(0.32) },
      { layer: "c", value: 0.1, replicates: reps(0.1) },
    ]);
    expect(claim).toMatchObject({ layer: "b", runnerUp: "a", distinguishable: true });
    expect(claim.difference).toBeCloseTo(0.02, 12);
    expect(claim.ci95![0]).toBeGreaterThan(0);
    expect(claim.ci95![1]).toBeGreaterThan(0.02);
  });

  it("says not distinguishable when the difference is within the paired noise; null when it cannot test", () => {
    const close = bestLayerClaim([
      { layer: "a", value: 0.3, replicates: reps(0.3, 0.02) },
      { layer: "b", value: 0.302, replicates: reps(0.302, 0.02) },
    ]);
    expect(close).toMatchObject({ layer: "b", runnerUp: "a", distinguishable: false });
    expect(close.ci95![0]).toBeLessThan(0);
    expect(bestLayerClaim([{ layer: "a", value: 0.3, replicates: reps(0.3) }])).toMatchObject({
      layer: "a",
      runnerUp: null,
      distinguishable: null,
    });
    expect(
      bestLayerClaim([
        { layer: "a", value: 0.3, replicates: null },
        { layer: "b", value: 0.1, replicates: null },
      ]),
    ).toMatchObject({ layer: "a", runnerUp: "b", ci95: null, distinguishable: null });
    expect(bestLayerClaim([{ layer: "a", value: NaN, replicates: null }])).toMatchObject({
      layer: null,
      distinguishable: null,
    });
  });
});
