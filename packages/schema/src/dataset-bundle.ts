import type { JsonObject } from "./common.ts";
import type { DatasetKind } from "./dataset.ts";
import type { NdArray } from "./ndarray.ts";

/** Kay et al. (2008) / Neuromatch ROI codes: index = code, code 0 = not in a named area. */
export const KAY_ROI_NAMES = ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"] as const;
/** Voxels per area in the Neuromatch kay_images.npz (sums to 8,428); the simulator copies these sizes. */
export const KAY_ROI_SIZES: Record<string, number> = {
  V1: 1294,
  V2: 2083,
  V3: 1790,
  V3A: 484,
  V3B: 314,
  V4: 1535,
  LatOcc: 928,
};

/** Voxels removed by the NaN policy, per ROI name. */
// A type alias (not an interface) so it is assignable to the JSON record type of `meta`.
export type NanVoxelReport = {
  policy: "drop" | "error";
  dropped: number;
  perRoi: Record<string, number>;
};

/**
 * A dataset read and validated in memory, ready to be stored in one transaction. Arrays keep the
 * dtype they were imported with (so an export gives NumPy back the same values), in C order:
 * stimuli [n, h, w], responses [n, nVoxels], roi [nVoxels] integer codes, labels [4, n] strings.
 */
export interface DatasetBundle {
  kind: DatasetKind;
  source: JsonObject;
  stimuliTrain: NdArray;
  stimuliTest: NdArray;
  responsesTrain: NdArray;
  responsesTest: NdArray;
  roi: NdArray;
  roiNames: string[];
  labelsTrain?: NdArray;
  labelsTest?: NdArray;
  /** Single-repeat test responses [r, nTest, nVoxels], when the source has repeats (noise ceiling). */
  repeatsTest?: NdArray;
  nanReport?: NanVoxelReport;
  meta?: JsonObject;
}
