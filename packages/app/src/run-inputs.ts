import { NtError, listForMessage, quotedList } from "@neurotranslator/data/errors";
import type { Dataset, FeatureSet, Matrix32, NdArray, Store } from "@neurotranslator/data";
import { toFloat32, toInt32 } from "@neurotranslator/data/formats";

/** Solvers the CLI offers (the core registry's names; checked again by the registry itself). */
export const SOLVER_CHOICES = ["ols", "ridge", "ridge-cv", "lasso", "elastic-net", "select-ridge"] as const;

/** What a run fits, by stored names, resolved and checked against the store (no arrays read yet). */
export interface RunTarget {
  dataset: Dataset;
  featureSet: FeatureSet;
  /** The feature layer (default: the feature set's last layer). */
  layer: string;
  /** Feature dimension D of the layer. */
  dim: number;
  /** Requested area names ([] = all areas together). */
  rois: string[];
  /** Areas of the dataset with voxels, in code order. */
  areas: string[];
}

/**
 * Resolves dataset, feature set, layer and areas by name, failing with a message that names the
 * unknown value and lists the valid ones, before any array is read or anything computed.
 */
export async function resolveRunTarget(
  store: Store,
  spec: {
    dataset: string;
    features: string;
    layer?: string | undefined;
    rois?: readonly string[] | undefined;
  },
): Promise<RunTarget> {
  const dataset = await store.datasets.get(spec.dataset);
  const featureSet = await findFeatureSet(store, dataset, spec.features);
  const layers = await store.featureSets.layers(featureSet.id);
  const layer = spec.layer ?? featureSet.layers[featureSet.layers.length - 1]!;
  const stored = layers.find((l) => l.layer === layer);
  if (!stored) {
    throw new NtError(
      "NOT_FOUND",
      `feature set "${featureSet.name}" has no layer "${layer}"; its layers: ${listForMessage(featureSet.layers, 20)}`,
    );
  }
  const areas = await datasetAreas(store, dataset);
  const rois = [...(spec.rois ?? [])];
  const unknown = rois.filter((r) => !areas.includes(r));
  if (unknown.length > 0) {
    throw new NtError(
      "NOT_FOUND",
      `dataset "${dataset.name}" has no visual area ${quotedList(unknown, 5)}; its areas: ${listForMessage(areas, 20)}`,
    );
  }
  return { dataset, featureSet, layer, dim: stored.dim, rois, areas };
}

async function findFeatureSet(store: Store, dataset: Dataset, name: string): Promise<FeatureSet> {
  const all = await store.featureSets.list(dataset.id);
  const found = all.find((fs) => fs.name === name);
  if (found) return found;
  const names = all.map((fs) => fs.name);
  throw new NtError(
    "NOT_FOUND",
    `dataset "${dataset.name}" has no feature set "${name}"; ${names.length > 0 ? `its feature sets: ${listForMessage(names, 20)}` : "it has none yet: extract some with `neurotranslator features extract`"}`,
  );
}

/** Names of the dataset's areas that have voxels, in code order. */
export async function datasetAreas(store: Store, dataset: Dataset): Promise<string[]> {
  const rois = await store.datasets.rois(dataset.id);
  return [...rois]
    .sort((a, b) => a.code - b.code)
    .filter((r) => r.nVoxels > 0)
    .map((r) => r.name);
}

/** The responses and areas of a dataset: train [nTrain, V], test [nTest, V], roi [V], roiNames[code]. */
export interface ResponseArrays {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: string[];
  /** Test-image WordNet labels, 4 rows of nTest strings, when the dataset has them. */
  wordnet?: string[][];
}

// Analyses compute on float32 responses: a float64 dataset is narrowed as it is read.
const AS_FLOAT32 = { as: "float32" } as const;

export async function loadResponses(store: Store, dataset: Dataset): Promise<ResponseArrays> {
  // Independent reads, issued together (a pooled store serves them on separate connections).
  const [rois, train, test, roi, roles] = await Promise.all([
    store.datasets.rois(dataset.id),
    store.datasets.array(dataset.id, "responses_train", AS_FLOAT32),
    store.datasets.array(dataset.id, "responses_test", AS_FLOAT32),
    store.datasets.array(dataset.id, "roi"),
    store.datasets.arrayRoles(dataset.id),
  ]);
  const roiNames: string[] = [];
  for (const r of rois) roiNames[r.code] = r.name;
  for (let c = 0; c < roiNames.length; c++) roiNames[c] ??= `code ${c}`;
  const out: ResponseArrays = {
    responsesTrain: matrix(train, `dataset "${dataset.name}" responses_train`),
    responsesTest: matrix(test, `dataset "${dataset.name}" responses_test`),
    roi: toInt32(roi, `dataset "${dataset.name}" roi`),
    roiNames,
  };
  if (roles.includes("labels_test")) {
    const labels = await store.datasets.array(dataset.id, "labels_test");
    const [k, n] = labels.shape;
    if (labels.dtype === "unicode" && k !== undefined && k >= 4 && n === dataset.nTest) {
      const data = labels.data as string[];
      out.wordnet = Array.from({ length: k }, (_, r) => data.slice(r * n, (r + 1) * n));
    }
  }
  return out;
}

/** One layer's features: train [nTrain, D], test [nTest, D]. */
export async function loadLayer(
  store: Store,
  featureSet: FeatureSet,
  layer: string,
): Promise<{ train: Matrix32; test: Matrix32 }> {
  const { train, test } = await store.featureSets.layerArrays(featureSet.id, layer);
  const what = `feature set "${featureSet.name}" layer "${layer}"`;
  return { train: matrix(train, `${what} train`), test: matrix(test, `${what} test`) };
}

/** A 2-d numeric NdArray as a float32 matrix. */
export function matrix(array: NdArray, what: string): Matrix32 {
  if (array.shape.length !== 2)
    throw new NtError("BAD_INPUT", `${what}: expected a 2-d array, got shape (${array.shape.join(", ")})`);
  const [rows, cols] = array.shape as [number, number];
  return { rows, cols, data: toFloat32(array, what) };
}

/** A float32 matrix as an NdArray [rows, cols]. */
export function ndMatrix(m: Matrix32): NdArray {
  return { dtype: "float32", shape: [m.rows, m.cols], data: m.data };
}

/** A per-feature vector as an NdArray [D] (float64; NaN marks undefined entries). */
export function ndVector(v: Float64Array): NdArray {
  return { dtype: "float64", shape: [v.length], data: v };
}
