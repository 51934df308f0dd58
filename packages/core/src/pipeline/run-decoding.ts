import { NtError } from "@neurotranslator/schema";
import type {
  JsonObject,
  Matrix32,
  Matrix64,
  NewImageResult,
  NullSampleMetric,
  ProgressCallback,
  RunMetrics,
} from "@neurotranslator/schema";
import type { ClassifierHead } from "../features/classifier-head.ts";
import type { ClassificationComparison } from "../features/compare-classifications.ts";
import type { LinalgBackend } from "../linalg/backend.ts";
import { evaluatePredictions } from "../metrics/evaluate.ts";
import { attributeByArea, columnMeans, type VoxelContributions } from "./attribution.ts";
import { checkPairedShapes } from "./check-input.ts";
import { classifierMetrics } from "./classifier-metrics.ts";
import { collectNullSamples } from "./null-samples.ts";
import { selectAreas, takeColumns } from "./select-areas.ts";
import {
  alphaSelection,
  buildRegressor,
  chosenAlphas,
  compactDiagnostics,
  type SolverChoice,
} from "./solver-setup.ts";

/** The arrays one decoding run needs (row i of a train/test matrix is training/test image i). */
export interface DecodingInput {
  /** responsesTrain: [nTrain, V], responsesTest: [nTest, V]. */
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  /** roi: [V] area codes; roiNames[code] is the area's name. */
  roi: Int32Array;
  roiNames: readonly string[];
  /** featuresTrain: [nTrain, D], featuresTest: [nTest, D] (one layer). */
  featuresTrain: Matrix32;
  featuresTest: Matrix32;
  /** The model's classifier head, only when the layer is its input layer (e.g. global_pool); `model` is its id. */
  classifier?: { head: ClassifierHead; model: string };
  /** WordNet labels of the test images: 4 rows of nTest strings (Kay kay_labels_val.npy). */
  wordnet?: readonly (readonly string[])[];
}

/** The RunConfig fields the pipeline reads, plus the evaluation's resampling counts. */
export interface DecodingConfig {
  /** Solver name and options (RunConfig.solver); default ridge-cv with its defaults. */
  solver?: SolverChoice;
  /** Area names; empty or absent = every area with voxels. */
  rois?: readonly string[];
  /** Seeds the solver's folds, the permutation null, the bootstrap (default 0). */
  seed?: number;
  /** Permutations for the nulls (default 1000) and bootstrap resamples for the CIs (default 1000). */
  nPermutations?: number;
  nBootstrap?: number;
  /**
   * Split each prediction by area (attribution.ts): per-image area shares and agreement, per-area
   * voxel contributions. Default true. It needs the decoder's primal weights W = X^T C [V, D] (a
   * kernel solver forms them only for this), which at the Kay shape costs about as much as the
   * prediction and evaluation together; callers that do not keep it turn it off.
   */
  attribution?: boolean;
}

export interface PipelineContext {
  backend: LinalgBackend;
  onProgress?: ProgressCallback;
}

/** Seconds per stage. */
export interface DecodingTimings {
  fit: number;
  predict: number;
  evaluate: number;
  classify: number;
  attribute: number;
  [stage: string]: number;
}

