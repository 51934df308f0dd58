import { basename } from "node:path";
import { NtError } from "../errors.ts";
import { openNpz } from "../formats/npz/index.ts";
import { parseNpy, readFileBytes } from "../formats/npy/index.ts";
import type { NdArray } from "../schema/ndarray.ts";
import { KAY_ROI_NAMES, type DatasetBundle } from "../schema/dataset-bundle.ts";
import { applyNanVoxelPolicy, validateBundleShapes, validateRoiCodes } from "./validate.ts";

/** The keys of the Neuromatch kay_images.npz layout. */
export const KAY_NPZ_KEYS = ["stimuli", "stimuli_test", "responses", "responses_test", "roi", "roi_names"] as const;

export interface KayImportOptions {
  labels?: string;
  labelsTest?: string;
  nanVoxels?: "drop" | "error";
}

/**
 * Reads a dataset in the Neuromatch Kay layout (kay_images.npz, optionally kay_labels.npy and
 * kay_labels_val.npy with 4 x n WordNet labels) and validates it completely before anything is stored.
 */
export async function readKayNpz(path: string, options: KayImportOptions = {}): Promise<DatasetBundle> {
  const file = basename(path);
  const archive = openNpz(readFileBytes(path), { source: file });
  const missing = KAY_NPZ_KEYS.filter((key) => !archive.has(key));
  if (missing.length > 0) {
    throw new NtError(
      "BAD_INPUT",
      `${file}: missing key${missing.length > 1 ? "s" : ""} ${missing.map((k) => `"${k}"`).join(", ")}; found ${archive.keys.map((k) => `"${k}"`).join(", ") || "no arrays"} (expected the Neuromatch kay_images.npz layout)`,
    );
  }
  const roiNamesArray = archive.get("roi_names");
  if (roiNamesArray.dtype !== "unicode") {
    throw new NtError("BAD_INPUT", `${file}["roi_names"]: expected strings but found ${roiNamesArray.dtype} data`);
  }
  const roiNames = [...(roiNamesArray.data as string[])];
  const labelsTrain = options.labels ? await readLabels(options.labels) : undefined;
  const labelsTest = options.labelsTest ? await readLabels(options.labelsTest) : undefined;
  const bundle: DatasetBundle = {
    kind: "kay",
    source: { file, labels: options.labels ? basename(options.labels) : null, labelsTest: options.labelsTest ? basename(options.labelsTest) : null },
    stimuliTrain: archive.get("stimuli"),
    stimuliTest: archive.get("stimuli_test"),
    responsesTrain: archive.get("responses"),
    responsesTest: archive.get("responses_test"),
    roi: archive.get("roi"),
    roiNames: roiNames.length > 0 ? roiNames : [...KAY_ROI_NAMES],
    ...(labelsTrain ? { labelsTrain } : {}),
    ...(labelsTest ? { labelsTest } : {}),
  };
  const key = (name: string) => `${file}["${name}"]`;
  validateBundleShapes(bundle, {
    stimuliTrain: key("stimuli"),
    stimuliTest: key("stimuli_test"),
    responsesTrain: key("responses"),
    responsesTest: key("responses_test"),
    roi: key("roi"),
    labelsTrain: options.labels ? basename(options.labels) : "labels",
    labelsTest: options.labelsTest ? basename(options.labelsTest) : "labels_test",
  });
  const codes = validateRoiCodes(bundle.roi, bundle.roiNames, key("roi"));
  return applyNanVoxelPolicy(bundle, options.nanVoxels ?? "error", codes, file);
}

async function readLabels(path: string): Promise<NdArray> {
  return parseNpy(readFileBytes(path), { source: basename(path) });
}
