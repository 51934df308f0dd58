import { createRequire } from "node:module";
import type { DecodingResult, LinalgBackend } from "@neurotranslator/core";
import { NtError } from "@neurotranslator/data/errors";
import type { JsonObject, NewRun, Run, RunInput, Store } from "@neurotranslator/data";
import type { Matrix64, NdArray } from "@neurotranslator/data/schema";
import {
  RunParameters,
  progressShare,
  shareProgress,
  zodErrorText,
  type ProgressCallback,
  type RunParametersInput,
} from "@neurotranslator/schema";
import type { RunRequest } from "@neurotranslator/data/jobs";
import { loadClassifier, type ClassifierChoice, type ModelLocations } from "./run-classifier.ts";
import {
  loadLayer,
  loadResponses,
  ndMatrix,
  ndVector,
  resolveRunTarget,
  type RunTarget,
} from "./run-inputs.ts";

/** One decoding run, by stored names: the schema package's RunParameters (CLI flags, API bodies, the queue). */
export const RunSpec = RunParameters;
export type RunSpec = RunParameters;
export type RunSpecInput = RunParametersInput;

/** A validated run, ready to compute: the spec with its solver options checked, and the resolved target. */
export interface RunPlan {
  spec: RunSpec;
  target: RunTarget;
}

export interface RunServiceOptions {
  /** The linear-algebra engine (default: selectLinalgBackend()). */
  backend?: LinalgBackend;
  /** Where the classifier's model may be found; without it the classifier metrics are skipped. */
  models?: ModelLocations;
  /** Progress as a share of the run's work (done of a total of 1), with the stage. */
  onProgress?: ProgressCallback;
  /** Notes for the user (skipped classifier, reused run). */
  onNote?: (message: string) => void;
  /** Idempotency key: the queue job id, or a sweep grid point's key. A run already stored under it is returned, not recomputed. */
  jobId?: string;
}

export interface RunOutcome {
  run: Run;
  /** True when the run was already stored under `jobId` and nothing was computed. */
  reused: boolean;
  /** Why the classifier metrics are missing, when they are. */
  classifierNote?: string;
}

/** Validates the spec, the solver options and the names against the store; throws before any heavy work. */
export async function planRun(store: Store, input: RunSpecInput): Promise<RunPlan> {
  const parsed = RunSpec.safeParse(input);
  if (!parsed.success) {
    throw new NtError(
      "BAD_INPUT",
      `run: ${zodErrorText(parsed.error, { line: (field, i) => `field "${field}": ${i.message}`, max: 1 })}`,
    );
  }
  const spec = parsed.data;
  await checkSolverOptions(spec.solver, spec.options);
  const target = await resolveRunTarget(store, spec);
  const subset = spec.controls?.voxelSubset ?? null;
  if (subset !== null && subset > target.dataset.nVoxels) {
    throw new NtError(
      "BAD_INPUT",
      `run: --voxel-subset ${subset} is more than the ${target.dataset.nVoxels} voxels of dataset "${target.dataset.name}"`,
    );
  }
  return { spec, target };
}

/** Checks solver name and options with the core registry's strict schemas (BAD_INPUT naming the option). */
export async function checkSolverOptions(solver: string, options: Record<string, unknown>): Promise<void> {
  const { validateSolverOptions } = await import("@neurotranslator/core/solvers");
  validateSolverOptions(solver, options);
}

/**
 * Fits, predicts, evaluates, classifies and stores one run in ONE transaction (run record with
 * config, engine, versions, input hashes, timings and metrics; per-image results; predictions
 * [nTest, D], per-feature featureR / r2 / alpha [D], and the permutation-null samples nullSamples
 * [nMetrics, nPermutations] with their row names in metrics.nullSampleMetrics). A failure stores nothing.
 */
export async function executeRun(
  store: Store,
  plan: RunPlan,
  options: RunServiceOptions = {},
): Promise<RunOutcome> {
  if (options.jobId !== undefined) {
    const done = await store.runs.findByJob(options.jobId);
    if (done) return { run: done, reused: true };
  }
  const { input, classifierNote } = await computeRun(store, plan, options);
  const run = await store.transaction((tx) => tx.runs.create(input));
  return { run, reused: false, ...(classifierNote === undefined ? {} : { classifierNote }) };
}

