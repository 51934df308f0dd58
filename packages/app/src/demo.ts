import { NtError, type Dataset, type FeatureSet, type Run, type Store } from "@neurotranslator/data";
import type { GroundTruth } from "@neurotranslator/core";
import type { ProgressCallback } from "@neurotranslator/schema";
import { extractFeatureSet } from "./features.ts";
import { executeMap, planMap, type MapOutcome } from "./map.ts";
import type { ModelChoice } from "./models.ts";
import { executeRun, planRun, type RunOutcome } from "./run.ts";
import type { ModelLocations } from "./run-classifier.ts";
import { SYNTHETIC_STIMULI, simulateAndStore } from "./simulate.ts";
import { loadLayer, loadResponses } from "./run-inputs.ts";

export interface DemoOptions {
  /** Name of the simulated dataset (reused when it exists). */
  name: string;
  nTrain?: number | undefined;
  nTest?: number | undefined;
  voxelScale?: number | undefined;
  /** Simulator preset (default realistic); ignored for real data and for a dataset that already exists. */
  preset?: "realistic" | "easy" | undefined;
  seed: number;
  /** Permutations / bootstrap resamples of the main run; the map uses `mapResamples` for both. */
  permutations: number;
  mapResamples: number;
  model: ModelChoice;
  onStage?: (stage: string) => void;
  /** Progress of the stage under way (onStage) as a share of it, as executeRun and executeMap report. */
  onProgress?: ProgressCallback;
}

export interface DemoOutcome {
  dataset: Dataset;
  /** True when the real Kay data (imported with `dataset fetch kay`) was used instead of the simulator. */
  realData: boolean;
  /** Where the simulation's images came from (a folder, or synthetic images); undefined for real data. */
  stimuli?: string;
  featureSet: FeatureSet;
  run: Run;
  map: MapOutcome["map"];
  mapRun: Run;
  /**
   * Simulated data only: per area the planted layer, the layer the ENCODING map found best, the
   * encoding r (mean voxel test r) of the best and of the planted layer, whether the best is
   * distinguishable from the other layers (paired bootstrap; null when not tested), and the measured
   * noise ceiling of the test responses (the r a perfect model of the planted features would reach).
   */
  groundTruth:
    | {
        area: string;
        planted: string;
        recovered: string | null;
        distinguishable: boolean | null;
        bestR: number | null;
        plantedR: number | null;
        ceiling: number;
      }[]
    | null;
  /**
   * Kay et al. (2008)-style identification in the encoding direction: ridge-cv from a mid-level layer
   * (fixed in advance: the middle of the feature set's layers) to every voxel, then each measured test
   * pattern of the `topVoxels` voxels best by TRAINING cross-validation is matched to the best-correlated
   * predicted pattern. 95% CI: Wilson score interval over the test images.
   */
  identification: {
    layer: string;
    topVoxels: number;
    correct: number;
    nImages: number;
    accuracy: number;
    ci95: [number, number];
    chance: number;
  };
  classifierNote: string | null;
  seconds: Record<string, number>;
}

/**
 * The main job: the real Kay data when it was fetched, else a Kay-shaped simulation with planted
 * ground truth; CNN features (cached); ridge-cv from all areas to the penultimate layer with every
 * metric, null and the classifier comparison; the area x layer map. Everything is stored.
 */
