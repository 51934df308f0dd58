import { basename } from "node:path";
import { NtError, formatShape } from "@neurotranslator/schema";
import { quotedList } from "@neurotranslator/schema";
import { readNpzFile } from "../formats/npz/index.ts";
import { parseNpy, readFileBytes } from "../formats/npy/index.ts";
import type { NdArray } from "@neurotranslator/schema";
import { KAY_ROI_NAMES, type DatasetBundle } from "@neurotranslator/schema";
import { checkImportBudget, defaultImportBudget } from "./budget.ts";
import { checkAreaNames } from "./area-names.ts";
import {
  applyNanVoxelPolicy,
  roiAsIntegers,
  validateBundleShapes,
  validateRoiCodes,
  type BundleShapes,
} from "./validate.ts";

/** The keys of the Neuromatch kay_images.npz layout. */
export const KAY_NPZ_KEYS = [
  "stimuli",
  "stimuli_test",
  "responses",
  "responses_test",
  "roi",
  "roi_names",
] as const;

export interface KayImportOptions {
  labels?: string;
  labelsTest?: string;
  nanVoxels?: "drop" | "error";
  /** Most bytes the arrays may take in memory (default: a third of this machine's memory). */
  memoryBudgetBytes?: number;
}

/** Most areas a dataset may name (Kay has 8 codes). */
const MAX_AREAS = 256;

/**
 * Reads a dataset in the Neuromatch Kay layout (kay_images.npz, optionally kay_labels.npy and
 * kay_labels_val.npy with 4 x n WordNet labels) and validates it completely before anything is stored.
 */
export async function readKayNpz(path: string, options: KayImportOptions = {}): Promise<DatasetBundle> {
  const file = basename(path);
  // Read from the file an array at a time, each into its own buffer: no copy of the whole file.
  const archive = readNpzFile(path, { source: file });
  const missing = KAY_NPZ_KEYS.filter((key) => !archive.has(key));
  if (missing.length > 0) {
    throw new NtError(
      "BAD_INPUT",
      `${file}: missing key${missing.length > 1 ? "s" : ""} ${missing.map((k) => `"${k}"`).join(", ")}; found ${quotedList(archive.keys) || "no arrays"} (expected the Neuromatch kay_images.npz layout)`,
    );
  }
  const key = (name: string) => `${file}["${name}"]`;
  const names = {
    stimuliTrain: key("stimuli"),
    stimuliTest: key("stimuli_test"),
    responsesTrain: key("responses"),
    responsesTest: key("responses_test"),
    roi: key("roi"),
    labelsTrain: options.labels ? basename(options.labels) : "labels",
    labelsTest: options.labelsTest ? basename(options.labelsTest) : "labels_test",
  };
  // Shapes from the headers first: mismatched or oversized arrays are refused before anything inflates.
  const roiNamesInfo = archive.info("roi_names");
  if (roiNamesInfo.dtype !== "unicode") {
    throw new NtError(
      "BAD_INPUT",
      `${key("roi_names")}: expected strings but found ${roiNamesInfo.dtype} data`,
    );
  }
  if (roiNamesInfo.shape.length !== 1 || (roiNamesInfo.shape[0] ?? 0) > MAX_AREAS) {
    throw new NtError(
      "BAD_INPUT",
      `${key("roi_names")}: expected at most ${MAX_AREAS} area names, shape (n,), but found shape ${formatShape(roiNamesInfo.shape)}`,
    );
  }
  const headers: BundleShapes = {
    stimuliTrain: archive.info("stimuli"),
    stimuliTest: archive.info("stimuli_test"),
    responsesTrain: archive.info("responses"),
    responsesTest: archive.info("responses_test"),
    roi: archive.info("roi"),
  };
  validateBundleShapes(headers, names);
  checkImportBudget(
    {
      stimuli: headers.stimuliTrain,
      stimuli_test: headers.stimuliTest,
      responses: headers.responsesTrain,
      responses_test: headers.responsesTest,
      roi: headers.roi,
    },
    options.memoryBudgetBytes ?? defaultImportBudget(),
    file,
  );
  const roiNames = checkAreaNames([...(archive.get("roi_names").data as string[])], key("roi_names"));
  const labelsTrain = options.labels ? await readLabels(options.labels) : undefined;
  const labelsTest = options.labelsTest ? await readLabels(options.labelsTest) : undefined;
  const bundle: DatasetBundle = {
    kind: "kay",
    source: {
      file,
      labels: options.labels ? basename(options.labels) : null,
      labelsTest: options.labelsTest ? basename(options.labelsTest) : null,
    },
    stimuliTrain: archive.get("stimuli"),
    stimuliTest: archive.get("stimuli_test"),
    responsesTrain: archive.get("responses"),
    responsesTest: archive.get("responses_test"),
    roi: archive.get("roi"),
    roiNames: roiNames.length > 0 ? roiNames : [...KAY_ROI_NAMES],
    ...(labelsTrain ? { labelsTrain } : {}),
    ...(labelsTest ? { labelsTest } : {}),
  };
  validateBundleShapes(bundle, names);
  const codes = validateRoiCodes(bundle.roi, bundle.roiNames, key("roi"));
  return applyNanVoxelPolicy(
    { ...bundle, roi: roiAsIntegers(bundle.roi, codes) },
    options.nanVoxels ?? "error",
    codes,
    file,
  );
}

async function readLabels(path: string): Promise<NdArray> {
  return parseNpy(readFileBytes(path), { source: basename(path) });
}
