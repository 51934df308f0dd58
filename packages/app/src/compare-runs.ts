import {
  compareRuns,
  perImageValuesFromPredictions,
  perImageValuesFromResults,
  type CompareInput,
  type RunCompareOptions,
} from "@neurotranslator/core/analysis";
import type { Store } from "@neurotranslator/data";
import { NtError } from "@neurotranslator/data/errors";
import type { Matrix32, NdArray, Run, RunComparison } from "@neurotranslator/data/schema";

/**
 * Compares stored runs (ids or unique prefixes, the first is the base): loads each run, its per-image
 * results, its predictions and the true test features of its layer, and hands them to core's
 * compareRuns. The one compare-runs entry point: GET /runs/compare and `runs compare` both call it.
 */
export async function compareStoredRuns(
  store: Store,
  ids: readonly string[],
  options: RunCompareOptions = {},
): Promise<RunComparison> {
  if (ids.length < 2) throw new NtError("BAD_INPUT", `compare needs at least 2 run ids, got ${ids.length}`);
  const inputs: CompareInput[] = [];
  for (const id of ids) inputs.push(await loadRun(store, await store.runs.get(id)));
  return compareRuns(inputs, options);
}

async function loadRun(store: Store, run: Run): Promise<CompareInput> {
  const dataset = await store.datasets.getById(run.datasetId);
  const featureSet = await store.featureSets.getById(run.featureSetId);
  const perImage = perImageValuesFromResults(await store.runs.images(run.id));
  const pred = await optional(() => store.runs.array(run.id, "predictions"));
  if (pred) {
    const { test } = await store.featureSets.layerArrays(featureSet.id, run.layer);
    const [p, t] = [matrix(pred), matrix(test)];
    // Predictions and truth must describe the same images and features; otherwise keep the stored results only.
    if (p && t && p.rows === t.rows && p.cols === t.cols && p.rows === run.metrics.nTest)
      Object.assign(perImage, perImageValuesFromPredictions(p, t));
  }
  return {
    column: {
      id: run.id,
      shortId: run.id.slice(0, 8),
      dataset: dataset.name,
      simulated: dataset.kind === "simulated",
      featureSet: featureSet.name,
      layer: run.layer,
      areas: run.rois.length === 0 ? "all areas" : run.rois.join(" + "),
      solver: run.solver,
    },
    datasetId: run.datasetId,
    metrics: run.metrics,
    perImage,
  };
}

/** The array, or undefined when the run did not store it (NOT_FOUND). */
async function optional(load: () => Promise<NdArray>): Promise<NdArray | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof NtError && e.code === "NOT_FOUND") return undefined;
    throw e;
  }
}

function matrix(a: NdArray): Matrix32 | null {
  if (a.shape.length !== 2 || typeof a.data[0] === "string" || typeof a.data[0] === "bigint") return null;
  const data = a.data instanceof Float32Array ? a.data : Float32Array.from(a.data as ArrayLike<number>);
  return { rows: a.shape[0]!, cols: a.shape[1]!, data };
}
