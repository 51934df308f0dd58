import type { JsonObject } from "@neurotranslator/schema";
import type { Nonlinearity, SimulatorConfig } from "./config.ts";

// Type aliases (not interfaces) so they are assignable to the JSON type of a bundle's `meta`.

/** A ceiling as predicted from the SNRs and as measured on the generated responses (area means over voxels). */
export type CeilingPair = {
  analytic: number;
  measured: number;
};

/** What the simulator planted in one area. Voxels are contiguous: columns firstVoxel .. firstVoxel + nVoxels - 1. */
export type AreaGroundTruth = {
  name: string;
  /** ROI code in the dataset's `roi` array. */
  code: number;
  nVoxels: number;
  firstVoxel: number;
  /** The area's source features (a layer, or "gabor_energy"). */
  layer: string;
  /** How its voxels read them: "linear" (exactly linear in the layer) or a non-linear read-out (model mismatch). */
  nonlinearity: Nonlinearity;
  /** Median single-measurement SNR of the area's voxels. */
  snr: number;
  /** Non-constant features of the layer (the tuning space) and how many each voxel weights. */
  nFeatures: number;
  featuresPerVoxel: number;
  /** Non-linear areas: hidden units of the area and how many each voxel weights (0 when linear). */
  hiddenUnits: number;
  unitsPerVoxel: number;
  /** Voxels with no stimulus signal (noise only; ceiling 0). */
  silentVoxels: number;
  /** Mean over all voxels (silent ones 0) of the single-repeat test-retest reliability SNR_v / (SNR_v + 1) (analytic). */
  testRetest: number;
  /** r(noise-free, mean of repeatsTrain) on the training images. */
  ceilingTrain: CeilingPair;
  /** r(noise-free, mean of repeatsTest) on the test images: the best any encoding model of the area can reach. */
  ceilingTest: CeilingPair;
};

/**
 * The simulator's record of how a dataset was made, JSON-friendly; stored as
 * `bundle.meta.groundTruth`. With the same stimuli, features and `config` (seed included) the
 * simulator regenerates the same bytes.
 */
export type GroundTruth = {
  generator: "neurotranslator-simulator";
  version: 2;
  /** The generative model in one line (TSDoc of simulateDataset has the details). */
  model: string;
  config: SimulatorConfig;
  nTrain: number;
  nTest: number;
  nVoxels: number;
  /** Rows of the input stimuli used: train rows, then test rows. */
  split: { mode: SimulatorConfig["split"]; trainImages: number[]; testImages: number[] };
  /** Stored stimuli = input gray in [0, 1] minus this offset (Kay's values are centred on 0). */
  stimulusOffset: number;
  /** Feature dimensions per tuned layer, and where the features came from (the caller's note). */
  features: { dims: Record<string, number>; source: JsonObject };
  areas: AreaGroundTruth[];
};

/** Per-voxel ground truth (typed arrays, not stored in meta: the seed regenerates them). */
export interface VoxelGroundTruth {
  /** Single-measurement SNR: [nVoxels]. */
  snr: Float64Array;
  /** Analytic and measured r(noise-free, averaged test response): [nVoxels]. */
  ceilingTestAnalytic: Float64Array;
  ceilingTestMeasured: Float64Array;
}
