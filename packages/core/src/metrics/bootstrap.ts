import type { Matrix32 } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { Prng } from "../random/prng.ts";
import type {
  MetricSamples,
  ProgressCallback,
  SummaryMetricName,
} from "./permutation-null.ts";
import { SUMMARY_METRICS } from "./permutation-null.ts";
import { featureBootstrapMeans } from "./feature-bootstrap.ts";

/** Per-image values whose bootstrap mean is resampled directly. Each [n]. */
export type PerImageValues = Record<
  Exclude<SummaryMetricName, "featureR" | "r2">,
  ArrayLike<number>
>;

/**
 * Bootstrap over test images: nBootstrap resamples of the n images with replacement.
 * Per-image metrics (sampleR, cosine, identification, rank, rankPercentile, pairwise) are the
 * resampled means of their per-image values; the identification candidates stay all n true
 * vectors (the CI is over which images were tested, not over the candidate set).
 * featureR and r2 are recomputed per feature on the resampled images (weighted sums over the
 * distinct images drawn); features constant within a resample are left out of that replicate.
 * pred, truth: [n, D]; excluded: [D] features left out of the observed means as well.
 * backend: when given, the feature sums run as float64 GEMMs on it (the native backend makes the
 * featureR / r2 bootstrap ~10x faster); otherwise a sparse pure-JS loop.
 */
export function bootstrapReplicates(
  perImage: PerImageValues,
  pred: Matrix32,
  truth: Matrix32,
  excluded: Uint8Array,
  nBootstrap: number,
  rng: Prng,
  onProgress?: ProgressCallback,
  backend?: LinalgBackend,
): MetricSamples {
  const n = pred.rows;
  const out = Object.fromEntries(
    SUMMARY_METRICS.map((k) => [k, new Float64Array(nBootstrap)]),
  ) as MetricSamples;
  const imageKeys = Object.keys(perImage) as (keyof PerImageValues)[];
  // Draw every resample first, as lists of distinct images and their counts.
  const offsets = new Int32Array(nBootstrap + 1);
  const rows: number[] = [];
  const counts: number[] = [];
  const weights = new Int32Array(n);
  for (let b = 0; b < nBootstrap; b++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[rng.intBelow(n)]!++;
    for (const k of imageKeys) {
      const x = perImage[k];
      let s = 0;
      for (let i = 0; i < n; i++) s += weights[i]! * x[i]!;
      out[k][b] = s / n;
    }
    for (let i = 0; i < n; i++) {
      if (weights[i]! > 0) {
        rows.push(i);
        counts.push(weights[i]!);
      }
    }
    offsets[b + 1] = rows.length;
  }
  const resamples = {
    offsets,
    rows: Int32Array.from(rows),
    counts: Float64Array.from(counts),
  };
  // Progress is reported per block of features, the unit of the expensive part.
  const f = featureBootstrapMeans(
    pred,
    truth,
    excluded,
    resamples,
    backend,
    (done, total) => onProgress?.({ stage: "bootstrap", done, total }),
  );
  out.featureR.set(f.r);
  out.r2.set(f.r2);
  return out;
}
