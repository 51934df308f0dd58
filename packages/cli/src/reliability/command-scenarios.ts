import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, type Run, type Store, type StoreOptions } from "@neurotranslator/data";
import { simulateSmall, type SimulatedDataset } from "../testing/simulated.ts";
import type { KillScenario, StoredState } from "./kill-harness.ts";

/** A store prepared for the command scenarios: a small simulated dataset and its feature set. */
export interface SimulatedStore extends SimulatedDataset {
  location: StoreOptions;
  env: Record<string, string | undefined>;
}

/**
 * `dataset simulate --n-train 60 --n-test 12 --voxel-scale 0.02` from real Kay images (with the model
 * at NEUROTRANSLATOR_MODEL in `env`): 170 voxels, 7 areas, and the default-layer feature set.
 */
export async function prepareSimulated(
  location: StoreOptions,
  env: Record<string, string | undefined>,
): Promise<SimulatedStore> {
  return { location, env, ...(await simulateSmall(env, { nTrain: 60, nTest: 12 })) };
}

async function withStore<T>(location: StoreOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A stored run must read back whole: one image result per test image, predictions [nTest, dim]. */
async function checkRun(store: Store, run: Run, nTest: number): Promise<void> {
  const images = await store.runs.images(run.id);
  if (images.length !== nTest)
    throw new Error(`run ${run.id} has ${images.length} image results, expected ${nTest}`);
  const predictions = await store.runs.array(run.id, "predictions");
  if (predictions.shape[0] !== nTest)
    throw new Error(
      `run ${run.id}: predictions have shape (${predictions.shape.join(", ")}), expected ${nTest} rows`,
    );
}

/**
 * `features extract --crop 0.9` (a preparation not cached yet, so the CNN really runs) as a kill
 * scenario: either no feature set of that name and no new arrays, or the feature set with every
 * layer's train/test matrices readable (SHA-256 verified), [nTrain | nTest, dim].
 */
export async function featuresExtractScenario(sim: SimulatedStore, backend: string): Promise<KillScenario> {
  const name = "cropped";
  const baseline = await withStore(sim.location, (s) => s.arrays.count());
  return {
    name: `features extract (${backend})`,
    args: ["features", "extract", "--dataset", sim.dataset, "--name", name, "--crop", "0.9", "--json"],
    env: sim.env,
    verify: () =>
      withStore(sim.location, async (store): Promise<StoredState> => {
        const dataset = await store.datasets.get(sim.dataset);
        const found = (await store.featureSets.list(dataset.id)).find((f) => f.name === name);
        const arrays = await store.arrays.count();
        if (!found) {
          if (arrays !== baseline)
            throw new Error(
              `no feature set "${name}" but ${arrays - baseline} new arrays are stored (a partial extraction)`,
            );
          return "absent";
        }
        const layers = await store.featureSets.layers(found.id);
        if (layers.length !== found.layers.length)
          throw new Error(
            `feature set "${name}" lists ${found.layers.length} layers but stores ${layers.length}`,
          );
        for (const layer of layers) {
          const train = await store.arrays.get(layer.trainArrayId, { verify: true });
          const test = await store.arrays.get(layer.testArrayId, { verify: true });
          if (
            train.shape[0] !== dataset.nTrain ||
            test.shape[0] !== dataset.nTest ||
            train.shape[1] !== layer.dim ||
            test.shape[1] !== layer.dim
          )
            throw new Error(
              `feature set "${name}" layer ${layer.layer}: shapes (${train.shape.join(", ")}) / (${test.shape.join(", ")})`,
            );
        }
        if (arrays !== baseline + 2 * layers.length)
          throw new Error(
            `feature set "${name}" complete, but ${arrays - baseline} new arrays for ${layers.length} layers`,
          );
        return "complete";
      }),
    reset: () =>
      withStore(sim.location, async (store) => {
        const dataset = await store.datasets.get(sim.dataset);
        const found = (await store.featureSets.list(dataset.id)).find((f) => f.name === name);
        if (found) await store.featureSets.remove(found.id);
      }),
  };
}

/** `run` of one layer, all areas, 20 permutations and bootstrap resamples: one whole run or none. */
export async function runScenario(sim: SimulatedStore, backend: string): Promise<KillScenario> {
  const baseline = await withStore(sim.location, (s) => s.arrays.count());
  return {
    name: `run (${backend})`,
    args: [
      "run",
      "--dataset",
      sim.dataset,
      "--features",
      sim.features,
      "--permutations",
      "20",
      "--bootstrap",
      "20",
      "--json",
    ],
    env: sim.env,
    verify: () =>
      withStore(sim.location, async (store): Promise<StoredState> => {
        const runs = await store.runs.list();
        const arrays = await store.arrays.count();
        if (runs.length === 0) {
          if (arrays !== baseline)
            throw new Error(`no run but ${arrays - baseline} new arrays are stored (a partial run)`);
          return "absent";
        }
        if (runs.length > 1) throw new Error(`${runs.length} runs stored by one command`);
        await checkRun(store, runs[0]!, sim.nTest);
        return "complete";
      }),
    reset: () =>
      withStore(sim.location, async (store) => {
        for (const run of await store.runs.list()) await store.runs.remove(run.id);
      }),
  };
}

/**
 * `sweep FILE` over two layers x two area sets (4 grid points) as a resumable kill scenario: the runs
 * stored are whole, each under a distinct sweep key (no point stored twice); "partial" while some
 * points are missing, which the next run resumes. Orphan arrays are caught by counting.
 */
export async function sweepScenario(
  sim: SimulatedStore,
  backend: string,
  dir: string,
): Promise<KillScenario & { points: number }> {
  const file = join(dir, `sweep-${backend}.yaml`);
  const layers = ["conv2d_3", "global_pool"];
  const rois = ["all", ["V1"]];
  writeFileSync(
    file,
    [
      `dataset: ${sim.dataset}`,
      `features: ${sim.features}`,
      "solvers: [ridge]",
      `layers: [${layers.join(", ")}]`,
      "rois: [all, [V1]]",
      "permutations: 20",
      "bootstrap: 20",
      "",
    ].join("\n"),
  );
  const points = layers.length * rois.length;
  const baseline = await withStore(sim.location, (s) => s.arrays.count());
  let arraysPerRun: number | undefined;
  return {
    name: `sweep (${backend})`,
    points,
    args: ["sweep", file, "--json"],
    env: sim.env,
    verify: () =>
      withStore(sim.location, async (store): Promise<StoredState> => {
        // Runs stored before (by other scenarios) carry no sweep key and are not the sweep's.
        const runs = await sweepRuns(store);
        const keys = runs.map((r) => r.jobId);
        if (new Set(keys).size !== keys.length)
          throw new Error(`a grid point is stored twice: ${keys.join(", ")}`);
        if (runs.length > points) throw new Error(`${runs.length} runs for a grid of ${points} points`);
        for (const run of runs) await checkRun(store, run, sim.nTest);
        const arrays = (await store.arrays.count()) - baseline;
        if (runs.length === points) arraysPerRun ??= arrays / points;
        if (arraysPerRun !== undefined && arrays !== arraysPerRun * runs.length)
          throw new Error(
            `${runs.length} runs stored with ${arrays} new arrays, expected ${arraysPerRun} each (orphans)`,
          );
        if (runs.length === 0 && arrays !== 0) throw new Error(`no run but ${arrays} new arrays are stored`);
        return runs.length === points ? "complete" : runs.length === 0 ? "absent" : "partial";
      }),
    reset: () =>
      withStore(sim.location, async (store) => {
        for (const run of await sweepRuns(store)) await store.runs.remove(run.id);
      }),
  };
}

async function sweepRuns(store: Store): Promise<Run[]> {
  return (await store.runs.list()).filter((r) => r.jobId?.startsWith("sweep:") === true);
}
