import { z } from "zod";
import { AreaName, Count, EntityName, Index, JsonObject, Sha256Hex } from "./common.ts";

export const DATASET_KINDS = ["kay", "vim1", "simulated", "custom"] as const;
/** Where a dataset came from: an importer (kay, vim1), the simulator, or a user's own arrays. */
export const DatasetKind = z.enum(DATASET_KINDS);
export type DatasetKind = z.infer<typeof DatasetKind>;

/**
 * A stored dataset: fMRI responses to images, split into train and test.
 * `contentHash` is the SHA-256 over the dataset's arrays (the importer defines it), unique per store,
 * so the same data is never imported twice. `meta` holds e.g. the NaN-voxel report or the
 * simulator's ground truth.
 */
export const Dataset = z.object({
  id: z.uuid(),
  name: EntityName,
  kind: DatasetKind,
  contentHash: Sha256Hex,
  /** Provenance: file names, their hashes, importer version, simulator settings. */
  source: JsonObject,
  nTrain: Count,
  nTest: Count,
  nVoxels: Count,
  /** Stimulus image size [height, width] in pixels. */
  stimulusShape: z.tuple([Count, Count]),
  meta: JsonObject,
  createdAt: z.date(),
});
export type Dataset = z.infer<typeof Dataset>;

/** The fields a caller supplies to create a dataset (the store assigns id and createdAt). */
export const NewDataset = Dataset.omit({ id: true, createdAt: true });
export type NewDataset = z.infer<typeof NewDataset>;

/** A visual area of a dataset: integer `code` as used in the dataset's `roi` array (0 = outside named areas). */
export const Roi = z.object({
  datasetId: z.uuid(),
  code: Index,
  name: AreaName,
  nVoxels: Index,
});
export type Roi = z.infer<typeof Roi>;
export const NewRoi = Roi.omit({ datasetId: true });
export type NewRoi = z.infer<typeof NewRoi>;

export const DATASET_ARRAY_ROLES = [
  "stimuli_train",
  "stimuli_test",
  "responses_train",
  "responses_test",
  "roi",
  "labels_train",
  "labels_test",
  "repeats_train",
  "repeats_test",
] as const;
/**
 * The arrays of a dataset, by role (shapes in C order):
 * - stimuli_train [nTrain, h, w], stimuli_test [nTest, h, w]: grayscale images
 * - responses_train [nTrain, nVoxels], responses_test [nTest, nVoxels]: voxel responses
 * - roi [nVoxels]: integer area codes (see `Roi`)
 * - labels_train [k, nTrain], labels_test [k, nTest]: unicode labels (Kay: k = 4 WordNet levels)
 * - repeats_train [r, nTrain, nVoxels], repeats_test [r, nTest, nVoxels]: single-repeat responses, optional
 */
export const DatasetArrayRole = z.enum(DATASET_ARRAY_ROLES);
export type DatasetArrayRole = z.infer<typeof DatasetArrayRole>;

/** Roles every dataset must have. */
export const REQUIRED_DATASET_ARRAY_ROLES: readonly DatasetArrayRole[] = [
  "responses_train",
  "responses_test",
  "roi",
];

/**
 * The shape an array of `role` must have in dataset `d`; `null` marks a free dimension.
 * Used by the store to reject inconsistent datasets before anything is written.
 */
export function expectedDatasetArrayShape(
  role: DatasetArrayRole,
  d: Pick<Dataset, "nTrain" | "nTest" | "nVoxels" | "stimulusShape">,
): (number | null)[] {
  const [h, w] = d.stimulusShape;
  switch (role) {
    case "stimuli_train":
      return [d.nTrain, h, w];
    case "stimuli_test":
      return [d.nTest, h, w];
    case "responses_train":
      return [d.nTrain, d.nVoxels];
    case "responses_test":
      return [d.nTest, d.nVoxels];
    case "roi":
      return [d.nVoxels];
    case "labels_train":
      return [null, d.nTrain];
    case "labels_test":
      return [null, d.nTest];
    case "repeats_train":
      return [null, d.nTrain, d.nVoxels];
    case "repeats_test":
      return [null, d.nTest, d.nVoxels];
  }
}
