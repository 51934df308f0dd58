import type { Prng } from "../random/prng.ts";
import type { ProgressCallback } from "@neurotranslator/schema";
import type { MetricSamples, SummaryMetricName } from "./permutation-null.ts";
import { SUMMARY_METRICS } from "./permutation-null.ts";

/** Per test image, a value whose mean over images is the summary metric. Each [n]. */
export type PerImageValues = Record<SummaryMetricName, ArrayLike<number>>;

/**
 * Bootstrap over test images: nBootstrap resamples of the n images with replacement (resample b
 * draws rng.intBelow(n) n times), each replicate the resampled mean of every metric's per-image
 * values. The per-image metrics (sampleR, cosine, identification, rank, rankPercentile, pairwise)
 * are their own per-image values; the identification candidates stay all n true vectors (the CI is
 * over which images were tested, not over the candidate set). featureR and r2 enter as their
 * per-image pseudo-values (featurePseudoValues), so they are never recomputed on a resample.
 * The draws depend only on n, nBootstrap and the stream, so two evaluations of the same test images
 * with the same seed share them: differences between their replicates are a paired bootstrap.
 */
export function bootstrapReplicates(
  perImage: PerImageValues,
  nBootstrap: number,
  rng: Prng,
  onProgress?: ProgressCallback,
): MetricSamples {
  const keys = SUMMARY_METRICS;
  const n = perImage.sampleR.length;
  const out = Object.fromEntries(keys.map((k) => [k, new Float64Array(nBootstrap)])) as MetricSamples;
  const weights = new Int32Array(n);
  for (let b = 0; b < nBootstrap; b++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[rng.intBelow(n)]!++;
    for (const k of keys) {
      const x = perImage[k];
      let s = 0;
      for (let i = 0; i < n; i++) if (weights[i]! > 0) s += weights[i]! * x[i]!;
      out[k][b] = s / n;
    }
    if (onProgress && ((b + 1) % 200 === 0 || b + 1 === nBootstrap))
      onProgress({ stage: "bootstrap", done: b + 1, total: nBootstrap });
  }
  return out;
}
