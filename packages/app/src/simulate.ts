import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  NtError,
  datasetInputFromBundle,
  type Dataset,
  type FeatureLayer,
  type FeatureSet,
  type Roi,
  type Store,
} from "@neurotranslator/data";
import { listNumberedImages, readImageDir } from "@neurotranslator/data/formats";
import type { GroundTruth, SimulatorConfigInput } from "@neurotranslator/core";
import type { ProgressCallback } from "@neurotranslator/schema";
import {
  checkName,
  defaultFeatureSetName,
  featureSetInput,
  planExtraction,
  runExtraction,
  type ExtractionRecord,
} from "./features.ts";
import { closeModel, modelLocation, openModel, type ModelChoice } from "./models.ts";

/** Test images when --n-test is not given (Kay et al. 2008 had 120). */
export const DEFAULT_N_TEST = 120;
/** Images in all when synthetic stimuli stand in for the Kay stimuli (Kay: 1,750). */
const SYNTHETIC_TOTAL = 1750;
/** How the outcome names synthetic stimuli (wherever a stimuli folder would be named). */
export const SYNTHETIC_STIMULI =
  "synthetic dead-leaves images (the Kay stimuli are not beside the repository)";
// The simulator stores gray [0, 1] images minus this (GroundTruth.stimulusOffset); features are
// extracted from the stored values so that `features extract` on the dataset gives the same numbers.
const STIMULUS_OFFSET = 0.5;

/**
 * The Kay stimuli beside the repository (../shared/data/kay-stimuli from the repo root), or
 * undefined when that folder is absent. This file sits at packages/app/{src,dist}/.
 */
export function defaultStimuliDir(): string | undefined {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  const dir = resolve(repoRoot, "../shared/data/kay-stimuli");
  return existsSync(dir) ? dir : undefined;
}

export interface SimulateOptions {
  /** Name of the new dataset. */
  name: string;
  /**
   * Folder of numbered images (N.jpg); default `defaultStimuliDir()`, and where that is absent (a
   * bare clone) synthetic dead-leaves images (core deadLeavesImages), labelled as such.
   */
  stimuliDir?: string | undefined;
  /** Use synthetic dead-leaves images even where the Kay stimuli are present. */
  syntheticStimuli?: boolean | undefined;
  /** Default: all images in the folder minus nTest. */
  nTrain?: number | undefined;
  nTest?: number | undefined;
  seed?: number | undefined;
  /** One median SNR for every area, or per-area values (e.g. { V1: 1.2, LatOcc: 0.2 }). */
  snr?: number | Record<string, number> | undefined;
  voxelScale?: number | undefined;
  /** Simulator preset: "realistic" (default: model mismatch, Kay-like noise, correlated voxels) or "easy" (exactly linear voxels). */
  preset?: "realistic" | "easy" | undefined;
  model: ModelChoice;
  batchSize?: number | undefined;
  /** Linear-algebra engine for the simulator's products (NEUROTRANSLATOR_ENGINE). */
  engine?: "auto" | "native" | "js" | undefined;
  onDownload?: ProgressCallback;
  onProgress?: ProgressCallback;
}

export interface SimulateOutcome {
  dataset: Dataset;
  rois: Roi[];
  featureSet: FeatureSet;
  featureLayers: FeatureLayer[];
  groundTruth: GroundTruth;
  extraction: ExtractionRecord;
  /** The stimuli folder, or SYNTHETIC_STIMULI. */
  stimuliDir: string;
  seconds: { features: number; simulate: number; store: number };
}

/**
 * `dataset simulate`: reads nTrain + nTest images, extracts the model's default layers plus every
 * layer an area is tuned to (one forward pass), simulates responses with planted ground truth
 * (core simulateDataset, ordered split) and stores, in ONE transaction, the dataset (kind
 * "simulated", ground truth in meta, single test repeats as role repeats_test) and the features
 * as a feature set of it, so a later `features extract` with the same settings is a cache hit.
 * Every option is checked before the model runs.
 */
