import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32, MetricSummary, ProgressCallback, RunMetrics } from "@neurotranslator/schema";
import { CI_DEFINITION, PAIRWISE_DEFINITION, RANK_PERCENTILE_DEFINITION } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { Prng } from "../random/prng.ts";
import { bootstrapReplicates } from "./bootstrap.ts";
import { constantBaseline } from "./constant-baseline.ts";
import { identificationRanks, pairwiseScores, rankPercentiles } from "./identification.ts";
import { featurePseudoValues } from "./linearised.ts";
import { featureScores } from "./per-feature.ts";
import { imagePairMatrices, pairedEntries } from "./per-image.ts";
import type { MetricSamples, SummaryMetricName } from "./permutation-null.ts";
import { SUMMARY_METRICS, permutationNull } from "./permutation-null.ts";
import { splitHalfReliability } from "./noise-ceiling.ts";
import type { RepeatedResponses } from "./noise-ceiling.ts";
import { randomVectorBaseline } from "./random-baseline.ts";
import { mean, median, percentileCi95, permutationPValue, withoutNaN, summariseNull } from "./stats.ts";
import { assertCount, assertPredictionPair } from "./validate.ts";

export interface EvaluateOptions {
  /** Random re-pairings for the null (default 1000; 0 = no null, p and null are null). */
  nPermutations?: number;
  /** Bootstrap resamples of the test images (default 1000; 0 = no CI). */
  nBootstrap?: number;
  /** Seeds the permutations, resamples and random baseline (independent sub-streams); default 0. */
  seed?: number;
  /** Stage "permutations" counts re-pairings, stage "bootstrap" resamples. */
  onProgress?: ProgressCallback;
  /**
   * Linear-algebra engine for the Gram products (float64 GEMMs); pass the one
   * `selectLinalgBackend()` chose. The pure-JS backend (name "js") is not used: the metrics' own
   * loops beat its general GEMM here. Results agree to ~1e-12 either way.
   */
  backend?: LinalgBackend;
  /** Repeated test responses [nRepeats, nImages, nVoxels], when the dataset has them: fills metrics.noiseCeiling. */
  repeats?: RepeatedResponses;
  /** Training-set mean of each feature [D]: fills metrics.constantBaseline (the training-mean prediction). */
  trainingMean?: ArrayLike<number>;
}

export interface Evaluation {
  metrics: RunMetrics;
  /** Per test image, each [nTest]: Pearson r and cosine with its true vector, rank of the true image (1 = best), 2-vs-2 score. */
  perImage: {
    r: Float64Array;
    cosine: Float64Array;
    rank: Int32Array;
    pairwise: Float64Array;
  };
  /** Per feature, each [D]: Pearson r and R² across test images; NaN for features constant in the truth. */
  perFeature: { r: Float64Array; r2: Float64Array };
  /**
   * The permutation-null samples, [nPermutations] per summary metric, that metrics[k].null and .p
   * summarise; absent when nPermutations is 0. The pairings depend only on (seed, nTest), so
   * evaluations of the same test images with the same seed share them (a map's max-statistic).
   */
  nullSamples?: MetricSamples;
  /**
   * The bootstrap replicates, [nBootstrap] per summary metric, whose percentiles are metrics[k].ci95;
   * absent when nBootstrap is 0. Shared resamples for the same (seed, nTest), as the nulls.
   */
  bootstrapSamples?: MetricSamples;
}

const LOWER_IS_BETTER: ReadonlySet<SummaryMetricName> = new Set(["rank"]);

/**
 * Scores predicted test-image feature vectors against the true ones.
 * pred, truth: [nTest, D] (row i of both is test image i).
 * Degenerate inputs: an image whose predicted or true vector is constant has r = 0 (cosine 0 for
 * a zero vector); features constant in the truth are excluded from featureR and r2 (counted in
 * edgeCases). NaN/Inf input throws NtError NUMERIC; mismatched shapes throw BAD_INPUT.
 * Cost: four [n, n] Gram products (O(n² D)), then O(n²) per permutation and O(n) per metric and
 * bootstrap resample (featureR and r2 resample per-image pseudo-values, see linearised.ts).
 */
