import { basename } from "node:path";
import { NtError, formatShape } from "@neurotranslator/schema";
import { readMatFile, type MatFile, type MatVariableInfo } from "../formats/mat/index.ts";
import { quotedList } from "@neurotranslator/schema";
import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import { KAY_ROI_NAMES, type DatasetBundle } from "@neurotranslator/schema";
import { checkImportBudget, defaultImportBudget } from "./budget.ts";
import {
  applyNanVoxelPolicy,
  roiAsIntegers,
  selectColumns,
  validateBundleShapes,
  validateRoiCodes,
  type BundleShapes,
} from "./validate.ts";

export interface Vim1ImportOptions {
  responses: string;
  stimuli: string;
  subject: 1 | 2;
  nanVoxels?: "drop" | "error";
  /** Keep voxels outside the seven named areas (ROI code 0); off by default. */
  includeOther?: boolean;
  /** Most bytes the arrays may take in memory (default: a third of this machine's memory). */
  memoryBudgetBytes?: number;
}

/**
 * Reads CRCNS vim-1 (Kay et al. 2008): EstimatedResponses.mat holds dataTrnS<k> [nVoxels, 1750],
 * dataValS<k> [nVoxels, 120] and roiS<k> [nVoxels, 1]; Stimuli.mat holds stimTrn [1750, 128, 128] and
 * stimVal [120, 128, 128]. Responses are transposed to [images, voxels]. NaN voxels are common in
 * vim-1, so the default policy here is "drop" (reported per area).
 */
export async function readVim1(options: Vim1ImportOptions): Promise<DatasetBundle> {
  const responsesFile = basename(options.responses);
  const stimuliFile = basename(options.stimuli);
  const responses = await readMatFile(options.responses, { source: responsesFile });
  const stimuli = await readMatFile(options.stimuli, { source: stimuliFile }).catch((error: unknown) => {
    responses.close();
    throw error;
  });
  try {
    return buildVim1Bundle(options, responses, stimuli);
  } finally {
    responses.close();
    stimuli.close();
  }
}

function buildVim1Bundle(options: Vim1ImportOptions, responses: MatFile, stimuli: MatFile): DatasetBundle {
  const responsesFile = basename(options.responses);
  const stimuliFile = basename(options.stimuli);
  const s = options.subject;
  const keys = { train: `dataTrnS${s}`, test: `dataValS${s}`, roi: `roiS${s}` };
  for (const key of Object.values(keys)) {
    if (!responses.has(key)) {
      throw new NtError(
        "BAD_INPUT",
        `${responsesFile}: missing variable "${key}" for subject ${s}; found ${quotedList(responses.names) || "no variables"}`,
      );
    }
  }
  for (const key of ["stimTrn", "stimVal"]) {
    if (!stimuli.has(key)) {
      throw new NtError(
        "BAD_INPUT",
        `${stimuliFile}: missing variable "${key}"; found ${quotedList(stimuli.names) || "no variables"}`,
      );
    }
  }
  const name = (file: string, key: string) => `${file}["${key}"]`;
  const names = {
    stimuliTrain: name(stimuliFile, "stimTrn"),
    stimuliTest: name(stimuliFile, "stimVal"),
    responsesTrain: name(responsesFile, keys.train),
    responsesTest: name(responsesFile, keys.test),
    roi: name(responsesFile, keys.roi),
    labelsTrain: "labels",
    labelsTest: "labels",
  };
  // Shapes from the headers first: mismatched or oversized variables are refused before any is read.
  const headers: BundleShapes = {
    stimuliTrain: stimuli.info("stimTrn"),
    stimuliTest: stimuli.info("stimVal"),
    responsesTrain: transposedInfo(responses.info(keys.train), names.responsesTrain),
    responsesTest: transposedInfo(responses.info(keys.test), names.responsesTest),
    roi: flattenInfo(responses.info(keys.roi), names.roi),
  };
  validateBundleShapes(headers, names);
  checkImportBudget(
    {
      [keys.train]: headers.responsesTrain,
      [keys.test]: headers.responsesTest,
      [keys.roi]: headers.roi,
      stimTrn: headers.stimuliTrain,
      stimVal: headers.stimuliTest,
    },
    options.memoryBudgetBytes ?? defaultImportBudget(),
    `${responsesFile} + ${stimuliFile}`,
  );
  const roi = flattenColumn(responses.get(keys.roi), names.roi);
  let bundle: DatasetBundle = {
    kind: "vim1",
    source: { responses: responsesFile, stimuli: stimuliFile, subject: s },
    stimuliTrain: stimuli.get("stimTrn"),
    stimuliTest: stimuli.get("stimVal"),
    responsesTrain: transpose2d(responses.get(keys.train), names.responsesTrain),
    responsesTest: transpose2d(responses.get(keys.test), names.responsesTest),
    roi,
    roiNames: [...KAY_ROI_NAMES],
  };
  validateBundleShapes(bundle, names);
  let codes = validateRoiCodes(bundle.roi, bundle.roiNames, names.roi);
  bundle = { ...bundle, roi: roiAsIntegers(bundle.roi, codes) };
  if (!options.includeOther) {
    const keep = [...codes.keys()].filter((voxel) => (codes[voxel] ?? 0) > 0);
    if (keep.length === 0)
      throw new NtError(
        "BAD_INPUT",
        `${names.roi}: no voxel belongs to a named visual area (all codes are 0)`,
      );
    bundle = {
      ...bundle,
      responsesTrain: selectColumns(bundle.responsesTrain, keep),
      responsesTest: selectColumns(bundle.responsesTest, keep),
      roi: selectColumns(bundle.roi, keep),
      meta: { voxelsOutsideAreas: codes.length - keep.length },
    };
    codes = Int32Array.from(keep, (voxel) => codes[voxel] ?? 0);
  }
  return applyNanVoxelPolicy(bundle, options.nanVoxels ?? "drop", codes, responsesFile);
}

