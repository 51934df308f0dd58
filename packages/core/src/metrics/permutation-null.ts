import { PREDICTION_METRICS, type ProgressCallback } from "@neurotranslator/schema";
import type { Prng } from "../random/prng.ts";
import type { FeatureScores } from "./per-feature.ts";
import { featureRMeanUnderPairing, r2MeanUnderPairing } from "./per-feature.ts";
import type { ImagePairMatrices } from "./per-image.ts";
import { pairedMean } from "./per-image.ts";
import { identificationRanks, pairwiseScores, permuteColumns } from "./identification.ts";
import { mean } from "./stats.ts";

/** The summary metrics whose null distributions are drawn (the schema's prediction metrics). */
export const SUMMARY_METRICS = PREDICTION_METRICS;
export type SummaryMetricName = (typeof SUMMARY_METRICS)[number];
export type MetricSamples = Record<SummaryMetricName, Float64Array>;

/** Summary metrics of one pairing of predictions with true vectors (pairing[i] = truth of prediction i). */
export function summariseUnderPairing(
  images: ImagePairMatrices,
  features: FeatureScores,
  pairing: Int32Array,
  scratch: Float64Array = new Float64Array(images.n * images.n),
): Record<SummaryMetricName, number> {
  const n = images.n;
  const corr = permuteColumns(images.corr, n, pairing, scratch);
  const ranks = identificationRanks(corr, n);
  let correct = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (ranks[i] === 1) correct++;
    rankSum += ranks[i]!;
  }
  const meanRank = rankSum / n;
  return {
    sampleR: pairedMean(images.corr, n, pairing),
    cosine: pairedMean(images.cos, n, pairing),
    featureR: featureRMeanUnderPairing(features, n, pairing),
    r2: r2MeanUnderPairing(features, n, pairing),
    identification: correct / n,
    rank: meanRank,
    rankPercentile: (n - meanRank) / (n - 1),
    pairwise: mean(pairwiseScores(corr, n)),
  };
}

/**
 * Permutation null: nPermutations uniformly random re-pairings of the n predictions with the n
 * true vectors (the candidate set stays all n true vectors), each scored on every summary metric.
 * Everything is read from the precomputed [n, n] matrices, so one permutation costs O(n²)
 * (identification and pairwise) rather than O(n·D). pairing[i] = the true vector given to prediction i.
 */
export function permutationNull(
  images: ImagePairMatrices,
  features: FeatureScores,
  nPermutations: number,
  rng: Prng,
  onProgress?: ProgressCallback,
): MetricSamples {
  const out = Object.fromEntries(
    SUMMARY_METRICS.map((k) => [k, new Float64Array(nPermutations)]),
  ) as MetricSamples;
  const pairing = new Int32Array(images.n);
  const scratch = new Float64Array(images.n * images.n);
  for (let b = 0; b < nPermutations; b++) {
    for (let i = 0; i < images.n; i++) pairing[i] = i;
    rng.shuffle(pairing);
    const s = summariseUnderPairing(images, features, pairing, scratch);
    for (const k of SUMMARY_METRICS) out[k][b] = s[k];
    if (onProgress && ((b + 1) % 100 === 0 || b + 1 === nPermutations)) {
      onProgress({ stage: "permutations", done: b + 1, total: nPermutations });
    }
  }
  return out;
}
