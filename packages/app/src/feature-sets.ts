import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";
import {
  NtError,
  canonicalJson,
  formatShape,
  type Dataset,
  type FeatureLayer,
  type FeatureSet,
  type NdArray,
  type Store,
} from "@neurotranslator/data";
import { quotedList } from "@neurotranslator/data/errors";
import { fileSource, openNpzSource, sourceSha256 } from "@neurotranslator/data/formats";
import { checkName } from "./features.ts";

/** One layer to import: its name and the .npz keys of its train [nTrain, D] and test [nTest, D] matrices. */
export interface ImportPair {
  layer: string;
  trainKey: string;
  testKey: string;
}

export interface ImportOptions {
  file: string;
  dataset: string;
  name: string;
  /** Explicit pairs; or `layersFromKeys` to take every `<layer>_train` / `<layer>_test` pair of the file. */
  pairs?: ImportPair[];
  layersFromKeys?: boolean;
  /** Recorded as the feature set's model id (default "imported"). */
  modelId?: string | undefined;
}

export interface ImportOutcome {
  featureSet: FeatureSet;
  layers: FeatureLayer[];
  /** True when the same file and keys were already imported for this dataset: nothing was written. */
  cached: boolean;
}

/**
 * `features import`: brings feature matrices computed elsewhere (e.g. NumPy) into the store as one
 * feature set, in one transaction. Every matrix must be numeric, finite, 2-D, with the dataset's
 * nTrain / nTest rows and the same D for train and test; errors name the file, key and shapes.
 * Integer matrices are stored as float64, float matrices as they are.
 */
export async function importFeatureSet(store: Store, options: ImportOptions): Promise<ImportOutcome> {
  checkName(options.name);
  const dataset = await store.datasets.get(options.dataset);
  const path = resolve(options.file);
  const label = basename(path);
  // The file is read an array at a time (and hashed in pieces), never whole.
  const source = fileSource(path, label);
  try {
    source.withReader(() => undefined);
  } catch (error) {
    // The system's words (e.g. "ENOENT: no such file or directory, open ..."), as they always were.
    const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new NtError("NOT_FOUND", `${path}: cannot read the feature file (${reason})`, { cause: error });
  }
  const archive = openNpzSource(source, { source: label });
  const pairs = options.layersFromKeys ? pairsFromKeys(archive.keys, label) : (options.pairs ?? []);
  if (pairs.length === 0)
    throw new NtError(
      "BAD_INPUT",
      `${label}: no layers to import; give --train-key/--test-key pairs or --layers-from-keys`,
    );
  const dupes = pairs.map((p) => p.layer).filter((l, i, all) => all.indexOf(l) !== i);
  if (dupes.length > 0)
    throw new NtError("BAD_INPUT", `${label}: layer(s) named twice: ${[...new Set(dupes)].join(", ")}`);
  for (const key of pairs.flatMap((p) => [p.trainKey, p.testKey])) {
    if (!archive.has(key))
      throw new NtError(
        "NOT_FOUND",
        `${label}: no key ${quotedList([key])}; found ${quotedList(archive.keys) || "no arrays"}`,
      );
  }
  // Shapes from the .npy headers first: a wrong or oversized matrix is refused before anything inflates.
  for (const { trainKey, testKey } of pairs) {
    const train = checkMatrixShape(
      archive.info(trainKey),
      `${label}["${trainKey}"]`,
      dataset.nTrain,
      `dataset "${dataset.name}" has ${dataset.nTrain} training images`,
    );
    const test = checkMatrixShape(
      archive.info(testKey),
      `${label}["${testKey}"]`,
      dataset.nTest,
      `dataset "${dataset.name}" has ${dataset.nTest} test images`,
    );
    if (train[1] !== test[1]) {
      throw new NtError(
        "BAD_INPUT",
        `${label}["${trainKey}"] has ${train[1]} features, shape ${formatShape(train)}, but ${label}["${testKey}"] has ${test[1]}, shape ${formatShape(test)}`,
      );
    }
  }
  const fileSha256 = sourceSha256(source);
  const cacheKey = createHash("sha256")
    .update(canonicalJson({ datasetHash: dataset.contentHash, importedFile: fileSha256, pairs }))
    .digest("hex");
  const existing = await store.featureSets.findByCacheKey(cacheKey);
  if (existing && existing.datasetId === dataset.id)
    return { featureSet: existing, layers: await store.featureSets.layers(existing.id), cached: true };

  const layers = pairs.map(({ layer, trainKey, testKey }) => {
    const train = checkMatrix(
      archive.get(trainKey),
      `${label}["${trainKey}"]`,
      dataset.nTrain,
      `dataset "${dataset.name}" has ${dataset.nTrain} training images`,
    );
    const test = checkMatrix(
      archive.get(testKey),
      `${label}["${testKey}"]`,
      dataset.nTest,
      `dataset "${dataset.name}" has ${dataset.nTest} test images`,
    );
    if (train.shape[1] !== test.shape[1]) {
      throw new NtError(
        "BAD_INPUT",
        `${label}["${trainKey}"] has ${train.shape[1]} features, shape ${formatShape(train.shape)}, but ${label}["${testKey}"] has ${test.shape[1]}, shape ${formatShape(test.shape)}`,
      );
    }
    return { layer, train, test };
  });
  const featureSet = await store.transaction((tx) =>
    tx.featureSets.create({
      featureSet: {
        datasetId: dataset.id,
        name: options.name,
        model: { id: options.modelId ?? "imported", source: path },
        layers: pairs.map((p) => p.layer),
        preparation: {
          imported: {
            file: path,
            sha256: fileSha256,
            keys: Object.fromEntries(pairs.map((p) => [p.layer, { train: p.trainKey, test: p.testKey }])),
          },
        },
        cacheKey,
      },
      layers,
    }),
  );
  return { featureSet, layers: await store.featureSets.layers(featureSet.id), cached: false };
}

