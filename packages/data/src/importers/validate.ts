import { DTYPES, NtError, formatShape } from "@neurotranslator/schema";
import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import type { DatasetBundle, NanVoxelReport } from "@neurotranslator/schema";

// Every dtype we read except text.
const NUMERIC_REAL = new Set<string>(DTYPES.filter((dtype) => dtype !== "unicode"));

/** What a header says of an array: enough to check shapes before any data is read. */
export type ArrayShape = Pick<NdArray, "dtype" | "shape">;

/** The arrays of a bundle by their shapes (a DatasetBundle is one; so are headers read first). */
export type BundleShapes = Record<
  "stimuliTrain" | "stimuliTest" | "responsesTrain" | "responsesTest" | "roi",
  ArrayShape
> & {
  labelsTrain?: ArrayShape | undefined;
  labelsTest?: ArrayShape | undefined;
};

/** Refuses string data where numbers belong and empty arrays; `what` names the file and key. */
export function requireNumeric(array: ArrayShape, what: string, dims: number): void {
  if (!NUMERIC_REAL.has(array.dtype)) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected numbers but found ${array.dtype} data of shape ${formatShape(array.shape)}`,
    );
  }
  if (array.shape.length !== dims) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected a ${dims}-d array but found shape ${formatShape(array.shape)}`,
    );
  }
  if (array.shape.some((n) => n === 0)) {
    throw new NtError("BAD_INPUT", `${what}: array is empty, shape ${formatShape(array.shape)}`);
  }
}

/** How each array of a bundle is named in error messages, e.g. `kay_images.npz["responses"]`. */
export type BundleArrayNames = Record<
  "stimuliTrain" | "stimuliTest" | "responsesTrain" | "responsesTest" | "roi" | "labelsTrain" | "labelsTest",
  string
>;

/**
 * Checks that every array of the bundle fits the others; each message names both shapes. Needs only
 * shapes and dtypes, so importers run it on headers before inflating anything, and again on the data.
 */
export function validateBundleShapes(bundle: BundleShapes, names: BundleArrayNames): void {
  requireNumeric(bundle.stimuliTrain, names.stimuliTrain, 3);
  requireNumeric(bundle.stimuliTest, names.stimuliTest, 3);
  requireNumeric(bundle.responsesTrain, names.responsesTrain, 2);
  requireNumeric(bundle.responsesTest, names.responsesTest, 2);
  requireNumeric(bundle.roi, names.roi, 1);
  const [nTrain, nVoxels] = bundle.responsesTrain.shape as [number, number];
  const [nTest, nVoxelsTest] = bundle.responsesTest.shape as [number, number];
  const mismatch = (message: string): never => {
    throw new NtError("BAD_INPUT", message);
  };
  if (bundle.stimuliTrain.shape[0] !== nTrain) {
    mismatch(
      `${names.responsesTrain} has shape ${formatShape(bundle.responsesTrain.shape)} but ${names.stimuliTrain} has shape ${formatShape(bundle.stimuliTrain.shape)}: the numbers of rows (images) differ`,
    );
  }
  if (bundle.stimuliTest.shape[0] !== nTest) {
    mismatch(
      `${names.responsesTest} has shape ${formatShape(bundle.responsesTest.shape)} but ${names.stimuliTest} has shape ${formatShape(bundle.stimuliTest.shape)}: the numbers of rows (images) differ`,
    );
  }
  if (nVoxelsTest !== nVoxels) {
    mismatch(
      `${names.responsesTrain} has ${nVoxels} voxels, shape ${formatShape(bundle.responsesTrain.shape)}, but ${names.responsesTest} has ${nVoxelsTest}, shape ${formatShape(bundle.responsesTest.shape)}`,
    );
  }
  const trainImage = bundle.stimuliTrain.shape.slice(1).join("x");
  const testImage = bundle.stimuliTest.shape.slice(1).join("x");
  if (trainImage !== testImage) {
    mismatch(
      `${names.stimuliTrain} images are ${trainImage} but ${names.stimuliTest} images are ${testImage}`,
    );
  }
  if (bundle.roi.shape[0] !== nVoxels) {
    mismatch(
      `${names.roi} has length ${bundle.roi.shape[0]}, shape ${formatShape(bundle.roi.shape)}, but the responses have ${nVoxels} voxels`,
    );
  }
  for (const [key, labels, n] of [
    ["labelsTrain", bundle.labelsTrain, nTrain],
    ["labelsTest", bundle.labelsTest, nTest],
  ] as const) {
    if (!labels) continue;
    const label = names[key];
    if (labels.dtype !== "unicode" || labels.shape.length !== 2 || labels.shape[1] !== n) {
      mismatch(
        `${label}: expected WordNet labels as strings of shape (4, ${n}) but found ${labels.dtype} ${formatShape(labels.shape)}`,
      );
    }
  }
}

