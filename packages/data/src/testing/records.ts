// Test support: small, fully specified records for the store tests and the tests above them.
import { createHash } from "node:crypto";
import type {
  MetricSummary,
  NdArray,
  NewMapCell,
  NewRun,
  PREDICTION_METRICS,
  RunMetrics,
} from "@neurotranslator/schema";
import type { DatasetInput } from "../store/datasets-repo.ts";

export const N_TRAIN = 6;
export const N_TEST = 3;
export const N_VOXELS = 5;
export const D = 4;

/** Float32 array with entries start, start+1, ... */
export function ramp32(shape: number[], start = 0): NdArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    dtype: "float32",
    shape,
    data: Float32Array.from({ length: n }, (_, i) => start + i),
  };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A tiny dataset whose content hash is derived from `seed`, so different seeds never collide. */
export function tinyDataset(name: string, seed = name): DatasetInput {
  return {
    dataset: {
      name,
      kind: "simulated",
      contentHash: sha256(`content:${seed}`),
      source: { generator: "test-fixtures", seed },
      nTrain: N_TRAIN,
      nTest: N_TEST,
      nVoxels: N_VOXELS,
      stimulusShape: [2, 2],
      meta: {},
    },
    rois: [
      { code: 1, name: "V1", nVoxels: 3 },
      { code: 2, name: "V2", nVoxels: 2 },
    ],
    arrays: {
      stimuli_train: {
        dtype: "uint8",
        shape: [N_TRAIN, 2, 2],
        data: new Uint8Array(N_TRAIN * 4).fill(7),
      },
      stimuli_test: {
        dtype: "uint8",
        shape: [N_TEST, 2, 2],
        data: new Uint8Array(N_TEST * 4).fill(9),
      },
      responses_train: ramp32([N_TRAIN, N_VOXELS]),
      responses_test: ramp32([N_TEST, N_VOXELS], 100),
      roi: {
        dtype: "int32",
        shape: [N_VOXELS],
        data: Int32Array.from([1, 1, 1, 2, 2]),
      },
      labels_test: {
        dtype: "unicode",
        shape: [1, N_TEST],
        data: ["cat", "dog", "ñandú"],
      },
    },
  };
}

type PredictionMetricName = (typeof PREDICTION_METRICS)[number];

/** A metric summary with no CI, null or p: enough for records that only have to round-trip. */
export function plainSummary(value: number): MetricSummary {
  return { value, ci95: null, null: null, p: null };
}

/**
 * RunMetrics for `nTest` images and `d` features whose summaries are plain `values` (0.5 where not
 * given); `extra` replaces any field. The numbers are placeholders for round trips and listings.
 */
export function placeholderMetrics(
  shape: { nTest: number; d: number },
  values: Partial<Record<PredictionMetricName, number>> = {},
  extra: Partial<RunMetrics> = {},
): RunMetrics {
  const s = (name: PredictionMetricName) => plainSummary(values[name] ?? 0.5);
  return {
    nTest: shape.nTest,
    D: shape.d,
    nPermutations: 0,
    nBootstrap: 0,
    seed: 0,
    sampleR: s("sampleR"),
    cosine: s("cosine"),
    featureR: s("featureR"),
    r2: s("r2"),
    identification: s("identification"),
    rank: s("rank"),
    rankPercentile: s("rankPercentile"),
    rankPercentileDefinition: "test",
    pairwise: s("pairwise"),
    pairwiseDefinition: "test",
    randomBaseline: {
      method: "gaussian-matched",
      mean: 0,
      sd: 1,
      sampleR: 0,
      cosine: 0,
    },
    edgeCases: {
      constantPredictedImages: 0,
      constantTrueImages: 0,
      excludedFeatures: 0,
      constantPredictedFeatures: 0,
    },
    ...extra,
  };
}

/** Metrics shaped as RunMetrics; the numbers are placeholders that only have to survive a round trip. */
export const tinyMetrics: RunMetrics = placeholderMetrics(
  { nTest: N_TEST, d: D },
  {},
  { seed: 1, identification: { ...plainSummary(0.5), chance: 1 / 3 } },
);

export function tinyRun(datasetId: string, datasetHash: string, featureSetId: string, layer: string): NewRun {
  return {
    datasetId,
    featureSetId,
    datasetHash,
    featureHash: sha256("features"),
    config: {
      solver: { name: "ridge", options: { alphas: [1, 10] } },
      layer,
      rois: ["V1"],
      seed: 3,
      cv: { folds: 2 },
    },
    engine: { linalg: "js" },
    versions: { "@neurotranslator/data": "0.1.0" },
    timings: { fit: 0.25 },
    metrics: tinyMetrics,
  };
}

export const tinyCells: NewMapCell[] = [
  { roi: "V1", layer: "late", metric: { r: 0.1 } },
  { roi: "all", layer: "late", metric: { r: 0.2 } },
];
