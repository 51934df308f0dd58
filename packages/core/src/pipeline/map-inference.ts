import { NtError } from "@neurotranslator/schema";
import type { BestLayerClaim, MapCorrection } from "@neurotranslator/schema";
import { MAP_FWE_DEFINITION } from "@neurotranslator/schema";
import { percentileCi95, permutationPValue } from "../metrics/stats.ts";

/**
 * Family-wise error correction of a map's cells by the single-step max-statistic: every cell's
 * statistic was scored under the same permutations (nulls[c][b] for permutation b), so the
 * largest standardised statistic over the family in each permutation is a draw from the null of
 * the map's maximum. Standardising each cell by the mean and sd of its own permutation distribution
 * (observed value included, so the standardisation is permutation-invariant) keeps a cell with a
 * wide null (few voxels) from dominating the maximum. Higher is better.
 * observed: [nCells]; nulls: [nCells] of [nPermutations] each (null = the cell is left out).
 * Returns pAdjusted per cell (null where left out: no null samples, or a NaN value), never below
 * the cell's own permutation p.
 */
export function maxStatisticAdjust(
  observed: readonly number[],
  nulls: readonly (Float64Array | null)[],
): (number | null)[] {
  const family = observed
    .map((v, c) => (nulls[c] && nulls[c].length > 0 && Number.isFinite(v) ? c : -1))
    .filter((c) => c >= 0);
  const out: (number | null)[] = observed.map(() => null);
  if (family.length === 0) return out;
  const nPerm = nulls[family[0]!]!.length;
  if (family.some((c) => nulls[c]!.length !== nPerm))
    throw new NtError(
      "BAD_INPUT",
      "maxStatisticAdjust: the cells were scored under different numbers of permutations",
    );
  const maxima = new Float64Array(nPerm).fill(-Infinity);
  const tObserved = new Map<number, number>();
  for (const c of family) {
    const x = nulls[c]!;
    let sum = observed[c]!;
    for (const v of x) sum += v;
    const mu = sum / (nPerm + 1);
    let ss = (observed[c]! - mu) ** 2;
    for (const v of x) ss += (v - mu) ** 2;
    const sd = Math.sqrt(ss / nPerm);
    const t = (v: number) => (sd > 0 ? (v - mu) / sd : 0);
    tObserved.set(c, t(observed[c]!));
    for (let b = 0; b < nPerm; b++) maxima[b] = Math.max(maxima[b]!, t(x[b]!));
  }
  for (const c of family) {
    const own = permutationPValue(observed[c]!, nulls[c]!);
    out[c] = Math.max(own, permutationPValue(tObserved.get(c)!, maxima));
  }
  return out;
}

/** The stored description of one family's correction. */
export function correctionRecord(nCells: number, nPermutations: number): MapCorrection {
  return { method: "max-statistic", errorRate: "FWE", nCells, nPermutations, definition: MAP_FWE_DEFINITION };
}

/**
 * The best layer of one area: the highest value among its cells, compared with every other layer
 * by a paired bootstrap over test images (replicates drawn with the same resamples in every cell,
 * so rep_best[b] - rep_other[b] is the difference on resample b). Claimed (distinguishable) only
 * when the 95% CI of the difference lies above 0 against every other layer; the runner-up's
 * difference and CI are reported. cells: the area's row, one per layer.
 */
export function bestLayerClaim(
  cells: readonly { layer: string; value: number; replicates: Float64Array | null }[],
): BestLayerClaim {
  const ranked = cells.filter((c) => Number.isFinite(c.value)).sort((a, b) => b.value - a.value);
  const best = ranked[0];
  if (!best)
    return { layer: null, value: null, runnerUp: null, difference: null, ci95: null, distinguishable: null };
  const second = ranked[1];
  if (!second)
    return {
      layer: best.layer,
      value: best.value,
      runnerUp: null,
      difference: null,
      ci95: null,
      distinguishable: null,
    };
  const difference = best.value - second.value;
  if (
    !best.replicates ||
    ranked.some((c) => !c.replicates || c.replicates.length !== best.replicates!.length)
  ) {
    return {
      layer: best.layer,
      value: best.value,
      runnerUp: second.layer,
      difference,
      ci95: null,
      distinguishable: null,
    };
  }
  const ciAgainst = (other: Float64Array) =>
    percentileCi95(Float64Array.from(best.replicates!, (v, b) => v - other[b]!));
  const ci95 = ciAgainst(second.replicates!);
  const distinguishable = ranked.slice(1).every((c) => ciAgainst(c.replicates!)[0] > 0);
  return { layer: best.layer, value: best.value, runnerUp: second.layer, difference, ci95, distinguishable };
}