/** Reads ROI codes as integers and checks each is a valid index into `roiNames`. */
export function validateRoiCodes(roi: NdArray, roiNames: readonly string[], what: string): Int32Array {
  const data = roi.data as NumericTypedArray;
  const codes = new Int32Array(data.length);
  const unknown = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    const value = Number(data[i]);
    if (!Number.isInteger(value) || value < 0 || value >= roiNames.length)
      unknown.set(value, (unknown.get(value) ?? 0) + 1);
    codes[i] = value;
  }
  if (unknown.size > 0) {
    const listed = [...unknown]
      .slice(0, 5)
      .map(([code, count]) => `${code} (${count} voxels)`)
      .join(", ");
    throw new NtError(
      "BAD_INPUT",
      `${what}: unknown ROI codes ${listed}; valid codes are 0..${roiNames.length - 1} = ${roiNames.join(", ")}`,
    );
  }
  return codes;
}

/** Voxel columns with any non-finite value in either response matrix. */
export function findNonFiniteVoxels(train: NdArray, test: NdArray): Uint8Array {
  const nVoxels = train.shape[1] ?? 0;
  const bad = new Uint8Array(nVoxels);
  for (const matrix of [train, test]) {
    if (!(matrix.data instanceof Float32Array || matrix.data instanceof Float64Array)) continue;
    const data = matrix.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (v - v !== 0) bad[i % nVoxels] = 1; // NaN or ±Inf
    }
  }
  return bad;
}

/**
 * Applies the NaN-voxel policy: "drop" removes voxels with any NaN/Inf response (train or test) from
 * responses and ROI codes and reports how many per ROI; "error" refuses the file.
 */
export function applyNanVoxelPolicy(
  bundle: DatasetBundle,
  policy: "drop" | "error",
  codes: Int32Array,
  what: string,
): DatasetBundle {
  const bad = findNonFiniteVoxels(bundle.responsesTrain, bundle.responsesTest);
  const perRoi: Record<string, number> = {};
  let dropped = 0;
  bad.forEach((isBad, voxel) => {
    if (!isBad) return;
    dropped++;
    const name = bundle.roiNames[codes[voxel] ?? 0] ?? "Other";
    perRoi[name] = (perRoi[name] ?? 0) + 1;
  });
  const report: NanVoxelReport = { policy, dropped, perRoi };
  if (dropped === 0) return { ...bundle, nanReport: report };
  if (policy === "error") {
    const detail = Object.entries(perRoi)
      .map(([roi, n]) => `${roi} ${n}`)
      .join(", ");
    throw new NtError(
      "BAD_INPUT",
      `${what}: ${dropped} voxels have NaN or Inf responses (${detail}); use --nan-voxels drop to remove them`,
    );
  }
  if (dropped === bad.length) throw new NtError("BAD_INPUT", `${what}: every voxel has NaN or Inf responses`);
  const keep: number[] = [];
  bad.forEach((isBad, voxel) => {
    if (!isBad) keep.push(voxel);
  });
  return {
    ...bundle,
    responsesTrain: selectColumns(bundle.responsesTrain, keep),
    responsesTest: selectColumns(bundle.responsesTest, keep),
    roi: selectColumns(bundle.roi, keep),
    nanReport: report,
  };
}

/** Keeps the given columns of a 2-d array (or entries of a 1-d array), preserving the dtype. */
export function selectColumns(array: NdArray, keep: readonly number[]): NdArray {
  const source = array.data as NumericTypedArray;
  const cols = array.shape.length === 1 ? (array.shape[0] ?? 0) : (array.shape[1] ?? 0);
  const rows = array.shape.length === 1 ? 1 : (array.shape[0] ?? 0);
  const Ctor = source.constructor as new (n: number) => NumericTypedArray;
  const out = new Ctor(rows * keep.length);
  for (let r = 0; r < rows; r++) {
    const from = r * cols;
    const to = r * keep.length;
    for (let j = 0; j < keep.length; j++)
      (out as Float64Array)[to + j] = (source as Float64Array)[from + (keep[j] as number)] as number;
  }
  const shape = array.shape.length === 1 ? [keep.length] : [rows, keep.length];
  return { dtype: array.dtype, shape, data: out };
}

/**
 * The ROI array as integers for the store: integral floats (MATLAB saves roiS1 as double) become
 * int32 `codes` (already checked by validateRoiCodes); integer arrays are kept as they are.
 */
export function roiAsIntegers(roi: NdArray, codes: Int32Array): NdArray {
  if (roi.dtype !== "float16" && roi.dtype !== "float32" && roi.dtype !== "float64" && roi.dtype !== "bool")
    return roi;
  return { dtype: "int32", shape: [...roi.shape], data: Int32Array.from(codes) };
}