export function evaluatePredictions(
  pred: Matrix32,
  truth: Matrix32,
  options: EvaluateOptions = {},
): Evaluation {
  const nPermutations = options.nPermutations ?? 1000;
  const nBootstrap = options.nBootstrap ?? 1000;
  const seed = options.seed ?? 0;
  assertCount(nPermutations, "nPermutations");
  assertCount(nBootstrap, "nBootstrap");
  assertCount(seed, "seed");
  assertPredictionPair(pred, truth);
  const n = pred.rows;
  const D = pred.cols;
  if (options.trainingMean && options.trainingMean.length !== D) {
    throw new NtError(
      "BAD_INPUT",
      `trainingMean has ${options.trainingMean.length} values but the predictions have D = ${D} features`,
    );
  }
  const backend = options.backend?.name === "js" ? undefined : options.backend;

  const images = imagePairMatrices(pred, truth, backend);
  const features = featureScores(pred, truth, backend);
  if (features.nValid === 0) {
    throw new NtError(
      "NUMERIC",
      `every one of the ${D} true features is constant over the ${n} test images (shape ${formatShape([n, D])}): feature r and R² are undefined`,
    );
  }
  const r = pairedEntries(images.corr, n);
  const cosine = pairedEntries(images.cos, n);
  const rank = identificationRanks(images.corr, n);
  const pairwise = pairwiseScores(images.corr, n);
  const perItem: Record<SummaryMetricName, ArrayLike<number>> = {
    sampleR: r,
    cosine,
    featureR: withoutNaN(features.r),
    r2: withoutNaN(features.r2),
    identification: Float64Array.from(rank, (k) => (k === 1 ? 1 : 0)),
    rank,
    rankPercentile: rankPercentiles(rank),
    pairwise,
  };

  // Independent sub-streams, so changing nPermutations leaves the bootstrap and baseline unchanged.
  const master = new Prng(seed);
  const permRng = new Prng(master.nextUint32());
  const bootRng = new Prng(master.nextUint32());
  const baselineRng = new Prng(master.nextUint32());

  const nulls =
    nPermutations > 0
      ? permutationNull(images, features, nPermutations, permRng, options.onProgress)
      : undefined;
  let boots: MetricSamples | undefined;
  if (nBootstrap > 0) {
    const u = featurePseudoValues(pred, truth, features.excluded);
    boots = bootstrapReplicates(
      { ...perItem, featureR: u.r, r2: u.r2 },
      nBootstrap,
      bootRng,
      options.onProgress,
    );
  }

  const chance: Partial<Record<SummaryMetricName, number>> = {
    identification: 1 / n,
    rank: (n + 1) / 2,
    rankPercentile: 0.5,
    pairwise: 0.5,
  };
  const summaries = Object.fromEntries(
    SUMMARY_METRICS.map((k) => [k, summarise(k, perItem[k], nulls, boots, chance[k])]),
  ) as Record<SummaryMetricName, MetricSummary>;

  const metrics: RunMetrics = {
    nTest: n,
    D,
    nPermutations,
    nBootstrap,
    seed,
    ...summaries,
    rankPercentileDefinition: RANK_PERCENTILE_DEFINITION,
    pairwiseDefinition: PAIRWISE_DEFINITION,
    randomBaseline: randomVectorBaseline(pred, truth, baselineRng),
    ...(options.trainingMean
      ? {
          constantBaseline: constantBaseline(options.trainingMean, truth, features.excluded),
        }
      : {}),
    ciDefinition: CI_DEFINITION,
    edgeCases: {
      constantPredictedImages: count(images.constantPred),
      constantTrueImages: count(images.constantTrue),
      excludedFeatures: D - features.nValid,
      constantPredictedFeatures: features.constantPredicted,
    },
  };
  if (options.repeats)
    metrics.noiseCeiling = splitHalfReliability(options.repeats, {
      seed,
    }).summary;
  return {
    metrics,
    perImage: { r, cosine, rank, pairwise },
    perFeature: { r: features.r, r2: features.r2 },
    ...(nulls ? { nullSamples: nulls } : {}),
    ...(boots ? { bootstrapSamples: boots } : {}),
  };
}

function summarise(
  name: SummaryMetricName,
  items: ArrayLike<number>,
  nulls: MetricSamples | undefined,
  boots: MetricSamples | undefined,
  chance: number | undefined,
): MetricSummary {
  const value = mean(items);
  const replicates = boots ? withoutNaN(boots[name]) : undefined;
  const summary: MetricSummary = {
    value,
    median: median(items),
    ci95: replicates && replicates.length > 0 ? percentileCi95(replicates) : null,
    null: nulls ? summariseNull(nulls[name]) : null,
    p: nulls ? permutationPValue(value, nulls[name], !LOWER_IS_BETTER.has(name)) : null,
  };
  if (chance !== undefined) summary.chance = chance;
  return summary;
}

function count(flags: Uint8Array): number {
  let c = 0;
  for (const f of flags) c += f;
  return c;
}
