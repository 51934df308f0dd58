import type { Matrix32 } from "@neurotranslator/schema";
import { identificationRanks, pairwiseScores, rankPercentiles } from "../metrics/identification.ts";
import { featurePseudoValues } from "../metrics/linearised.ts";
import { featureScores } from "../metrics/per-feature.ts";
import { imagePairMatrices, pairedEntries } from "../metrics/per-image.ts";

/** Per test image [nTest], values whose mean over images is a run's summary metric (see bootstrap.ts). */
export type PerImageValues = Partial<Record<string, Float64Array>>;

/**
 * The per-image values of every prediction metric, recomputed from a run's stored predictions and
 * the true test features (pred, truth: [nTest, D], row i = test image i): per-image r, cosine,
 * identification (rank 1), rank, rank percentile, 2-vs-2 score, and featureR / r2 as their per-image
 * pseudo-values (linearised.ts), so the mean over images of each equals the run's stored value.
 */
export function perImageValuesFromPredictions(pred: Matrix32, truth: Matrix32): PerImageValues {
  const n = pred.rows;
  const images = imagePairMatrices(pred, truth);
  const features = featureScores(pred, truth);
  const rank = identificationRanks(images.corr, n);
  const u = featurePseudoValues(pred, truth, features.excluded);
  return {
    sampleR: Float64Array.from(pairedEntries(images.corr, n)),
    cosine: Float64Array.from(pairedEntries(images.cos, n)),
    featureR: u.r,
    r2: u.r2,
    identification: Float64Array.from(rank, (k) => (k === 1 ? 1 : 0)),
    rank: Float64Array.from(rank),
    rankPercentile: rankPercentiles(rank),
    pairwise: pairwiseScores(images.corr, n),
  };
}

/** One image's stored result, as far as these values need it (ImageResult: r, cosine, rank, extra top-5 lists). */
export interface StoredImageResult {
  imageIndex: number;
  r: number | null;
  cosine: number | null;
  rank: number;
  extra: Record<string, unknown>;
}

/**
 * Per-image values read from stored image results (ordered by image index): r, cosine, identification,
 * rank, and, when every image has both top-5 lists, top-1 agreement and top-5 overlap / 5. A metric
 * with a missing (null) value on any image is left out rather than guessed.
 */
export function perImageValuesFromResults(results: readonly StoredImageResult[]): PerImageValues {
  const sorted = [...results].sort((a, b) => a.imageIndex - b.imageIndex);
  const n = sorted.length;
  const out: PerImageValues = {};
  const column = (get: (r: StoredImageResult) => number | null) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = get(sorted[i]!);
      if (x === null || !Number.isFinite(x)) return undefined;
      v[i] = x;
    }
    return v;
  };
  const set = (key: string, v: Float64Array | undefined) => {
    if (v) out[key] = v;
  };
  set(
    "sampleR",
    column((r) => r.r),
  );
  set(
    "cosine",
    column((r) => r.cosine),
  );
  set(
    "identification",
    column((r) => (r.rank === 1 ? 1 : 0)),
  );
  set(
    "rank",
    column((r) => r.rank),
  );
  if (n > 1)
    set(
      "rankPercentile",
      column((r) => (n - r.rank) / (n - 1)),
    );
  const top = (list: unknown): number[] | null =>
    Array.isArray(list)
      ? list.map((c: unknown) =>
          typeof c === "number"
            ? c
            : typeof c === "object" && c !== null && typeof (c as { index?: unknown }).index === "number"
              ? (c as { index: number }).index
              : -1,
        )
      : null;
  set(
    "top1Agreement",
    column((r) => {
      const [t, p] = [top(r.extra["top5True"]), top(r.extra["top5Pred"])];
      return t && p && t.length > 0 && p.length > 0 ? (t[0] === p[0] ? 1 : 0) : null;
    }),
  );
  set(
    "top5Overlap",
    column((r) => {
      const [t, p] = [top(r.extra["top5True"]), top(r.extra["top5Pred"])];
      return t && p && t.length > 0 ? p.filter((c) => t.includes(c)).length / 5 : null;
    }),
  );
  return out;
}
