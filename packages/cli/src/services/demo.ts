import type { Dataset, FeatureSet, Run, Store } from "@neurotranslator/data";
import type { GroundTruth } from "@neurotranslator/core";
import { extractFeatureSet } from "./features.ts";
import { executeMap, planMap, type MapOutcome } from "./map.ts";
import type { ModelChoice } from "./models.ts";
import { executeRun, planRun, type RunOutcome } from "./run.ts";
import type { ModelLocations } from "./run-classifier.ts";
import { SYNTHETIC_STIMULI, simulateAndStore } from "./simulate.ts";

export interface DemoOptions {
  /** Name of the simulated dataset (reused when it exists). */
  name: string;
  nTrain?: number | undefined;
  nTest?: number | undefined;
  voxelScale?: number | undefined;
  seed: number;
  /** Permutations / bootstrap resamples of the main run; the map uses `mapResamples` for both. */
  permutations: number;
  mapResamples: number;
  model: ModelChoice;
  onStage?: (stage: string) => void;
  onProgress?: (fraction: number, stage: string) => void;
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
  groundTruth: { area: string; planted: string; recovered: string | null; distinguishable: boolean | null; bestR: number | null; plantedR: number | null; ceiling: number }[] | null;
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
    featureSet = (await timed("features", () => extractFeatureSet(store, { dataset: kay.name, model: options.model }))).featureSet;
  } else {
    const existing = datasets.find((d) => d.name === options.name);
    if (existing) {
      dataset = existing;
      const from = existing.source["stimuli"] === "dead-leaves" ? SYNTHETIC_STIMULI : existing.source["stimuliDir"];
      stimuli = typeof from === "string" ? from : undefined;
      featureSet = (await timed("features", () => extractFeatureSet(store, { dataset: existing.name, model: options.model }))).featureSet;
    } else {
      const simulated = await timed("simulate", () =>
        simulateAndStore(store, { name: options.name, nTrain: options.nTrain, nTest: options.nTest, voxelScale: options.voxelScale, seed: options.seed, model: options.model }),
      );
      dataset = simulated.dataset;
      featureSet = simulated.featureSet;
      stimuli = simulated.stimuliDir;
    }
  }
  const models: ModelLocations = { cacheDir: options.model.cacheDir, envModel: options.model.envModel };
  const penultimate = featureSet.layers[featureSet.layers.length - 1]!;
  // With attribution: the viewer's image cards then show which area drives each translation (~20% more run time).
  const runPlan = await planRun(store, { dataset: dataset.name, features: featureSet.name, layer: penultimate, solver: "ridge-cv", seed: options.seed, permutations: options.permutations, bootstrap: options.permutations, attribution: true });
  const main: RunOutcome = await timed("run", () =>
    executeRun(store, runPlan, { models, onProgress: (f, s) => options.onProgress?.(f, `run: ${s}`), jobId: `demo:${dataset.contentHash.slice(0, 16)}:${featureSet.cacheKey.slice(0, 16)}:${options.seed}:${options.permutations}` }),
  );
  const mapPlan = await planMap(store, { dataset: dataset.name, features: featureSet.name, solver: "ridge-cv", seed: options.seed, permutations: options.mapResamples, bootstrap: options.mapResamples });
  const mapped = await timed("map", () => executeMap(store, mapPlan, { models, onProgress: (f, s) => options.onProgress?.(f, `map: ${s}`) }));
  return {
    dataset,
    realData: dataset.kind === "kay",
    ...(stimuli === undefined ? {} : { stimuli }),
    featureSet,
    run: main.run,
    map: mapped.map,
    mapRun: mapped.run,
    groundTruth: plantedVersusRecovered(dataset, mapped.map),
    classifierNote: main.classifierNote ?? null,
    seconds,
  };
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
    return { area: area.name, planted: area.layer, recovered, distinguishable, bestR: valueOf(area.name, recovered), plantedR: valueOf(area.name, area.layer), ceiling: area.ceilingTest.measured };
  });
}
