// Test support (not shipped): a temp PGlite store seeded through the store API with what the viewer
// shows: a Kay-shaped dataset (120 test images: the real Kay stimuli from ../shared when present,
// else generated gratings), a feature set, and three runs (one with 4096-d predictions, per-image
// results with named top-5 classes, per-feature arrays, permutation-null samples and a 7-area x
// 3-layer map with nulls and CIs, per-image area shares and an area-layer map badge; the first run
// stores classes as bare indices and null summaries only, as runs made before names and samples were
// kept; the second records why it has no classes). The dataset carries planted ground truth.
// The numbers are deterministic pseudo-random values of plausible size, not the output of a fit.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { featureCacheKey, type Store } from "@neurotranslator/data";
import { decodeImage } from "@neurotranslator/data/formats";
import { makeRandom, sha256 as sha, tempPgliteStore } from "@neurotranslator/data/testing";
import {
  NULL_SAMPLE_METRICS,
  type ImageClass,
  type JsonObject,
  type MetricSummary,
  type NdArray,
  type NewMapCell,
  type NullSampleMetric,
  type Run,
  type RunMetrics,
} from "@neurotranslator/data/schema";

export const N_TRAIN = 24;
export const N_TEST = 120;
export const D = 4096;
export const SIDE = 128;
export const AREAS = [
  { code: 1, name: "V1", nVoxels: 130 },
  { code: 2, name: "V2", nVoxels: 110 },
  { code: 3, name: "V3", nVoxels: 100 },
  { code: 4, name: "V3A", nVoxels: 40 },
  { code: 5, name: "V3B", nVoxels: 30 },
  { code: 6, name: "V4", nVoxels: 80 },
  { code: 7, name: "LatOcc", nVoxels: 60 },
];
export const LAYERS = [
  { name: "vgg16/block2_pool", dim: 64 },
  { name: "vgg16/block4_pool", dim: 128 },
  { name: "vgg16/fc7", dim: D },
];
const N_VOXELS = AREAS.reduce((a, r) => a + r.nVoxels, 0);
const KAY_STIMULI = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../../shared/data/kay-stimuli",
);

const f32 = (shape: number[], f: (i: number) => number): NdArray => ({
  dtype: "float32",
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)),
});

/** Stimuli [n, 128, 128] uint8: Kay images first..first+n-1 when the shared folder exists, else oriented gratings. */
function stimuli(first: number, n: number): NdArray {
  const data = new Uint8Array(n * SIDE * SIDE);
  for (let k = 0; k < n; k++) {
    const file = join(KAY_STIMULI, `${first + k}.jpg`);
    if (existsSync(file)) {
      const img = decodeImage(new Uint8Array(readFileSync(file)), { source: file });
      for (let p = 0; p < SIDE * SIDE; p++) data[k * SIDE * SIDE + p] = img.data[p * img.channels] ?? 0;
    } else {
      const theta = ((first + k) * 0.7) % Math.PI;
      for (let y = 0; y < SIDE; y++)
        for (let x = 0; x < SIDE; x++)
          data[k * SIDE * SIDE + y * SIDE + x] = Math.round(
            127.5 + 127.5 * Math.sin(0.3 * (x * Math.cos(theta) + y * Math.sin(theta))),
          );
    }
  }
  return { dtype: "uint8", shape: [n, SIDE, SIDE], data };
}

function summary(
  value: number,
  rand: () => number,
  opts: { sd?: number; chance?: number; nullMean?: number } = {},
): MetricSummary {
  const nullMean = opts.nullMean ?? opts.chance ?? 0;
  const sd = opts.sd ?? 0.02;
  const half = 1.5 * sd + 0.01 * rand();
  const p = value - nullMean > 3 * sd ? 0.001 : Math.min(1, 0.5 * Math.exp(-(value - nullMean) / sd));
  return {
    value,
    ci95: [value - half, value + half],
    null: { mean: nullMean, sd, p05: nullMean - 1.645 * sd, p95: nullMean + 1.645 * sd },
    p,
    ...(opts.chance !== undefined ? { chance: opts.chance } : {}),
  };
}