export interface DecodingResult {
  /** predictions: [nTest, D], the decoded test features. */
  predictions: Matrix32;
  /** All metrics with nulls and CIs; classifierHead / top1Agreement / top5Overlap when a head applies. */
  metrics: RunMetrics;
  /**
   * One row per test image: r, cosine, rank and `extra` = { pairwise, areaShares, areaAgreement,
   * top5True, top5Pred } (areaShares / areaAgreement keyed by area name, see AreaAttribution;
   * top-5 ImageNet classes as { index, name, p } (ImageClass) only with a head).
   */
  perImage: NewImageResult[];
  /** Per feature, [D] each: test Pearson r and R² (NaN for features constant in the truth); alpha when the solver chose per-feature alphas. */
  perFeature: { featureR: Float64Array; r2: Float64Array; alpha?: Float64Array };
  timings: DecodingTimings;
  /** The solver's validated options, the voxels used and its diagnostics (per-feature arrays summarised). */
  fit: {
    solver: string;
    options: JsonObject;
    nVoxels: number;
    areas: { name: string; nVoxels: number }[];
    diagnostics: JsonObject;
  };
  /** Per-area summaries of the additive split: mean share and agreement over test images, and per-voxel contributions. */
  /** Absent when the config turned attribution off. */
  attribution?: {
    areas: string[];
    meanShare: number[];
    meanAgreement: number[];
    voxels: VoxelContributions[];
  };
  /** compareClassifications' plain numbers (KL, JS, rank of the true top class, WordNet ceilings), when a head applies. */
  classification?: ClassificationComparison;
  /**
   * Permutation-null samples of the summary metrics: values [nMetrics, nPermutations], row k for
   * metrics[k] (also recorded as metrics.nullSampleMetrics); absent when nPermutations is 0.
   */
  nullSamples?: { metrics: NullSampleMetric[]; values: Matrix64 };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Forwards the metrics' progress events to the pipeline's callback, their stage prefixed "evaluate: ". */
export function evaluateProgress(onProgress: ProgressCallback | undefined): {
  onProgress?: ProgressCallback;
} {
  return onProgress ? { onProgress: (p) => onProgress({ ...p, stage: `evaluate: ${p.stage}` }) } : {};
}

/**
 * One decoding run: fit features on the training responses of the chosen areas, predict the test
 * features, evaluate them (metrics, permutation nulls, bootstrap CIs), classify true and predicted
 * features with the head when given, and split each prediction by area (attribution.ts).
 * Deterministic for `config.seed`. Throws NtError for unknown areas (NOT_FOUND) and inconsistent shapes (BAD_INPUT).
 */
export function runDecoding(
  input: DecodingInput,
  config: DecodingConfig,
  ctx: PipelineContext,
): DecodingResult {
  const seed = config.seed ?? 0;
  const nPermutations = config.nPermutations ?? 1000;
  const nBootstrap = config.nBootstrap ?? 1000;
  checkPairedShapes(
    { train: input.responsesTrain, test: input.responsesTest },
    { train: input.featuresTrain, test: input.featuresTest },
    input.roi,
  );
  const dd = input.featuresTrain.cols;
  if (input.classifier && input.classifier.head.inputDim !== dd) {
    throw new NtError(
      "BAD_INPUT",
      `classifier head of ${input.classifier.model} takes ${input.classifier.head.inputDim}-d features but the layer has D = ${dd}`,
    );
  }
  const selection = selectAreas(input.roi, input.roiNames, config.rois ?? []);
  const timings: DecodingTimings = { fit: 0, predict: 0, evaluate: 0, classify: 0, attribute: 0 };

  let t0 = performance.now();
  const regressor = buildRegressor(config.solver, seed, ctx);
  const xTrain = takeColumns(input.responsesTrain, selection.voxels);
  const diagnostics = regressor.fit(xTrain, input.featuresTrain);
  timings.fit = seconds(t0);

  t0 = performance.now();
  const predictions = regressor.predict(takeColumns(input.responsesTest, selection.voxels));
  timings.predict = seconds(t0);

  t0 = performance.now();
  const trainingMean = columnMeans(
    input.featuresTrain,
    Int32Array.from({ length: dd }, (_, d) => d),
  );
  const evaluation = evaluatePredictions(predictions, input.featuresTest, {
    nPermutations,
    nBootstrap,
    seed,
    backend: ctx.backend,
    trainingMean,
    ...evaluateProgress(ctx.onProgress),
  });
  timings.evaluate = seconds(t0);
  const metrics = evaluation.metrics;
  const chosen = alphaSelection(diagnostics, dd);
  if (chosen) metrics.alphaSelection = chosen;

  t0 = performance.now();
  const cls = input.classifier
    ? classifierMetrics(input.classifier.head, input.featuresTest, predictions, {
        model: input.classifier.model,
        nPermutations,
        nBootstrap,
        seed,
        trainingMean,
        ...(input.wordnet ? { wordnet: input.wordnet } : {}),
      })
    : undefined;
  if (cls?.constant && metrics.constantBaseline) Object.assign(metrics.constantBaseline, cls.constant);
  if (cls) {
    metrics.classifierHead = cls.comparison;
    if (cls.comparison.top1Agreement) metrics.top1Agreement = cls.comparison.top1Agreement;
    if (cls.comparison.top5Overlap) metrics.top5Overlap = cls.comparison.top5Overlap;
  }
  timings.classify = seconds(t0);
  const nullSamples = collectNullSamples(evaluation.nullSamples, cls?.nullSamples);
  if (nullSamples) metrics.nullSampleMetrics = nullSamples.metrics;

  t0 = performance.now();
  const attribution =
    config.attribution === false
      ? undefined
      : attributeByArea(ctx.backend, {
          model: regressor.model!,
          selection,
          trainMean: columnMeans(input.responsesTrain, selection.voxels),
          responsesTest: input.responsesTest,
          truth: input.featuresTest,
        });
  timings.attribute = seconds(t0);

  const nTest = predictions.rows;
  const nAreas = attribution?.areas.length ?? 0;
  const perImage: NewImageResult[] = [];
  for (let i = 0; i < nTest; i++) {
    const extra: JsonObject = { pairwise: evaluation.perImage.pairwise[i]! };
    if (attribution) {
      const byArea = (m: Float64Array) =>
        Object.fromEntries(attribution.areas.map((a, k) => [a, m[i * nAreas + k]!]));
      extra["areaShares"] = byArea(attribution.shares);
      extra["areaAgreement"] = byArea(attribution.agreement);
    }
    if (cls) {
      extra["top5True"] = cls.classesTrue[i]!;
      extra["top5Pred"] = cls.classesPred[i]!;
    }
    perImage.push({
      imageIndex: i,
      r: evaluation.perImage.r[i]!,
      cosine: evaluation.perImage.cosine[i]!,
      rank: evaluation.perImage.rank[i]!,
      extra,
    });
  }
  const alpha = chosenAlphas(diagnostics, dd);
  const meanOver = (m: Float64Array, k: number) => {
    let s = 0;
    for (let i = 0; i < nTest; i++) s += m[i * nAreas + k]!;
    return s / nTest;
  };
  return {
    predictions,
    metrics,
    perImage,
    perFeature: {
      featureR: evaluation.perFeature.r,
      r2: evaluation.perFeature.r2,
      ...(alpha ? { alpha } : {}),
    },
    timings,
    fit: {
      solver: regressor.solver,
      options: regressor.config as JsonObject,
      nVoxels: selection.voxels.length,
      areas: selection.areas.map((a) => ({ name: a.name, nVoxels: a.voxels.length })),
      diagnostics: compactDiagnostics(diagnostics, dd) as JsonObject,
    },
    ...(attribution
      ? {
          attribution: {
            areas: attribution.areas,
            meanShare: attribution.areas.map((_, k) => meanOver(attribution.shares, k)),
            meanAgreement: attribution.areas.map((_, k) => meanOver(attribution.agreement, k)),
            voxels: attribution.voxels,
          },
        }
      : {}),
    ...(cls ? { classification: cls.details } : {}),
    ...(nullSamples ? { nullSamples } : {}),
  };
}
