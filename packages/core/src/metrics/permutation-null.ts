import { PREDICTION_METRICS, type ProgressCallback } from "@neurotranslator/schema";
import type { Prng } from "../random/prng.ts";
import type { FeatureScores } from "./per-feature.ts";
import { featureRMeanUnderPairing, r2MeanUnderPairing } from "./per-feature.ts";
import type { ImagePairMatrices } from "./per-image.ts";
import { pairedMean } from "./per-image.ts";
import { countAtLeast } from "./identification.ts";
import { mean } from "./stats.ts";

/** The summary metrics whose null distributions are drawn (the schema's prediction metrics). */
export const SUMMARY_METRICS = PREDICTION_METRICS;
export type SummaryMetricName = (typeof SUMMARY_METRICS)[number];
export type MetricSamples = Record<SummaryMetricName, Float64Array>;

/**
 * Scores pairings of the n predictions with the n true vectors (pairing[i] = truth of prediction
 * i) from the [n, n] matrices, without re-ordering them: identification ranks come from each row
 * sorted once (a permutation re-orders a row's columns, not its values), and the 2-vs-2 test reads
 * r(pred_k, true_{pairing[i]}) from the transposed matrix, so a pairing costs n²/2 steps. The
 * comparisons and sums are the same operations, in the same order, as scoring the re-paired matrix.
 */
export function pairingScorer(
  images: ImagePairMatrices,
  features: FeatureScores,
): (pairing: Int32Array) => Record<SummaryMetricName, number> {
  const { n, corr } = images;
  const sorted = new Float64Array(corr);
  const corrT = new Float64Array(n * n);
  let finite = true;
  for (let i = 0; i < n; i++) {
    sorted.subarray(i * n, (i + 1) * n).sort();
    for (let j = 0; j < n; j++) {
      const v = corr[i * n + j]!;
      corrT[j * n + i] = v;
      if (Number.isNaN(v)) finite = false;
    }
  }
  const own = new Float64Array(n);
  const wins = new Float64Array(n);
  return (pairing) => {
    for (let i = 0; i < n; i++) own[i] = corr[i * n + pairing[i]!]!;
    let correct = 0;
    let rankSum = 0;
    for (let i = 0; i < n; i++) {
      // rank = how many of the row's values are >= its own (ties count against).
      const rank = finite ? n - below(sorted, i * n, n, own[i]!) : countAtLeast(corr, i * n, n, own[i]!);
      if (rank === 1) correct++;
      rankSum += rank;
    }
    wins.fill(0);
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      const colI = pairing[i]! * n; // corrT[colI + k] = corr[k, pairing[i]]
      const ownI = own[i]!;
      let winsI = 0;
      for (let k = i + 1; k < n; k++) {
        // Counted without a branch: the outcome is a coin flip under the null, so a branch mispredicts.
        const win = Number(ownI + own[k]! > corr[rowI + pairing[k]!]! + corrT[colI + k]!);
        winsI += win;
        wins[k]! += win;
      }
      wins[i]! += winsI;
    }
    for (let i = 0; i < n; i++) wins[i]! /= n - 1;
    const meanRank = rankSum / n;
    return {
      sampleR: pairedMean(corr, n, pairing),
      cosine: pairedMean(images.cos, n, pairing),
      featureR: featureRMeanUnderPairing(features, n, pairing),
      r2: r2MeanUnderPairing(features, n, pairing),
      identification: correct / n,
      rank: meanRank,
      rankPercentile: (n - meanRank) / (n - 1),
      pairwise: mean(wins),
    };
  };
}

/** Number of values in the ascending run m[start, start + n) below x (binary search). */
function below(m: Float64Array, start: number, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m[start + mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Permutation null: nPermutations uniformly random re-pairings of the n predictions with the n
 * true vectors (the candidate set stays all n true vectors), each scored on every summary metric.
 * Everything is read from the precomputed [n, n] matrices, so one permutation costs O(n²)
 * (pairwise) rather than O(n·D). pairing[i] = the true vector given to prediction i.
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
  const score = pairingScorer(images, features);
  const pairing = new Int32Array(images.n);
  for (let b = 0; b < nPermutations; b++) {
    for (let i = 0; i < images.n; i++) pairing[i] = i;
    rng.shuffle(pairing);
    const s = score(pairing);
    for (const k of SUMMARY_METRICS) out[k][b] = s[k];
    if (onProgress && ((b + 1) % 100 === 0 || b + 1 === nPermutations)) {
      onProgress({ stage: "permutations", done: b + 1, total: nPermutations });
    }
  }
  return out;
}