function runMetrics(strength: number, d: number, rand: () => number): RunMetrics {
  const n = N_TEST;
  const ident = Math.min(1, 1 / n + strength * 0.9);
  return {
    nTest: n,
    D: d,
    nPermutations: 1000,
    nBootstrap: 1000,
    seed: 0,
    sampleR: summary(0.02 + strength * 0.5, rand),
    cosine: summary(0.3 + strength * 0.4, rand, { nullMean: 0.3 }),
    featureR: summary(strength * 0.3, rand),
    r2: summary(-0.05 + strength * 0.1, rand, { nullMean: -0.05 }),
    identification: summary(ident, rand, { sd: 0.009, chance: 1 / n }),
    rank: {
      ...summary(60.5 - strength * 50, rand, { sd: 3, chance: (n + 1) / 2 }),
      p: strength > 0.1 ? 0.001 : 0.4,
    },
    rankPercentile: summary(0.5 + strength * 0.45, rand, { sd: 0.03, chance: 0.5 }),
    rankPercentileDefinition: "mean over images of (n - rank) / (n - 1)",
    pairwise: summary(0.5 + strength * 0.4, rand, { sd: 0.03, chance: 0.5 }),
    pairwiseDefinition: "2-vs-2 over all unordered pairs",
    randomBaseline: { method: "gaussian-matched", mean: 0.1, sd: 0.4, sampleR: 0.001, cosine: 0.05 },
    constantBaseline: {
      method: "training-mean",
      sampleR: 0.61,
      cosine: 0.83,
      featureR: null,
      r2: -0.011,
      identification: 0,
      note: "the training-mean feature vector predicted for every test image",
    },
    edgeCases: {
      constantPredictedImages: 0,
      constantTrueImages: 0,
      excludedFeatures: 3,
      constantPredictedFeatures: 0,
    },
    ...(d === D
      ? {
          top1Agreement: summary(strength * 0.6, rand, { sd: 0.01, chance: 0.001 }),
          top5Overlap: summary(0.01 + strength * 0.5, rand, { sd: 0.01, chance: 0.005 }),
        }
      : {}),
  };
}

/**
 * Area x layer cells with a planted gradient: early areas predict early layers best, later areas the
 * late ones. Each summary carries a corrected pAdjusted (here min(1, p x cells), a stand-in), the
 * cells the correction record, and each area's best cell its claim: distinguishable except for V3A,
 * whose two best layers are "not distinguishable".
 */
function mapCells(rand: () => number): NewMapCell[] {
  const cells: NewMapCell[] = [];
  const rows = [...AREAS, { code: 0, name: "all", nVoxels: N_VOXELS }];
  const nCells = rows.length * LAYERS.length;
  const corrected = (s: ReturnType<typeof summary>) => ({
    ...s,
    pAdjusted: Math.min(1, (s.p ?? 1) * nCells),
  });
  const corrections = {
    decoding: {
      method: "max-statistic",
      errorRate: "FWE",
      nCells,
      nPermutations: 1000,
      definition: "single-step max-statistic over the map's cells",
    },
  };
  rows.forEach((area, a) => {
    const row = LAYERS.map((layer, l) => {
      const pos = area.code === 0 ? 0.5 : a / (AREAS.length - 1);
      const value = Math.max(
        -0.02,
        0.25 -
          0.3 * Math.abs(pos - l / (LAYERS.length - 1)) +
          (area.code === 0 ? 0.08 : 0) +
          0.02 * (rand() - 0.5),
      );
      const s = corrected(summary(value, rand, { sd: 0.015 }));
      return {
        roi: area.name,
        layer: layer.name,
        metric: {
          summaryMetric: "featureR",
          D: layer.dim,
          nVoxels: area.nVoxels,
          nTest: N_TEST,
          featureR: s,
          sampleR: corrected(summary(value * 1.4, rand)),
          r2: corrected(summary(value * 0.2 - 0.03, rand, { nullMean: -0.05 })),
          pAdjusted: s.pAdjusted,
          corrections,
        } as Record<string, unknown>,
      };
    });
    const ranked = [...row].sort(
      (x, y) =>
        (y.metric["featureR"] as { value: number }).value - (x.metric["featureR"] as { value: number }).value,
    );
    const [best, second] = [ranked[0]!, ranked[1]!];
    const difference =
      (best.metric["featureR"] as { value: number }).value -
      (second.metric["featureR"] as { value: number }).value;
    const distinguishable = area.name !== "V3A";
    const lo = distinguishable ? difference / 2 : -0.01;
    best.metric["bestLayer"] = {
      decoding: {
        layer: best.layer,
        value: (best.metric["featureR"] as { value: number }).value,
        runnerUp: second.layer,
        difference,
        ci95: [lo, difference + 0.02],
        distinguishable,
      },
    };
    cells.push(...(row as NewMapCell[]));
  });
  return cells;
}