/** Every `<layer>_train` key with a matching `<layer>_test` key, in archive order. */
export function pairsFromKeys(keys: readonly string[], label: string): ImportPair[] {
  const present = new Set(keys);
  const pairs = keys
    .filter((k) => k.endsWith("_train") && present.has(`${k.slice(0, -6)}_test`))
    .map((k) => ({ layer: k.slice(0, -6), trainKey: k, testKey: `${k.slice(0, -6)}_test` }));
  if (pairs.length === 0) {
    throw new NtError(
      "BAD_INPUT",
      `${label}: --layers-from-keys found no <layer>_train / <layer>_test key pairs; keys are ${quotedList(keys) || "none"}`,
    );
  }
  return pairs;
}

/** Checks a matrix's dtype and shape (from its header or its data); returns the shape. */
function checkMatrixShape(
  array: Pick<NdArray, "dtype" | "shape">,
  what: string,
  rows: number,
  why: string,
): number[] {
  if (array.dtype === "unicode" || array.dtype === "bool") {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected numbers but found ${array.dtype} data of shape ${formatShape(array.shape)}`,
    );
  }
  if (array.shape.length !== 2)
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a 2-D matrix [images, features] but got shape ${formatShape(array.shape)}`,
    );
  const [n = 0, d = 0] = array.shape;
  if (n !== rows) throw new NtError("BAD_INPUT", `${what} has shape ${formatShape(array.shape)} but ${why}`);
  if (d === 0) throw new NtError("BAD_INPUT", `${what}: array is empty, shape ${formatShape(array.shape)}`);
  return array.shape;
}

function checkMatrix(array: NdArray, what: string, rows: number, why: string): NdArray {
  if (Array.isArray(array.data)) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected numbers but found ${array.dtype} data of shape ${formatShape(array.shape)}`,
    );
  }
  const [, d = 0] = checkMatrixShape(array, what, rows, why);
  const data = array.data;
  let bad = 0;
  let first = -1;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(Number(data[k]))) {
      bad++;
      if (first < 0) first = k;
    }
  }
  if (bad > 0) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: ${bad} non-finite values (first ${String(data[first])} at [${Math.floor(first / d)}, ${first % d}])`,
    );
  }
  if (array.dtype === "float32" || array.dtype === "float64") return array;
  // float16 is read widened into a Float32Array; integers become float64 (exact).
  if (array.dtype === "float16") return { dtype: "float32", shape: array.shape, data };
  return {
    dtype: "float64",
    shape: array.shape,
    data: Float64Array.from(data as ArrayLike<number | bigint>, Number),
  };
}

/** A feature set of a named dataset, with its dataset. */
export async function getFeatureSet(
  store: Store,
  datasetName: string,
  name: string,
): Promise<{ dataset: Dataset; featureSet: FeatureSet; layers: FeatureLayer[] }> {
  const dataset = await store.datasets.get(datasetName);
  const found = (await store.featureSets.list(dataset.id)).find((fs) => fs.name === name);
  if (!found) {
    const names = (await store.featureSets.list(dataset.id)).map((fs) => fs.name);
    throw new NtError(
      "NOT_FOUND",
      `dataset "${dataset.name}" has no feature set "${name}"; it has ${names.length > 0 ? names.join(", ") : "none (run `features extract`)"}`,
    );
  }
  return { dataset, featureSet: found, layers: await store.featureSets.layers(found.id) };
}

/** Feature sets with their dataset names: of one dataset, or of all. */
export async function listFeatureSets(
  store: Store,
  datasetName?: string,
): Promise<{ datasetName: string; featureSet: FeatureSet; layers: FeatureLayer[] }[]> {
  const datasets =
    datasetName === undefined ? await store.datasets.list() : [await store.datasets.get(datasetName)];
  const out = [];
  for (const dataset of datasets) {
    for (const featureSet of await store.featureSets.list(dataset.id)) {
      out.push({
        datasetName: dataset.name,
        featureSet,
        layers: await store.featureSets.layers(featureSet.id),
      });
    }
  }
  return out;
}

/** The arrays of a feature set for an .npz: `<layer>_train` [nTrain, D] and `<layer>_test` [nTest, D] per layer. */
export async function exportFeatureSet(
  store: Store,
  datasetName: string,
  name: string,
): Promise<Record<string, NdArray>> {
  const { featureSet } = await getFeatureSet(store, datasetName, name);
  const out: Record<string, NdArray> = {};
  for (const layer of featureSet.layers) {
    const { train, test } = await store.featureSets.layerArrays(featureSet.id, layer);
    out[`${layer}_train`] = train;
    out[`${layer}_test`] = test;
  }
  return out;
}

/** Deletes a feature set with its matrices and the runs fitted on it. */
export async function removeFeatureSet(store: Store, datasetName: string, name: string): Promise<FeatureSet> {
  const { featureSet } = await getFeatureSet(store, datasetName, name);
  await store.featureSets.remove(featureSet.id);
  return featureSet;
}
