import type { Dataset, Roi } from "@neurotranslator/data";

/** The JSON shape of a dataset in every command's output. */
export function datasetJson(dataset: Dataset, rois?: Roi[]) {
  return {
    id: dataset.id,
    name: dataset.name,
    kind: dataset.kind,
    contentHash: dataset.contentHash,
    nTrain: dataset.nTrain,
    nTest: dataset.nTest,
    nVoxels: dataset.nVoxels,
    stimulusShape: dataset.stimulusShape,
    source: dataset.source,
    meta: dataset.meta,
    createdAt: dataset.createdAt.toISOString(),
    ...(rois
      ? {
          rois: rois
            .filter((roi) => roi.nVoxels > 0 || roi.code > 0)
            .map(({ code, name, nVoxels }) => ({ code, name, nVoxels })),
        }
      : {}),
  };
}

export function datasetLine(dataset: Dataset): string {
  const [h, w] = dataset.stimulusShape;
  return `${dataset.name}: ${dataset.kind}, ${dataset.nTrain} train + ${dataset.nTest} test images (${h}x${w}), ${dataset.nVoxels} voxels`;
}

export function roiSummary(rois: Roi[]): string {
  return rois
    .filter((roi) => roi.nVoxels > 0)
    .map((roi) => `${roi.name} ${roi.nVoxels}`)
    .join(", ");
}