export async function simulateAndStore(store: Store, options: SimulateOptions): Promise<SimulateOutcome> {
  const core = await import("@neurotranslator/core");
  checkName(options.name);
  if (await store.datasets.find(options.name))
    throw new NtError(
      "CONFLICT",
      `dataset "${options.name}" already exists; choose another --name or remove it first`,
    );
  if (options.syntheticStimuli && options.stimuliDir !== undefined)
    throw new NtError("BAD_INPUT", "give --stimuli-dir or --synthetic-stimuli, not both");
  const stimuliDir = options.syntheticStimuli ? undefined : (options.stimuliDir ?? defaultStimuliDir());
  const available =
    stimuliDir === undefined ? SYNTHETIC_TOTAL : (await listNumberedImages(stimuliDir)).length;
  const nTest = options.nTest ?? DEFAULT_N_TEST;
  const nTrain = options.nTrain ?? available - nTest;
  const limit = stimuliDir === undefined ? Number.MAX_SAFE_INTEGER : available;
  if (
    !Number.isInteger(nTrain) ||
    !Number.isInteger(nTest) ||
    nTrain < 3 ||
    nTest < 3 ||
    nTrain + nTest > limit
  ) {
    throw new NtError(
      "BAD_INPUT",
      `${stimuliDir ?? "synthetic stimuli"}${stimuliDir === undefined ? "" : ` holds ${available} numbered images`}; --n-train ${nTrain} + --n-test ${nTest} must be integers >= 3${stimuliDir === undefined ? "" : ` adding up to at most ${available}`}`,
    );
  }
  const config = core.parseSimulatorConfig(simulatorConfig(options, core.SIMULATED_AREAS));
  const tuned = core
    .resolveAreas(config)
    .map((a) => a.layer)
    .filter((l) => l !== core.GABOR_LAYER);

  const model = await openModel(options.model, options.onDownload);
  try {
    // Default layers first (so `features extract` with defaults hits this set), then other tuned ones.
    const layers = [...new Set([...(model.entry?.defaultLayers ?? []), ...tuned])];
    const plan = await planExtraction(model, {
      layers,
      batchSize: options.batchSize,
      cacheDir: options.model.cacheDir,
    });
    const stack =
      stimuliDir === undefined
        ? core.deadLeavesImages(nTrain + nTest, { size: 128, seed: options.seed ?? 0 })
        : await readImageDir(stimuliDir, { limit: nTrain + nTest });
    // A plain loop: Float32Array.from with a callback costs seconds on 28 million pixels.
    const stored = new Float32Array(stack.data.length);
    for (let i = 0; i < stored.length; i++) stored[i] = (stack.data[i] as number) - STIMULUS_OFFSET;
    const images = {
      dtype: "float32" as const,
      shape: [nTrain + nTest, stack.height, stack.width],
      data: stored,
    };
    const { features, record } = await runExtraction(model, images, plan, options.onProgress);

    const simulateStart = performance.now();
    const backend = core.selectLinalgBackend({ prefer: options.engine ?? "auto" });
    const stimuli: Record<string, string | number> =
      stimuliDir === undefined
        ? { stimuli: "dead-leaves", stimuliSeed: options.seed ?? 0 }
        : { stimuliDir: resolve(stimuliDir) };
    const source = {
      ...stimuli,
      model: { id: model.id, location: modelLocation(model.source), sha256: model.hash.combined },
      preparation: plan.preparation,
      linalg: backend.name,
    };
    const result = core.simulateDataset({ stimuli: stack, features, nTrain, nTest, source }, config, {
      backend,
    });
    const bundle = { ...result.bundle, ...(result.repeatsTest ? { repeatsTest: result.repeatsTest } : {}) };
    checkSameStimuli(stored, bundle.stimuliTrain.data, bundle.stimuliTest.data);
    const simulateSeconds = (performance.now() - simulateStart) / 1000;

    const storeStart = performance.now();
    const input = datasetInputFromBundle(options.name, bundle);
    const { dataset, featureSet } = await store.transaction(async (tx) => {
      const same = await tx.datasets.findByContentHash(input.dataset.contentHash);
      if (same)
        throw new NtError(
          "CONFLICT",
          `the same simulated data (same images, seed and settings) is already stored as dataset "${same.name}"`,
        );
      const created = await tx.datasets.create(input);
      const fs = await tx.featureSets.create(
        featureSetInput(created, defaultFeatureSetName(model.id), model, plan, features, record),
      );
      return { dataset: created, featureSet: fs };
    });
    return {
      dataset,
      rois: await store.datasets.rois(dataset.id),
      featureSet,
      featureLayers: await store.featureSets.layers(featureSet.id),
      groundTruth: result.groundTruth,
      extraction: record,
      stimuliDir: stimuliDir === undefined ? SYNTHETIC_STIMULI : resolve(stimuliDir),
      seconds: {
        features: record.seconds,
        simulate: simulateSeconds,
        store: (performance.now() - storeStart) / 1000,
      },
    };
  } finally {
    await closeModel(model);
  }
}

function simulatorConfig(options: SimulateOptions, allAreas: readonly string[]): SimulatorConfigInput {
  const { snr } = options;
  const areas: Record<string, { snr: number }> =
    snr === undefined
      ? {}
      : typeof snr === "number"
        ? Object.fromEntries(allAreas.map((a) => [a, { snr }]))
        : Object.fromEntries(Object.entries(snr).map(([a, s]) => [a, { snr: s }]));
  return {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.voxelScale === undefined ? {} : { voxelScale: options.voxelScale }),
    ...(options.preset === undefined ? {} : { preset: options.preset }),
    areas,
  };
}

/** The simulator must have stored exactly the images the features were computed from. */
function checkSameStimuli(stored: Float32Array, train: unknown, test: unknown): void {
  const a = train as Float32Array;
  const b = test as Float32Array;
  const same =
    a.length + b.length === stored.length &&
    a.every((x, i) => x === stored[i]) &&
    b.every((x, i) => x === stored[a.length + i]);
  if (!same)
    throw new NtError(
      "INTERNAL",
      "simulate: the stored stimuli differ from the images the features were extracted from (stimulus offset changed?)",
    );
}
