// Test support (not shipped): a temp PGlite store seeded through the store API with one dataset,
// one feature set and two runs whose numbers are simple closed forms (entries 0, 1, 2, ...).
import { featureCacheKey, type Store } from "@neurotranslator/data";
import type { NewRun, Run, RunMetrics } from "@neurotranslator/data/schema";
import {
  placeholderMetrics,
  ramp32 as ramp,
  sha256 as sha,
  tempPgliteStore,
} from "@neurotranslator/data/testing";

/** The first seeded run's map cell: a summary with its FWE-corrected p, the correction and the area's best-layer claim. */
export const SEED_MAP_METRIC = {
  r: 0.3,
  pAdjusted: 0.04,
  corrections: {
    encoding: {
      method: "max-statistic",
      errorRate: "FWE",
      nCells: 1,
      nPermutations: 99,
      definition: "max-statistic over the cells",
    },
  },
  bestLayer: {
    encoding: {
      layer: "late",
      value: 0.3,
      runnerUp: null,
      difference: null,
      ci95: null,
      distinguishable: null,
    },
  },
};

export const N_TRAIN = 4;
export const N_TEST = 3;
export const D = 2;

export function metrics(sampleR: number): RunMetrics {
  return placeholderMetrics(
    { nTest: N_TEST, d: D },
    { sampleR, featureR: 0.25, r2: -0.1, identification: 1 / 3, rank: 2 },
  );
}

/** A new run on the same dataset, feature set and configuration as `base`, with `metrics`. */
export function runLike(base: Run, metrics: RunMetrics): NewRun {
  return {
    datasetId: base.datasetId,
    featureSetId: base.featureSetId,
    datasetHash: base.datasetHash,
    featureHash: base.featureHash,
    config: base.config,
    engine: {},
    versions: {},
    timings: {},
    metrics,
  };
}

export interface Seeded {
  store: Store;
  runs: Run[];
  dir: string;
  dispose(): Promise<void>;
}

/** Stimuli: train image i is all i*10; test image 1 is a 2x3 ramp 0..5 stored as float32 (scaled to 0..255 in PNGs). */
export async function seedStore(): Promise<Seeded> {
  // PGlite: the API tests need no server (the embedded server is tested in packages/data and the CLI).
  const { dir, store, dispose } = await tempPgliteStore("nt-api-test-");
  const contentHash = sha("api-test");
  const dataset = await store.datasets.create({
    dataset: {
      name: "kay",
      kind: "simulated",
      contentHash,
      source: {},
      nTrain: N_TRAIN,
      nTest: N_TEST,
      nVoxels: 3,
      stimulusShape: [2, 3],
      meta: {},
    },
    rois: [
      { code: 1, name: "V1", nVoxels: 2 },
      { code: 2, name: "V2", nVoxels: 1 },
    ],
    arrays: {
      stimuli_train: {
        dtype: "uint8",
        shape: [N_TRAIN, 2, 3],
        data: Uint8Array.from({ length: N_TRAIN * 6 }, (_, i) => Math.floor(i / 6) * 10),
      },
      stimuli_test: ramp([N_TEST, 2, 3], 0),
      responses_train: ramp([N_TRAIN, 3]),
      responses_test: ramp([N_TEST, 3]),
      roi: { dtype: "int32", shape: [3], data: Int32Array.from([1, 1, 2]) },
    },
  });
  const model = { id: "m", source: "test" };
  const fs = await store.featureSets.create({
    featureSet: {
      datasetId: dataset.id,
      name: "mobilenet",
      model,
      layers: ["early", "late"],
      preparation: {},
      cacheKey: featureCacheKey({
        datasetHash: contentHash,
        model,
        layers: ["early", "late"],
        preparation: {},
      }),
    },
    layers: [
      { layer: "early", train: ramp([N_TRAIN, D]), test: ramp([N_TEST, D]) },
      { layer: "late", train: ramp([N_TRAIN, D]), test: ramp([N_TEST, D]) },
    ],
  });
  const runs: Run[] = [];
  for (const [i, [solver, layer, rois]] of (
    [
      ["ridge", "late", ["V1"]],
      ["ols", "early", []],
    ] as const
  ).entries()) {
    runs.push(
      await store.runs.create({
        run: {
          datasetId: dataset.id,
          featureSetId: fs.id,
          datasetHash: contentHash,
          featureHash: sha("f"),
          config: {
            solver: { name: solver, options: {} },
            layer,
            rois: [...rois],
            seed: 0,
            cv: { folds: 2 },
          },
          engine: {},
          versions: {},
          timings: { fit: 1 },
          metrics: metrics(0.1 * (i + 1)),
        },
        images: [0, 1, 2].map((k) => ({
          imageIndex: k,
          r: k / 10,
          cosine: null,
          rank: k + 1,
          extra: { k },
        })),
        arrays:
          i === 0
            ? {
                predictions: ramp([N_TEST, D]),
                featureR: {
                  dtype: "float64",
                  shape: [D],
                  data: Float64Array.from([0.5, Number.NaN]),
                },
                r2: ramp([D]),
              }
            : {},
        mapCells: [{ roi: "V1", layer, metric: i === 0 ? SEED_MAP_METRIC : { r: 0.3 } }],
      }),
    );
  }
  return { store, runs, dir, dispose };
}
