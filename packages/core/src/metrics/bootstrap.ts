import type { Matrix32 } from "@neurotranslator/data/schema";
import type { Prng } from "../random/prng.ts";
import type { MetricSamples, ProgressCallback, SummaryMetricName } from "./permutation-null.ts";
import { SUMMARY_METRICS } from "./permutation-null.ts";

/** Per-image values whose bootstrap mean is resampled directly. Each [n]. */
export type PerImageValues = Record<Exclude<SummaryMetricName, "featureR" | "r2">, ArrayLike<number>>;

/**
 * Bootstrap over test images: nBootstrap resamples of the n images with replacement.
 * Per-image metrics (sampleR, cosine, identification, rank, rankPercentile, pairwise) are the
 * resampled means of their per-image values; the identification candidates stay all n true
 * vectors (the CI is over which images were tested, not over the candidate set).
 * featureR and r2 are recomputed per feature on the resampled images (weighted sums over the
 * distinct images drawn); features constant within a resample are left out of that replicate.
 * pred, truth: [n, D]; excluded: [D] features left out of the observed means as well.
 */
export function bootstrapReplicates(
  perImage: PerImageValues,
  pred: Matrix32,
  truth: Matrix32,
  excluded: Uint8Array,
  nBootstrap: number,
  rng: Prng,
  onProgress?: ProgressCallback,
): MetricSamples {
  const n = pred.rows;
  const out = Object.fromEntries(SUMMARY_METRICS.map((k) => [k, new Float64Array(nBootstrap)])) as MetricSamples;
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
  const f = featureBootstrapMeans(pred, truth, excluded, offsets, Int32Array.from(rows), Float64Array.from(counts));
  out.featureR.set(f.r);
  out.r2.set(f.r2);
  onProgress?.({ stage: "bootstrap", done: nBootstrap, total: nBootstrap });
  return out;
}

/**
 * Mean feature r and R² over non-excluded features for every resample b, whose distinct images
 * are rows[offsets[b] .. offsets[b+1]) drawn counts[...] times. Feature-outer order: one
 * feature's two columns (shifted by the truth column mean, which changes neither r nor SS_res)
 * stay in cache while all resamples sum over them with scalar accumulators.
 */
function featureBootstrapMeans(
  pred: Matrix32,
  truth: Matrix32,
  excluded: Uint8Array,
  offsets: Int32Array,
  rows: Int32Array,
  counts: Float64Array,
): { r: Float64Array; r2: Float64Array } {
  const n = pred.rows;
  const D = pred.cols;
  const B = offsets.length - 1;
  const rSum = new Float64Array(B);
  const r2Sum = new Float64Array(B);
  const used = new Float64Array(B);
  const p = new Float64Array(n);
  const t = new Float64Array(n);
  for (let d = 0; d < D; d++) {
    if (excluded[d]) continue;
    let mu = 0;
    for (let i = 0; i < n; i++) mu += truth.data[i * D + d]!;
    mu /= n;
    for (let i = 0; i < n; i++) {
      p[i] = pred.data[i * D + d]! - mu;
      t[i] = truth.data[i * D + d]! - mu;
    }
    for (let b = 0; b < B; b++) {
      let sp = 0;
      let st = 0;
      let spp = 0;
      let stt = 0;
      let spt = 0;
      const end = offsets[b + 1]!;
      for (let k = offsets[b]!; k < end; k++) {
        const i = rows[k]!;
        const w = counts[k]!;
        const pv = p[i]!;
        const tv = t[i]!;
        const wp = w * pv;
        const wt = w * tv;
        sp += wp;
        st += wt;
        spp += wp * pv;
        stt += wt * tv;
        spt += wp * tv;
      }
      const varT = stt - (st * st) / n;
      if (varT <= 1e-12 * stt) continue; // this feature is constant within resample b
      const varP = spp - (sp * sp) / n;
      rSum[b]! += varP <= 1e-12 * spp ? 0 : (spt - (sp * st) / n) / Math.sqrt(varP * varT);
      r2Sum[b]! += 1 - (spp + stt - 2 * spt) / varT;
      used[b]!++;
    }
  }
  return {
    r: Float64Array.from(rSum, (s, b) => (used[b] === 0 ? Number.NaN : s / used[b]!)),
    r2: Float64Array.from(r2Sum, (s, b) => (used[b] === 0 ? Number.NaN : s / used[b]!)),
  };
}
