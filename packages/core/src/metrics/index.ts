export { evaluatePredictions } from "./evaluate.ts";
export { bootstrapReplicates } from "./bootstrap.ts";
export { constantBaseline } from "./constant-baseline.ts";
export {
  correlationPseudoValues,
  featurePseudoValues,
} from "./linearised.ts";
export type { EvaluateOptions, Evaluation } from "./evaluate.ts";
export { splitHalfReliability } from "./noise-ceiling.ts";
export type { RepeatedResponses } from "./noise-ceiling.ts";
export {
  identificationRanks,
  pairwiseScores,
  rankPercentiles,
} from "./identification.ts";
export { imagePairMatrices } from "./per-image.ts";
export type { ImagePairMatrices } from "./per-image.ts";
export { featureScores } from "./per-feature.ts";
export type { FeatureScores } from "./per-feature.ts";
export { permutationNull, SUMMARY_METRICS } from "./permutation-null.ts";
export type {
  MetricSamples,
  ProgressCallback,
  SummaryMetricName,
} from "./permutation-null.ts";
export { randomVectorBaseline, cosine } from "./random-baseline.ts";
export { pearson, columnCorrelations } from "./correlation.ts";
export { permutationPValue, percentileCi95 } from "./stats.ts";
