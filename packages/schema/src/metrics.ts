import { z } from "zod";

/**
 * The metrics of one evaluation run: predicted test-image feature vectors scored against the true
 * ones (computed by `evaluatePredictions` in @neurotranslator/core). Every summary carries its
 * honest null (shuffled image pairing) and a bootstrap CI over test images. Stored as JSON, so
 * every number is finite; fields that could not be computed are `null`, never NaN.
 */

/** A null distribution of a summary statistic from permuting which true vector goes with which prediction. */
export const NullDistribution = z.object({
  mean: z.number(),
  sd: z.number(),
  /** 5th and 95th percentiles (linear interpolation, NumPy's default). */
  p05: z.number(),
  p95: z.number(),
});
export type NullDistribution = z.infer<typeof NullDistribution>;

/**
 * One summary metric over the test set.
 * `value` is the mean over test images (or features); `p` = (1 + #{null at least as good as observed})
 * / (1 + nPermutations), "at least as good" meaning >= (or <= for ranks, where lower is better).
 * `ci95`, `null` and `p` are null when 0 resamples / permutations were asked for.
 */
export const MetricSummary = z.object({
  value: z.number(),
  median: z.number().optional(),
  /**
   * Percentile bootstrap 95% CI over test images: [2.5th, 97.5th] percentile (per-feature metrics
   * resample per-image pseudo-values; see CI_DEFINITION, stored as RunMetrics.ciDefinition).
   */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  null: NullDistribution.nullable(),
  p: z.number().min(0).max(1).nullable(),
  /** Expected value under chance where it has a closed form (identification 1/n, pairwise 0.5, rank (n+1)/2). */
  chance: z.number().optional(),
  /**
   * Map cells only: `p` corrected for the family of the map's cells (family-wise error, single-step
   * max-statistic over the same permutations; the cell's `correction` says which family). Absent on
   * run summaries and on maps stored before corrections existed.
   */
  pAdjusted: z.number().min(0).max(1).nullable().optional(),
});
export type MetricSummary = z.infer<typeof MetricSummary>;

/** Scores of random vectors in place of the predictions, as the 2020 study's baseline did. */
export const RandomVectorBaseline = z.object({
  /** "gaussian-matched": i.i.d. N(mean, sd) entries, mean and sd those of all prediction entries. */
  method: z.literal("gaussian-matched"),
  mean: z.number(),
  sd: z.number(),
  /** Mean per-image Pearson r and cosine of the random vectors against the true vectors. */
  sampleR: z.number(),
  cosine: z.number(),
});
export type RandomVectorBaseline = z.infer<typeof RandomVectorBaseline>;

/** What the constant baseline's note says (stored with it). */
export const CONSTANT_BASELINE_NOTE =
  "the training-mean feature vector predicted for every test image (no brain data); per-feature r is undefined for a constant prediction (null); identification ties count against it";

/**
 * The strongest trivial competitor: the training-mean feature vector as every test prediction,
 * scored like the decoder. A decoder's per-image r and cosine mean little unless they beat these.
 */
export const ConstantBaseline = z.object({
  method: z.literal("training-mean"),
  /** Mean per-image Pearson r and cosine of the training mean against each true vector. */
  sampleR: z.number(),
  cosine: z.number(),
  /** Always null: a constant prediction has no variance across images, so its per-feature r is undefined. */
  featureR: z.null(),
  /** Mean per-feature R² of predicting the training mean (about -1/nTest); null when no feature varies. */
  r2: z.number().nullable(),
  /** n-way identification with the same vector for every image: chance (1/n) or below. */
  identification: z.number(),
  /** Classifier-head agreement of the training mean's classes with the true features' classes, when a head applies. */
  top1Agreement: z.number().optional(),
  top5Overlap: z.number().optional(),
  note: z.string(),
});
export type ConstantBaseline = z.infer<typeof ConstantBaseline>;

/** How the ridge penalties were chosen: the grid searched, its rule, and how many targets chose an edge of it. */
export const AlphaSelection = z.object({
  /** "relative": grid = relativeGrid x scale (the default, follows the data); "absolute": the alphas given. */
  rule: z.enum(["relative", "absolute"]),
  relativeGrid: z.array(z.number().positive()).optional(),
  /** The data's scale the relative grid multiplies (see scaleDefinition). */
  scale: z.number().positive().optional(),
  scaleDefinition: z.string().optional(),
  /** The absolute alphas searched (per-target grids, as select-ridge's, store the rule only). */
  grid: z.array(z.number().positive()).optional(),
  nTargets: z.number().int().nonnegative(),
  /** Targets whose chosen alpha is the grid's smallest / largest value (the search may want to go further). */
  atLowEdge: z.number().int().nonnegative(),
  atHighEdge: z.number().int().nonnegative(),
  /** Targets whose CV score is the same at every alpha (e.g. constant in training): not counted as edges. */
  undetermined: z.number().int().nonnegative(),
  /** Chosen alphas: min, median, max. */
  min: z.number(),
  median: z.number(),
  max: z.number(),
});
export type AlphaSelection = z.infer<typeof AlphaSelection>;

/** How every `ci95` of RunMetrics is computed, stored with the numbers. */
export const CI_DEFINITION =
  "percentile bootstrap over test images; per-image metrics resample their per-image values; featureR and r2 resample per-image influence-function pseudo-values (delta method: each feature's test mean and variance vary to first order), never a recomputed per-resample SS_tot";

