import { NtError } from "@neurotranslator/schema";
import type { Matrix32, RunMetrics } from "@neurotranslator/schema";
import { evaluatePredictions } from "../metrics/evaluate.ts";
import { createSolver } from "../solvers/registry.ts";
import { checkPairedShapes } from "./check-input.ts";
import { kayIdentification, type KayIdentification } from "./kay-identification.ts";
import { evaluateProgress, type PipelineContext } from "./run-decoding.ts";
import { selectAreas, takeColumns } from "./select-areas.ts";
import { diagnosticsOf } from "../solvers/diagnostics.ts";
import { chosenAlphas } from "./solver-setup.ts";

/** Features and responses of the same images; roi/roiNames/rois restrict the voxels predicted. */
export interface EncodingInput {
  /** featuresTrain: [nTrain, D], featuresTest: [nTest, D]. */
  featuresTrain: Matrix32;
  featuresTest: Matrix32;
  /** responsesTrain: [nTrain, V], responsesTest: [nTest, V]. */
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi?: Int32Array;
  roiNames?: readonly string[];
}

export interface EncodingOptions {
  /** Raw ridge-cv options (alphas, cv, ...; see RidgeCvOptions); the seed is the run's unless set. */
  ridge?: Record<string, unknown>;
  /** Areas whose voxels are predicted (needs roi and roiNames); empty = all voxels. */
  rois?: readonly string[];
  seed?: number;
  nPermutations?: number;
  nBootstrap?: number;
  /** Voxels kept for the restricted identification, best by TRAINING cross-validated R² (default 500). */
  topVoxels?: number;
}

export interface EncodingResult {
  /** voxels: [V'] column indices of the full response matrix that were predicted. */
  voxels: Int32Array;
  /** predictions: [nTest, V'], predicted test voxel patterns. */
  predictions: Matrix32;
  /** Per voxel [V']: test Pearson r, chosen alpha, training cross-validated R² (1 - CV MSE / training variance). */
  voxelR: Float64Array;
  voxelAlpha: Float64Array;
  voxelCvR2: Float64Array;
  /** Predicted vs measured test patterns scored as a decoding run is (voxels play the features' role). */
  metrics: RunMetrics;
  /** Kay-style identification with all V' voxels, and with the `topVoxels` best by training CV R² (`selected`: their column indices). */
  identification: { all: KayIdentification; top: KayIdentification & { selected: Int32Array } };
  timings: { fit: number; predict: number; evaluate: number };
}

/**
 * The encoding direction: ridge-cv from features to voxels (alpha per voxel by leave-one-out or
 * k-fold CV), test-set prediction r per voxel, and Kay et al. (2008) identification: each measured
 * test pattern is matched to the best-correlated predicted pattern. The restricted identification
 * ranks voxels by the ridge-cv score at each voxel's chosen alpha on the training images only
 * (no test-set peeking), as Kay et al. selected voxels by their training-set fit.
 */
export function runEncoding(
  input: EncodingInput,
  options: EncodingOptions,
  ctx: PipelineContext,
): EncodingResult {
  const seed = options.seed ?? 0;
  checkPairedShapes(
    { train: input.responsesTrain, test: input.responsesTest },
    { train: input.featuresTrain, test: input.featuresTest },
    input.roi,
  );
  let voxels: Int32Array = Int32Array.from({ length: input.responsesTrain.cols }, (_, j) => j);
  if (options.rois && options.rois.length > 0) {
    if (!input.roi || !input.roiNames)
      throw new NtError(
        "BAD_INPUT",
        `encoding: areas ${options.rois.join(", ")} were asked for but no roi codes were given`,
      );
    voxels = selectAreas(input.roi, input.roiNames, options.rois).voxels;
  }
  const yTrain = takeColumns(input.responsesTrain, voxels);
  const yTest = takeColumns(input.responsesTest, voxels);
  const v = voxels.length;

  let t0 = performance.now();
  const regressor = createSolver("ridge-cv", { seed, ...(options.ridge ?? {}) }, ctx);
  const diagnostics = regressor.fit(input.featuresTrain, yTrain);
  const fit = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const predictions = regressor.predict(input.featuresTest);
  const predict = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const nPermutations = options.nPermutations ?? 1000;
  const ev = evaluatePredictions(predictions, yTest, {
    nPermutations,
    nBootstrap: options.nBootstrap ?? 1000,
    seed,
    backend: ctx.backend,
    ...evaluateProgress(ctx.onProgress),
  });
  const { cvScores } = diagnosticsOf(diagnostics, "ridge-cv");
  const voxelCvR2 = cvR2(cvScores, yTrain, regressor.config["standardizeY"] === true);
  const k = Math.min(options.topVoxels ?? 500, v);
  const order = Array.from({ length: v }, (_, j) => j).sort((a, b) => voxelCvR2[b]! - voxelCvR2[a]! || a - b);
  const top = Int32Array.from(order.slice(0, k)).sort();
  const all = kayIdentification(yTest, predictions, nPermutations, seed, ctx.backend);
  const best = kayIdentification(
    takeColumns(yTest, top),
    takeColumns(predictions, top),
    nPermutations,
    seed,
    ctx.backend,
  );
  const evaluate = (performance.now() - t0) / 1000;
  return {
    voxels,
    predictions,
    voxelR: ev.perFeature.r,
    voxelAlpha: chosenAlphas(diagnostics, v) ?? new Float64Array(v).fill(NaN),
    voxelCvR2,
    metrics: ev.metrics,
    identification: { all, top: { ...best, selected: Int32Array.from(top, (j) => voxels[j]!) } },
    timings: { fit, predict, evaluate },
  };
}

/**
 * Cross-validated R² per voxel from ridge-cv's scores ([nAlphas][V] negative MSE on the
 * preprocessed targets): 1 - max_alpha(score) / var, var the training variance (1 when standardised).
 */
function cvR2(scores: number[][], y: Matrix32, standardized: boolean): Float64Array {
  if (scores.length === 0) throw new NtError("INTERNAL", "ridge-cv returned no cvScores");
  const v = y.cols;
  const best = new Float64Array(v).fill(-Infinity);
  for (const row of scores) for (let j = 0; j < v; j++) best[j] = Math.max(best[j]!, row[j]!);
  const out = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    let m = 0,
      s = 0;
    for (let i = 0; i < y.rows; i++) m += y.data[i * v + j]!;
    m /= y.rows;
    for (let i = 0; i < y.rows; i++) s += (y.data[i * v + j]! - m) ** 2;
    const variance = standardized ? 1 : s / y.rows;
    out[j] = variance > 0 ? 1 + best[j]! / variance : 0;
  }
  return out;
}