/** The simulator's record, as far as the viewer reads it: each area's planted layer, SNR and ceilings (train/test index lists long, as real ones are). */
function groundTruth(): JsonObject {
  let first = 0;
  return {
    generator: "neurotranslator-simulator",
    version: 1,
    model: "y = linear in the planted layer's features + noise (seeded for the browser test)",
    split: {
      mode: "ordered",
      trainImages: Array.from({ length: N_TRAIN }, (_, i) => i),
      testImages: Array.from({ length: N_TEST }, (_, i) => N_TRAIN + i),
    },
    areas: AREAS.map((a, k) => {
      const out = {
        name: a.name,
        code: a.code,
        nVoxels: a.nVoxels,
        firstVoxel: first,
        layer: PLANTED[k]!,
        snr: 1 - k * 0.1,
        testRetest: 0.5 - k * 0.03,
        ceilingTrain: { analytic: 0.9, measured: 0.9 },
        ceilingTest: { analytic: 0.95 - k * 0.05, measured: 0.94 - k * 0.05 },
      };
      first += a.nVoxels;
      return out;
    }),
  };
}
/** The layer planted in each area of AREAS (early areas early layers). */
export const PLANTED = [
  "vgg16/block2_pool",
  "vgg16/block2_pool",
  "vgg16/block4_pool",
  "vgg16/block4_pool",
  "vgg16/block4_pool",
  "vgg16/fc7",
  "vgg16/fc7",
];

/** Per-image area shares (sum 1, one negative) and agreement, as runs with --attribution store them. */
function attribution(rand: () => number): JsonObject {
  const raw = AREAS.map((_, k) => (k === 2 ? -0.1 : rand()));
  const total = raw.reduce((a, b) => a + b, 0);
  return {
    areaShares: Object.fromEntries(AREAS.map((a, k) => [a.name, raw[k]! / total])),
    areaAgreement: Object.fromEntries(AREAS.map((a) => [a.name, rand() - 0.2])),
  };
}

/** Class names for the seeded top-5 lists (ImageNet style: synonyms after commas); class k is NOUNS[k % 10]. */
export const NOUNS = [
  "tabby, tabby cat",
  "goldfish",
  "golden retriever",
  "teapot",
  "volcano",
  "tiger cat",
  "zebra",
  "lighthouse",
  "sports car",
  "bell pepper",
];
const named = (index: number, p: number): ImageClass => ({ index, name: NOUNS[index % NOUNS.length]!, p });

/** Null samples [nMetrics, N_PERMUTATIONS] drawn N(null mean, null sd) of each summary, Box-Muller from `rand`. */
const N_PERMUTATIONS = 1000;
function nullSamples(metrics: RunMetrics, rand: () => number): { names: NullSampleMetric[]; array: NdArray } {
  const names = NULL_SAMPLE_METRICS.filter((k) => metrics[k]?.null);
  const data = new Float32Array(names.length * N_PERMUTATIONS);
  names.forEach((k, row) => {
    const n = metrics[k]!.null!;
    for (let j = 0; j < N_PERMUTATIONS; j++)
      data[row * N_PERMUTATIONS + j] =
        n.mean + n.sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  });
  return { names, array: { dtype: "float32", shape: [names.length, N_PERMUTATIONS], data } };
}

export interface SeededViewerStore {
  store: Store;
  dataset: string;
  runs: Run[];
  dispose(): Promise<void>;
}

