import { createHash } from "node:crypto";
import type { NdArray } from "@neurotranslator/schema";
import type { DatasetBundle } from "@neurotranslator/schema";

/** sha256 of one array's dtype, shape and bytes (host order), so equal content hashes equally. */
export function updateHashWithArray(hash: ReturnType<typeof createHash>, name: string, array: NdArray): void {
  hash.update(`${name}:${array.dtype}:${array.shape.join(",")};`);
  if (Array.isArray(array.data)) {
    for (const value of array.data) hash.update(`${value.length}:${value}`);
  } else {
    const view = array.data;
    hash.update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
}

/**
 * Content hash of a dataset: the arrays (after the NaN policy) and ROI names, not the file bytes,
 * so the same data saved in another archive is still recognised as already imported.
 */
export function hashBundle(bundle: DatasetBundle): string {
  const hash = createHash("sha256");
  hash.update(`kind:${bundle.kind};rois:${bundle.roiNames.join(",")};`);
  const arrays: [string, NdArray | undefined][] = [
    ["stimuli_train", bundle.stimuliTrain],
    ["stimuli_test", bundle.stimuliTest],
    ["responses_train", bundle.responsesTrain],
    ["responses_test", bundle.responsesTest],
    ["roi", bundle.roi],
    ["labels_train", bundle.labelsTrain],
    ["labels_test", bundle.labelsTest],
  ];
  for (const [name, array] of arrays) if (array) updateHashWithArray(hash, name, array);
  return hash.digest("hex");
}
