import { NtError } from "@neurotranslator/schema";
import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import type { Dataset, DatasetArrayRole, NewRoi } from "@neurotranslator/schema";
import type { DatasetInput, Store } from "../store/index.ts";
import type { DatasetBundle } from "@neurotranslator/schema";
import { hashBundle } from "./hash.ts";

export interface ImportOutcome {
  dataset: Dataset;
  /** True when the same content was already stored (possibly under another name): nothing was written. */
  alreadyImported: boolean;
}

/** Turns a validated bundle into the store's input: dataset record, ROI table and arrays by role. */
export function datasetInputFromBundle(
  name: string,
  bundle: DatasetBundle,
  contentHash = hashBundle(bundle),
): DatasetInput {
  const [nTrain, nVoxels] = bundle.responsesTrain.shape as [number, number];
  const nTest = bundle.responsesTest.shape[0] as number;
  const [height, width] = bundle.stimuliTrain.shape.slice(1) as [number, number];
  const counts = new Map<number, number>();
  for (const code of bundle.roi.data as NumericTypedArray)
    counts.set(Number(code), (counts.get(Number(code)) ?? 0) + 1);
  const rois: NewRoi[] = bundle.roiNames.map((roiName, code) => ({
    code,
    name: roiName,
    nVoxels: counts.get(code) ?? 0,
  }));
  const arrays: Partial<Record<DatasetArrayRole, NdArray>> = {
    stimuli_train: bundle.stimuliTrain,
    stimuli_test: bundle.stimuliTest,
    responses_train: bundle.responsesTrain,
    responses_test: bundle.responsesTest,
    roi: bundle.roi,
    ...(bundle.labelsTrain ? { labels_train: bundle.labelsTrain } : {}),
    ...(bundle.labelsTest ? { labels_test: bundle.labelsTest } : {}),
    ...(bundle.repeatsTest ? { repeats_test: bundle.repeatsTest } : {}),
  };
  return {
    dataset: {
      name,
      kind: bundle.kind,
      contentHash,
      source: bundle.source,
      nTrain,
      nTest,
      nVoxels,
      stimulusShape: [height, width],
      meta: { ...(bundle.meta ?? {}), ...(bundle.nanReport ? { nanVoxels: bundle.nanReport } : {}) },
    },
    rois,
    arrays,
  };
}

/**
 * Stores a bundle in one transaction. The same content imported again (under any name) is recognised
 * by its content hash and not duplicated; a taken name with other content is a CONFLICT.
 */
export async function importBundle(
  store: Store,
  name: string,
  bundle: DatasetBundle,
): Promise<ImportOutcome> {
  const contentHash = hashBundle(bundle);
  const existing = await store.datasets.findByContentHash(contentHash);
  if (existing) return { dataset: existing, alreadyImported: true };
  const taken = await store.datasets.find(name);
  if (taken) {
    throw new NtError(
      "CONFLICT",
      `dataset "${name}" already exists with other content (imported ${taken.createdAt.toISOString()}); choose another --name or remove it first`,
    );
  }
  const input = datasetInputFromBundle(name, bundle, contentHash);
  const dataset = await store.transaction((tx) => tx.datasets.create(input));
  return { dataset, alreadyImported: false };
}

/** Reads a stored dataset back into the Neuromatch layout (the keys of kay_images.npz, plus labels when present). */
export async function exportNeuromatchLayout(store: Store, name: string): Promise<Record<string, NdArray>> {
  const dataset = await store.datasets.get(name);
  const roles = new Set(await store.datasets.arrayRoles(dataset.id));
  const get = (role: DatasetArrayRole) => store.datasets.array(dataset.id, role);
  const rois = await store.datasets.rois(dataset.id);
  const roiNames = [...rois].sort((a, b) => a.code - b.code).map((roi) => roi.name);
  const out: Record<string, NdArray> = {
    stimuli: await get("stimuli_train"),
    stimuli_test: await get("stimuli_test"),
    responses: await get("responses_train"),
    responses_test: await get("responses_test"),
    roi: await get("roi"),
    roi_names: { dtype: "unicode", shape: [roiNames.length], data: roiNames },
  };
  if (roles.has("labels_train")) out.labels = await get("labels_train");
  if (roles.has("labels_test")) out.labels_test = await get("labels_test");
  return out;
}