export async function seedViewerStore(): Promise<SeededViewerStore> {
  const { store, dispose } = await tempPgliteStore("nt-web-test-");
  // Seeded, so every run of the test sees the same store.
  const rand = makeRandom(7);
  const contentHash = sha("web-viewer-test");
  const roiCodes = Int32Array.from(AREAS.flatMap((a) => Array.from({ length: a.nVoxels }, () => a.code)));
  const dataset = await store.datasets.create({
    dataset: {
      name: "kay-sim",
      kind: "simulated",
      contentHash,
      source: { seededBy: "packages/web browser test" },
      nTrain: N_TRAIN,
      nTest: N_TEST,
      nVoxels: N_VOXELS,
      stimulusShape: [SIDE, SIDE],
      meta: { groundTruth: groundTruth() },
    },
    rois: AREAS,
    arrays: {
      stimuli_train: stimuli(0, N_TRAIN),
      stimuli_test: stimuli(N_TRAIN, N_TEST),
      responses_train: f32([N_TRAIN, N_VOXELS], () => rand() - 0.5),
      responses_test: f32([N_TEST, N_VOXELS], () => rand() - 0.5),
      roi: { dtype: "int32", shape: [N_VOXELS], data: roiCodes },
    },
  });
  const model = { id: "vgg16", source: "test" };
  const layerNames = LAYERS.map((l) => l.name);
  const fs = await store.featureSets.create({
    featureSet: {
      datasetId: dataset.id,
      name: "vgg16",
      model,
      layers: layerNames,
      preparation: {},
      cacheKey: featureCacheKey({ datasetHash: contentHash, model, layers: layerNames, preparation: {} }),
    },
    layers: LAYERS.map((l) => ({
      layer: l.name,
      train: f32([N_TRAIN, l.dim], () => rand()),
      test: f32([N_TEST, l.dim], () => rand()),
    })),
  });
  const specs = [
    {
      solver: "ols",
      layer: "vgg16/fc7",
      rois: [] as string[],
      strength: 0,
      d: D,
      map: false,
      current: false,
    },
    {
      solver: "ridge",
      layer: "vgg16/block2_pool",
      rois: ["V1", "V2"],
      strength: 0.15,
      d: 64,
      map: false,
      current: true,
    },
    {
      solver: "ridge",
      layer: "vgg16/fc7",
      rois: [] as string[],
      strength: 0.3,
      d: D,
      map: true,
      current: true,
    },
  ];
  const runs: Run[] = [];
  for (const spec of specs) {
    // Five distinct classes, as a real top-5 is.
    const top = () => [...new Set(Array.from({ length: 12 }, () => Math.floor(rand() * 1000)))].slice(0, 5);
    const images = Array.from({ length: N_TEST }, (_, k) => {
      const r = spec.strength + 0.15 * (rand() - 0.5);
      const top5True = top();
      // Predicted top-5: some of the true classes first (more for stronger runs), then others.
      const top5Pred = [
        ...new Set([...top5True.slice(0, Math.floor(rand() * 3 * (1 + spec.strength * 3))), ...top()]),
      ].slice(0, 5);
      // Current runs store { index, name, p } (p falling with rank); older ones bare indices.
      const withNames = (list: number[]) => list.map((c, j) => named(c, 0.5 / (j + 1)));
      const classes: JsonObject =
        spec.d !== D
          ? {}
          : spec.current
            ? { top5True: withNames(top5True), top5Pred: withNames(top5Pred) }
            : { top5True, top5Pred };
      const extra: JsonObject = spec.map ? { ...classes, ...attribution(rand) } : classes;
      return {
        imageIndex: k,
        r,
        cosine: 0.3 + r * 0.5,
        rank: 1 + Math.floor(rand() * rand() * (1 - spec.strength) * N_TEST),
        extra,
      };
    });
    const metrics = runMetrics(spec.strength, spec.d, rand);
    const nulls = spec.current ? nullSamples(metrics, rand) : undefined;
    if (nulls) metrics.nullSampleMetrics = nulls.names;
    const featureR = f32([spec.d], (i) =>
      i % 997 === 0 ? Number.NaN : spec.strength * 0.6 * rand() + 0.15 * (rand() - 0.5),
    );
    runs.push(
      await store.runs.create({
        run: {
          datasetId: dataset.id,
          featureSetId: fs.id,
          datasetHash: contentHash,
          featureHash: sha(spec.layer),
          config: {
            solver: {
              name: spec.solver,
              options: spec.solver === "ridge" ? { alphas: [1, 10, 100, 1000], perTarget: true } : {},
            },
            layer: spec.layer,
            rois: spec.rois,
            seed: 0,
            cv: { folds: 5 },
          },
          engine: {
            linalg: "openblas (test seed)",
            ...(spec.d === D
              ? {}
              : {
                  classifier: {
                    skipped: `layer "${spec.layer}" is not the input of vgg16's classifier head (vgg16/fc7): classifier metrics skipped`,
                  },
                }),
          },
          versions: { neurotranslator: "0.1.0" },
          timings: spec.map ? { fit: 12.3, evaluate: 0.8, mapFit: 30.1 } : { fit: 12.3, evaluate: 0.8 },
          metrics,
        },
        images,
        arrays: {
          predictions: f32([N_TEST, spec.d], () => rand()),
          featureR,
          r2: f32([spec.d], () => spec.strength * 0.1 - 0.05 + 0.1 * (rand() - 0.5)),
          ...(spec.solver === "ridge" ? { alpha: f32([spec.d], () => 10 ** Math.floor(rand() * 4)) } : {}),
          ...(nulls ? { nullSamples: nulls.array } : {}),
        },
        mapCells: spec.map ? mapCells(rand) : [],
      }),
    );
  }
  return {
    store,
    dataset: dataset.name,
    runs,
    dispose,
  };
}