export async function runDemo(store: Store, options: DemoOptions): Promise<DemoOutcome> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    options.onStage?.(stage);
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      seconds[stage] = (performance.now() - t0) / 1000;
    }
  };
  const datasets = await store.datasets.list();
  const kay = datasets.find((d) => d.kind === "kay");
  let dataset: Dataset;
  let featureSet: FeatureSet;
  let stimuli: string | undefined;
  if (kay) {
    dataset = kay;
    featureSet = (
      await timed("features", () => extractFeatureSet(store, { dataset: kay.name, model: options.model }))
    ).featureSet;
  } else {
    const existing = datasets.find((d) => d.name === options.name);
    if (existing) {
      const made =
        (existing.meta["groundTruth"] as { config?: { preset?: string } } | undefined)?.config?.preset ??
        "easy";
      if (options.preset !== undefined && existing.kind === "simulated" && made !== options.preset) {
        throw new NtError(
          "BAD_INPUT",
          `dataset "${existing.name}" was simulated with preset ${made}, not ${options.preset}; give another --name (or remove it with dataset rm ${existing.name})`,
        );
      }
      dataset = existing;
      const from =
        existing.source["stimuli"] === "dead-leaves" ? SYNTHETIC_STIMULI : existing.source["stimuliDir"];
      stimuli = typeof from === "string" ? from : undefined;
      featureSet = (
        await timed("features", () =>
          extractFeatureSet(store, { dataset: existing.name, model: options.model }),
        )
      ).featureSet;
    } else {
      const simulated = await timed("simulate", () =>
        simulateAndStore(store, {
          name: options.name,
          nTrain: options.nTrain,
          nTest: options.nTest,
          voxelScale: options.voxelScale,
          preset: options.preset,
          seed: options.seed,
          model: options.model,
        }),
      );
      dataset = simulated.dataset;
      featureSet = simulated.featureSet;
      stimuli = simulated.stimuliDir;
    }
  }
  const models: ModelLocations = { cacheDir: options.model.cacheDir, envModel: options.model.envModel };
  const penultimate = featureSet.layers[featureSet.layers.length - 1]!;
  // With attribution: the viewer's image cards then show which area drives each translation (~20% more run time).
  const runPlan = await planRun(store, {
    dataset: dataset.name,
    features: featureSet.name,
    layer: penultimate,
    solver: "ridge-cv",
    seed: options.seed,
    permutations: options.permutations,
    bootstrap: options.permutations,
    attribution: true,
  });
  const main: RunOutcome = await timed("run", () =>
    executeRun(store, runPlan, {
      models,
      onProgress: (event) => options.onProgress?.({ ...event, stage: `run: ${event.stage}` }),
      jobId: `demo:${dataset.contentHash.slice(0, 16)}:${featureSet.cacheKey.slice(0, 16)}:${options.seed}:${options.permutations}`,
    }),
  );
  const mapPlan = await planMap(store, {
    dataset: dataset.name,
    features: featureSet.name,
    solver: "ridge-cv",
    seed: options.seed,
    permutations: options.mapResamples,
    bootstrap: options.mapResamples,
  });
  const mapped = await timed("map", () =>
    executeMap(store, mapPlan, {
      models,
      // The map's own cell labels already start with "map:".
      onProgress: (event) =>
        options.onProgress?.({
          ...event,
          stage: event.stage.startsWith("map:") ? event.stage : `map: ${event.stage}`,
        }),
    }),
  );
  const identification = await timed("identify", () =>
    identifyImages(store, dataset, featureSet, options.seed),
  );
  return {
    dataset,
    realData: dataset.kind === "kay",
    ...(stimuli === undefined ? {} : { stimuli }),
    featureSet,
    run: main.run,
    map: mapped.map,
    mapRun: mapped.run,
    groundTruth: plantedVersusRecovered(dataset, mapped.map),
    identification,
    classifierNote: main.classifierNote ?? null,
    seconds,
  };
}

const TOP_VOXELS = 500;

async function identifyImages(
  store: Store,
  dataset: Dataset,
  featureSet: FeatureSet,
  seed: number,
): Promise<DemoOutcome["identification"]> {
  const core = await import("@neurotranslator/core");
  const layer = featureSet.layers[Math.floor((featureSet.layers.length - 1) / 2)]!;
  const responses = await loadResponses(store, dataset);
  const features = await loadLayer(store, featureSet, layer);
  const topVoxels = Math.min(TOP_VOXELS, dataset.nVoxels);
  const encoding = core.runEncoding(
    {
      featuresTrain: features.train,
      featuresTest: features.test,
      responsesTrain: responses.responsesTrain,
      responsesTest: responses.responsesTest,
    },
    { seed, nPermutations: 0, nBootstrap: 0, topVoxels },
    { backend: core.selectLinalgBackend() },
  );
  const id = encoding.identification.top;
  const correct = Math.round(id.accuracy * id.nImages);
  return {
    layer,
    topVoxels,
    correct,
    nImages: id.nImages,
    accuracy: id.accuracy,
    ci95: wilson(correct, id.nImages),
    chance: id.chance,
  };
}

/** Wilson score 95% interval of a proportion k / n. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Planted vs recovered from the map's primary (encoding) direction: encoding asks which layer explains each area's voxels. */
function plantedVersusRecovered(dataset: Dataset, map: MapOutcome["map"]): DemoOutcome["groundTruth"] {
  const truth = dataset.meta["groundTruth"] as GroundTruth | undefined;
  if (!truth) return null;
  const t = map.table;
  const valueOf = (area: string, layer: string | null) => {
    const [i, j] = [t.rows.indexOf(area), layer === null ? -1 : t.columns.indexOf(layer)];
    return i >= 0 && j >= 0 ? (t.value[i]?.[j] ?? null) : null;
  };
  return truth.areas.map((area) => {
    const recovered = map.bestLayerPerArea[area.name] ?? null;
    const distinguishable = map.bestLayer[area.name]?.distinguishable ?? null;
    return {
      area: area.name,
      planted: area.layer,
      recovered,
      distinguishable,
      bestR: valueOf(area.name, recovered),
      plantedR: valueOf(area.name, area.layer),
      ceiling: area.ceilingTest.measured,
    };
  });
}
