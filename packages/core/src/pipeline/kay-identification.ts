import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { identificationRanks } from "../metrics/identification.ts";
import { imagePairMatrices } from "../metrics/per-image.ts";
import { mean, permutationPValue, summariseNull } from "../metrics/stats.ts";
import type { NullDistribution } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";

/** Kay et al. (2008) identification: which predicted voxel pattern best matches each measured one. */
export interface KayIdentification {
  nImages: number;
  nVoxels: number;
  /** Fraction of measured test patterns whose own predicted pattern is the best correlated of all n. */
  accuracy: number;
  /** 1 / n. */
  chance: number;
  /** Mean rank of the own prediction (1 = identified; ties count against, as identificationRanks). */
  meanRank: number;
  /** ranks: [nTest]. */
  ranks: Int32Array;
  /** Accuracy when measured and predicted patterns are re-paired at random (null when nPermutations = 0). */
  null: NullDistribution | null;
  p: number | null;
}

/**
 * For each measured test pattern measured_i ([nTest, V]) correlate it (Pearson, across voxels) with
 * every predicted pattern predicted_j and pick the best; correct when j = i.
 */
export function kayIdentification(
  measured: Matrix32,
  predicted: Matrix32,
  nPermutations: number,
  seed: number,
  backend?: LinalgBackend,
): KayIdentification {
  const n = measured.rows;
  // corr[i * n + j] = r(measured_i, predicted_j): rows are the measured patterns, candidates the predictions.
  const { corr } = imagePairMatrices(measured, predicted, backend?.name === "js" ? undefined : backend);
  const ranks = identificationRanks(corr, n);
  const accuracy = mean(Float64Array.from(ranks, (r) => (r === 1 ? 1 : 0)));
  let nullSummary: NullDistribution | null = null;
  let p: number | null = null;
  if (nPermutations > 0) {
    const rng = new Prng(seed);
    const pi = Int32Array.from({ length: n }, (_, i) => i);
    const nulls = new Float64Array(nPermutations);
    for (let r = 0; r < nPermutations; r++) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.intBelow(i + 1);
        [pi[i], pi[j]] = [pi[j]!, pi[i]!];
      }
      let hits = 0;
      for (let i = 0; i < n; i++) {
        const own = corr[i * n + pi[i]!]!;
        let best = true;
        for (let j = 0; j < n && best; j++) if (j !== pi[i] && corr[i * n + j]! >= own) best = false;
        if (best) hits++;
      }
      nulls[r] = hits / n;
    }
    nullSummary = summariseNull(nulls);
    p = permutationPValue(accuracy, nulls, true);
  }
  return {
    nImages: n,
    nVoxels: measured.cols,
    accuracy,
    chance: 1 / n,
    meanRank: mean(ranks),
    ranks,
    null: nullSummary,
    p,
  };
}