/** The header-level forms of flattenColumn and transpose2d. */
function flattenInfo(info: MatVariableInfo, what: string): MatVariableInfo {
  if (info.shape.filter((d) => d !== 1).length > 1) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a vector of ROI codes but found shape ${formatShape(info.shape)}`,
    );
  }
  return { ...info, shape: [info.shape.reduce((a, b) => a * b, 1)] };
}

function transposedInfo(info: MatVariableInfo, what: string): MatVariableInfo {
  if (info.shape.length !== 2)
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a 2-d [voxels, images] matrix but found shape ${formatShape(info.shape)}`,
    );
  return { ...info, shape: [info.shape[1] as number, info.shape[0] as number] };
}

/** [n, 1] or [1, n] or [n] -> [n]. */
function flattenColumn(array: NdArray, what: string): NdArray {
  const n = array.shape.reduce((a, b) => a * b, 1);
  if (array.shape.filter((d) => d !== 1).length > 1) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a vector of ROI codes but found shape ${formatShape(array.shape)}`,
    );
  }
  return { ...array, shape: [n] };
}

/** MATLAB's [voxels, images] -> our [images, voxels], keeping the dtype. */
function transpose2d(array: NdArray, what: string): NdArray {
  if (array.shape.length !== 2)
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a 2-d [voxels, images] matrix but found shape ${formatShape(array.shape)}`,
    );
  const [rows, cols] = array.shape as [number, number];
  const source = array.data as NumericTypedArray;
  if (typeof source === "string" || Array.isArray(source))
    throw new NtError("BAD_INPUT", `${what}: expected numbers but found strings`);
  const Ctor = source.constructor as new (n: number) => NumericTypedArray;
  const out = new Ctor(rows * cols) as Float64Array;
  const from = source as Float64Array;
  // Blocked transpose: stays in cache for 25,915 x 1,750 matrices.
  const B = 64;
  for (let i0 = 0; i0 < rows; i0 += B) {
    for (let j0 = 0; j0 < cols; j0 += B) {
      const iMax = Math.min(i0 + B, rows);
      const jMax = Math.min(j0 + B, cols);
      for (let i = i0; i < iMax; i++)
        for (let j = j0; j < jMax; j++) out[j * rows + i] = from[i * cols + j] as number;
    }
  }
  return { dtype: array.dtype, shape: [cols, rows], data: out };
}