/** Counts of degenerate inputs and how they were treated (see the field notes). */
export const MetricEdgeCases = z.object({
  /** Images whose predicted (or true) vector is constant: their r is set to 0 (and cosine 0 for a zero vector). */
  constantPredictedImages: z.number().int().nonnegative(),
  constantTrueImages: z.number().int().nonnegative(),
  /** Features constant over the true test vectors: r and R² undefined, excluded from featureR and r2. */
  excludedFeatures: z.number().int().nonnegative(),
  /** Features constant over the predictions (truth not constant): r set to 0, R² computed as usual. */
  constantPredictedFeatures: z.number().int().nonnegative(),
});
export type MetricEdgeCases = z.infer<typeof MetricEdgeCases>;

/** Split-half reliability of repeated measurements, Spearman-Brown corrected. */
export const NoiseCeiling = z.object({
  nRepeats: z.number().int().min(2),
  nImages: z.number().int().positive(),
  nVoxels: z.number().int().positive(),
  nSplits: z.number().int().positive(),
  /** Mean and median over voxels of the corrected reliability 2r / (1 + r), r the split-half correlation. */
  meanReliability: z.number(),
  medianReliability: z.number(),
  /** Voxels whose reliability was undefined (a constant half) and left out of the summaries. */
  excludedVoxels: z.number().int().nonnegative(),
});
export type NoiseCeiling = z.infer<typeof NoiseCeiling>;

/** Predicted vs true features passed through the model's classifier head (filled by the features stage). */
export const ClassifierHeadComparison = z.object({
  model: z.string(),
  /** Fraction of test images whose top-1 class from the predicted features equals that from the true features. */
  top1Agreement: MetricSummary.optional(),
  /** Mean |top5(pred) ∩ top5(true)| / 5. */
  top5Overlap: MetricSummary.optional(),
  /** Against the dataset's own labels (e.g. Kay WordNet labels), when they exist. */
  labelTop1: MetricSummary.optional(),
  labelTop5: MetricSummary.optional(),
});
export type ClassifierHeadComparison = z.infer<typeof ClassifierHeadComparison>;

/** Definition of `pairwise`, stored with the numbers so readers need not guess. */
export const PAIRWISE_DEFINITION =
  "2-vs-2 over all unordered pairs (i, j): correct when r(pred_i, true_i) + r(pred_j, true_j) > r(pred_i, true_j) + r(pred_j, true_i)";
/** Definition of `rankPercentile`, equal to Horikawa & Kamitani's per-candidate pairwise accuracy. */
export const RANK_PERCENTILE_DEFINITION =
  "mean over images of (n - rank) / (n - 1) = fraction of other candidates j with r(pred_i, true_i) > r(pred_i, true_j)";

/** The summary metrics of predicted vs true feature vectors (the evaluation draws their nulls). */
export const PREDICTION_METRICS = [
  "sampleR",
  "cosine",
  "featureR",
  "r2",
  "identification",
  "rank",
  "rankPercentile",
  "pairwise",
] as const;

/**
 * Summary metrics whose permutation-null samples a run may keep, as rows of its run array
 * "nullSamples" [nMetrics, nPermutations] (float32), in the order `RunMetrics.nullSampleMetrics` lists.
 */
export const NULL_SAMPLE_METRICS = [...PREDICTION_METRICS, "top1Agreement", "top5Overlap"] as const;
export const NullSampleMetric = z.enum(NULL_SAMPLE_METRICS);
export type NullSampleMetric = z.infer<typeof NullSampleMetric>;

export const RunMetrics = z.object({
  nTest: z.number().int().min(2),
  /** Feature dimension D. */
  D: z.number().int().positive(),
  nPermutations: z.number().int().nonnegative(),
  nBootstrap: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  /** Per image: Pearson r and cosine between predicted and true vectors (means over images). */
  sampleR: MetricSummary,
  cosine: MetricSummary,
  /** Per feature over test images: Pearson r and R² = 1 - SS_res / SS_tot (test-set mean; can be negative). */
  featureR: MetricSummary,
  r2: MetricSummary,
  /** n-way identification accuracy: true image's vector is the best correlated of all n true vectors. */
  identification: MetricSummary,
  /** Rank of the true image among the n candidates (1 = best); lower is better. */
  rank: MetricSummary,
  rankPercentile: MetricSummary,
  rankPercentileDefinition: z.string(),
  pairwise: MetricSummary,
  pairwiseDefinition: z.string(),
  randomBaseline: RandomVectorBaseline,
  /** The training-mean prediction's scores (runs stored before it existed lack it). */
  constantBaseline: ConstantBaseline.optional(),
  /** How ci95 was computed (CI_DEFINITION); absent on older runs, whose featureR / r2 CIs recomputed SS_tot per resample. */
  ciDefinition: z.string().optional(),
  /** Ridge solvers: the alpha grid, its rule and the edge counts (absent for other solvers and older runs). */
  alphaSelection: AlphaSelection.optional(),
  edgeCases: MetricEdgeCases,
  top1Agreement: MetricSummary.optional(),
  top5Overlap: MetricSummary.optional(),
  classifierHead: ClassifierHeadComparison.optional(),
  noiseCeiling: NoiseCeiling.optional(),
  /**
   * Row k of the run array "nullSamples" holds the permutation-null samples of metric
   * nullSampleMetrics[k]; absent when the run kept no samples (older runs: summaries only).
   */
  nullSampleMetrics: z.array(NullSampleMetric).min(1).optional(),
  /**
   * Map runs with a variance partition (map --joint): row k of the run array "partition" [nRows,
   * nVoxels] holds per voxel the quantity partitionRows[k] ("joint", "alpha", then per layer
   * "unique:L", "shared:L", "alone:L", "weight:L"); NaN outside the mapped areas.
   */
  partitionRows: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
});
export type RunMetrics = z.infer<typeof RunMetrics>;