/** Everything `executeRun` stores, computed but not yet written (the map adds its cells to it). */
export async function computeRun(
  store: Store,
  plan: RunPlan,
  options: RunServiceOptions = {},
): Promise<{ input: RunInput; classifierNote?: string }> {
  const { spec, target } = plan;
  const t0 = performance.now();
  // The arrays stream from the store's server while this process loads the numeric core.
  const [core, responses, features] = await Promise.all([
    import("@neurotranslator/core/analysis"),
    loadResponses(store, target.dataset),
    loadLayer(store, target.featureSet, target.layer),
  ]);
  const backend = options.backend ?? core.selectLinalgBackend();
  const classifier: ClassifierChoice = options.models
    ? await loadClassifier(target.featureSet, target.layer, target.dim, options.models)
    : { skipped: "no model location given: classifier metrics skipped" };
  const load = (performance.now() - t0) / 1000;
  if ("skipped" in classifier) options.onNote?.(classifier.skipped);

  const control = spec.controls ?? { pairing: "as-stored" as const, voxelSubset: null };
  const inputs = core.applyControl(
    { ...responses, featuresTrain: features.train, featuresTest: features.test },
    control,
    spec.seed,
  );
  const result = core.runDecoding(
    {
      ...inputs,
      ...("head" in classifier ? { classifier: { head: classifier.head, model: classifier.model } } : {}),
    },
    {
      solver: { name: spec.solver, options: spec.options },
      rois: spec.rois,
      seed: spec.seed,
      nPermutations: spec.permutations,
      nBootstrap: spec.bootstrap,
      attribution: spec.attribution,
    },
    {
      backend,
      onProgress: (event) => options.onProgress?.(shareProgress(event.stage, progressShare(event))),
    },
  );
  const engine: JsonObject = { linalg: { name: backend.name, description: backend.description } };
  // ridge-cv's engine, form and precision as its planner chose them (solvers/ridge-plan.ts).
  const ridgePlan = result.fit.diagnostics["plan"];
  if (ridgePlan !== undefined) engine["plan"] = ridgePlan;
  if ("head" in classifier) engine["tfjs"] = { name: classifier.tfEngine };
  // Kept with the run so the viewer can say why its image cards have no classes.
  else engine["classifier"] = { skipped: classifier.skipped };
  const input: RunInput = {
    run: runRecord(target, spec, result, engine, { load, ...result.timings }),
    ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
    images: result.perImage,
    arrays: {
      predictions: ndMatrix(result.predictions),
      featureR: ndVector(result.perFeature.featureR),
      r2: ndVector(result.perFeature.r2),
      ...(result.perFeature.alpha ? { alpha: ndVector(result.perFeature.alpha) } : {}),
      ...(result.nullSamples ? { nullSamples: nullSampleArray(result.nullSamples.values) } : {}),
    },
  };
  return { input, ...("skipped" in classifier ? { classifierNote: classifier.skipped } : {}) };
}

/** The permutation-null samples [nMetrics, nPermutations] as float32 (plenty for a histogram; summaries stay float64 in metrics). */
function nullSampleArray(values: Matrix64): NdArray {
  return { dtype: "float32", shape: [values.rows, values.cols], data: Float32Array.from(values.data) };
}

/** The run record: config as fitted (validated solver options), provenance and metrics. */
export function runRecord(
  target: RunTarget,
  spec: RunSpec,
  result: DecodingResult,
  engine: JsonObject,
  timings: Record<string, number>,
): NewRun {
  return {
    datasetId: target.dataset.id,
    featureSetId: target.featureSet.id,
    datasetHash: target.dataset.contentHash,
    featureHash: target.featureSet.cacheKey,
    config: {
      solver: { name: result.fit.solver, options: result.fit.options },
      layer: target.layer,
      rois: spec.rois,
      seed: spec.seed,
      cv: { folds: typeof result.fit.options["cv"] === "number" ? result.fit.options["cv"] : 5 },
      ...(spec.controls ? { controls: spec.controls } : {}),
    },
    engine,
    versions: versions(),
    timings,
    metrics: result.metrics,
  };
}

const require = createRequire(import.meta.url);

/** Versions recorded with every run. */
export function versions(): Record<string, string> {
  const read = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return {
    neurotranslator: (require("../package.json") as { version: string }).version,
    node: process.version,
    "@tensorflow/tfjs-core": read("@tensorflow/tfjs-core"),
  };
}

/**
 * Executes a queued RunRequest (see @neurotranslator/data/jobs): the same as `neurotranslator run`
 * with the request's fields; `jobId` makes a retried job return the run it already stored.
 */
export async function executeRunRequest(
  store: Store,
  request: RunRequest,
  options: RunServiceOptions & { permutations?: number; bootstrap?: number } = {},
): Promise<RunOutcome> {
  const plan = await planRun(store, runSpecOfRequest(request, options));
  return executeRun(store, plan, options);
}

/** The run spec of a queued RunRequest, with the worker's evaluation settings. */
export function runSpecOfRequest(
  request: RunRequest,
  evaluation: { permutations?: number; bootstrap?: number } = {},
): RunSpecInput {
  return {
    dataset: request.dataset,
    features: request.features,
    ...(request.layer === undefined ? {} : { layer: request.layer }),
    rois: request.rois ?? [],
    solver: request.solver,
    options: request.options,
    seed: request.seed,
    ...(evaluation.permutations === undefined ? {} : { permutations: evaluation.permutations }),
    ...(evaluation.bootstrap === undefined ? {} : { bootstrap: evaluation.bootstrap }),
  };
}
