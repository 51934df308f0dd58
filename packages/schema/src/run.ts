import { z } from "zod";
import { Count, Index, JsonObject, Sha256Hex } from "./common.ts";
import { LayerName } from "./feature-set.ts";
import { RunMetrics } from "./metrics.ts";

/** A solver's registered name (e.g. "ridge", "ols", "lasso", "elastic-net"); the core owns the registry. */
export const SolverName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "must be lowercase letters, digits and '-'");

/** Which solver and its options (e.g. `{ alphas: [...], perTarget: true }` for ridge). */
export const SolverSpec = z.object({
  name: SolverName,
  options: JsonObject.default({}),
});
export type SolverSpec = z.infer<typeof SolverSpec>;

/** Cross-validation used to choose hyperparameters. */
export const CvConfig = z.object({
  folds: z.number().int().min(2).max(100).default(5),
});
export type CvConfig = z.infer<typeof CvConfig>;

/** Pairings of features with responses a run may deliberately break (core pipeline/controls.ts). */
export const RUN_PAIRINGS = ["as-stored", "name-order", "shuffled"] as const;

/**
 * A control applied to the run's inputs, to check a pipeline against the 2020 study's failure modes:
 * `pairing` re-pairs features and responses ("name-order": files listed "0, 1, 10, 100, ..." against
 * responses in numeric order; "shuffled": at random), `voxelSubset` keeps that many voxels (a seeded
 * uniform subset). Absent on ordinary runs.
 */
export const RunControls = z.object({
  pairing: z.enum(RUN_PAIRINGS).default("as-stored"),
  voxelSubset: z.number().int().positive().nullable().default(null),
});
export type RunControls = z.infer<typeof RunControls>;

/**
 * Everything that determines a fit: solver, feature layer, voxel areas, seed, cross-validation,
 * and the control applied to the inputs (absent = none).
 * `rois` are area names of the dataset; an empty list means all areas together.
 */
export const RunConfig = z.object({
  solver: SolverSpec,
  layer: LayerName,
  rois: z.array(z.string().min(1).max(64)).default([]),
  seed: Index.default(0),
  cv: CvConfig.default({ folds: 5 }),
  controls: RunControls.optional(),
});
export type RunConfig = z.infer<typeof RunConfig>;

export const RUN_STATUSES = ["complete"] as const;
/** Runs are written once, complete, in one transaction; there is no partial state. */
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/**
 * A finished fit + evaluation. `layer`, `rois` and `solver` repeat `config` as columns so runs can be
 * filtered; the store fills them from `config`. `datasetHash` / `featureHash` pin the exact inputs.
 */
export const Run = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  featureSetId: z.uuid(),
  layer: LayerName,
  rois: z.array(z.string()),
  solver: SolverName,
  config: RunConfig,
  /** Compute engines used (linear algebra backend, tfjs backend), each as name + description. */
  engine: JsonObject,
  /** Package and library versions. */
  versions: z.record(z.string(), z.string()),
  datasetHash: Sha256Hex,
  featureHash: Sha256Hex,
  status: RunStatus,
  /** Seconds per stage, e.g. `{ fit: 12.3, evaluate: 0.8 }`. */
  timings: z.record(z.string(), z.number()),
  metrics: RunMetrics,
  /** The queue job that produced the run, or null; unique, so a retried job stores its run once. */
  jobId: z.string().min(1).max(200).nullable(),
  createdAt: z.date(),
});
export type Run = z.infer<typeof Run>;

/**
 * What a caller supplies to store a run (id, createdAt, status and the columns copied from config
 * are filled in; a job id is passed beside it, see the store's `RunInput`).
 */
export const NewRun = Run.omit({
  id: true,
  jobId: true,
  createdAt: true,
  status: true,
  layer: true,
  rois: true,
  solver: true,
});
export type NewRun = z.infer<typeof NewRun>;

/**
 * One class of a top-5 list in `ImageResult.extra` (top5True / top5Pred): the 0-based ImageNet class
 * index, its name from the classifier's labels (null when the model has none) and its softmax probability.
 */
export const ImageClass = z.object({
  index: Index,
  name: z.string().nullable(),
  p: z.number().min(0).max(1),
});
export type ImageClass = z.infer<typeof ImageClass>;
/** A top-5 list, best first: ImageClass entries, or bare class indices as runs stored before names were kept. */
export const TopClasses = z.array(z.union([Index, ImageClass])).max(5);
export type TopClasses = z.infer<typeof TopClasses>;
/** The class fields of `ImageResult.extra`, present only when the layer feeds the model's classifier head. */
export const ImageClassExtra = z.object({
  top5True: TopClasses.optional(),
  top5Pred: TopClasses.optional(),
});
export type ImageClassExtra = z.infer<typeof ImageClassExtra>;

/**
 * Scores of one test image: Pearson r and cosine between predicted and true feature vectors
 * (null where undefined, e.g. a constant vector), and the rank of the true image among all test
 * images (1 = identified). `extra`: e.g. top-5 classes true/predicted, per-area shares.
 */
export const ImageResult = z.object({
  runId: z.uuid(),
  imageIndex: Index,
  r: z.number().nullable(),
  cosine: z.number().nullable(),
  rank: Count,
  extra: JsonObject,
});
export type ImageResult = z.infer<typeof ImageResult>;
export const NewImageResult = ImageResult.omit({ runId: true });
export type NewImageResult = z.infer<typeof NewImageResult>;

export const RUN_ARRAY_ROLES = [
  "predictions",
  "featureR",
  "r2",
  "alpha",
  "nullSamples",
  "partition",
] as const;
/**
 * Arrays stored with a run: predictions [nTest, D] (predicted test features); per feature
 * featureR [D] (Pearson r over test images), r2 [D], alpha [D] (chosen regularisation); and
 * nullSamples [nMetrics, nPermutations], the permutation-null samples of the summary metrics named,
 * row by row, in `metrics.nullSampleMetrics`; partition [nRows, nVoxels] (map --joint: per voxel of the
 * dataset, NaN outside the mapped areas) with rows named in `metrics.partitionRows`.
 */
export const RunArrayRole = z.enum(RUN_ARRAY_ROLES);
export type RunArrayRole = z.infer<typeof RunArrayRole>;

/**
 * The shape a run array of `role` must have: nTest test images, features of width `dim`, and the
 * run's metrics (for nullSamples). Null when the metrics cannot describe a nullSamples array
 * (no `nullSampleMetrics`, or no permutations).
 */
export function runArrayShape(
  role: RunArrayRole,
  dims: { nTest: number; dim: number; nVoxels: number; metrics: RunMetrics },
): number[] | null {
  switch (role) {
    case "partition": {
      const rows = dims.metrics.partitionRows;
      return rows ? [rows.length, dims.nVoxels] : null;
    }
    case "predictions":
      return [dims.nTest, dims.dim];
    case "nullSamples": {
      const rows = dims.metrics.nullSampleMetrics;
      return rows && dims.metrics.nPermutations > 0 ? [rows.length, dims.metrics.nPermutations] : null;
    }
    default:
      return [dims.dim];
  }
}

/** One cell of an area x layer map: how well `roi` (an area name, or "all") predicts `layer`. */
export const MapCell = z.object({
  runId: z.uuid(),
  roi: z.string().min(1).max(64),
  layer: LayerName,
  metric: JsonObject,
});
export type MapCell = z.infer<typeof MapCell>;
export const NewMapCell = MapCell.omit({ runId: true });
export type NewMapCell = z.infer<typeof NewMapCell>;
