import { createHash } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import {
  NAME_PATTERN,
  NtError,
  canonicalJson,
  type Dataset,
  type FeatureLayer,
  type FeatureSet,
  type FeatureSetInput,
  type JsonObject,
  type Matrix32,
  type NdArray,
  type Store,
} from "@neurotranslator/data";
import { toFloat32 } from "@neurotranslator/data/formats";
import type { Colorizer, LoadedModel, Preparation, PreparationInput } from "@neurotranslator/core";
import type { ProgressCallback } from "@neurotranslator/schema";
import {
  closeModel,
  fetchModel,
  modelCacheDir,
  modelLocation,
  openModel,
  type ModelChoice,
} from "./models.ts";

/** What one extraction will do, settled (and validated) before any image is read. */
export interface ExtractionPlan {
  /** Layer names as requested (friendly or raw node names; default: the registry's default layers). */
  layers: string[];
  /** The completed preparation (colorizer sha256 filled in); part of the cache key. */
  preparation: Preparation;
  colorizer?: Colorizer & { dispose(): void };
  batchSize: number;
}

/** How an extraction ran, stored with the feature set (inside its preparation JSON, key "extraction"). */
export type ExtractionRecord = {
  engine: { name: string; simd: boolean; threads: number; fallbackReason?: string };
  images: number;
  batchSize: number;
  seconds: number;
  imagesPerSecond: number;
};

export interface PlanOptions {
  layers?: readonly string[] | undefined;
  preparation?: PreparationInput | undefined;
  /** A colorizer model (directory or URL) run after gray -> RGB. */
  colorize?: string | undefined;
  /** Images per forward pass (default 32). */
  batchSize?: number | undefined;
  /** The CLI cache directory (colorizer downloads go to <cacheDir>/models). */
  cacheDir: string;
}

/**
 * Validates layers (NtError NOT_FOUND listing the available ones), preparation and batch size
 * against a loaded model, and loads the colorizer when asked. Cheap: no image is touched.
 */
export async function planExtraction(model: LoadedModel, options: PlanOptions): Promise<ExtractionPlan> {
  const core = await import("@neurotranslator/core");
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 4096) {
    throw new NtError("BAD_INPUT", `--batch-size must be an integer in 1..4096, got ${batchSize}`);
  }
  const layers = core.selectLayers(model, options.layers).map((l) => l.name);
  const base = core.parsePreparation({ ...options.preparation, colorizer: null });
  if (options.colorize === undefined) return { layers, preparation: base, batchSize };
  await fetchModel(core.resolveModelSource(options.colorize, { cacheDir: modelCacheDir(options.cacheDir) }));
  const colorizer = await core.loadColorizer(options.colorize, { cacheDir: modelCacheDir(options.cacheDir) });
  const preparation = core.parsePreparation({
    ...options.preparation,
    colorizer: { source: options.colorize, sha256: colorizer.sha256 },
  });
  return { layers, preparation, colorizer, batchSize };
}

/**
 * Runs the model once over `images` ([n, h, w] or [n, h, w, c]) for all planned layers.
 * Returns one [n, D] float32 matrix per layer and how the run went (engine, images/s).
 */
export async function runExtraction(
  model: LoadedModel,
  images: NdArray,
  plan: ExtractionPlan,
  onProgress?: ProgressCallback,
): Promise<{ features: Map<string, Matrix32>; record: ExtractionRecord }> {
  const core = await import("@neurotranslator/core");
  const engine = await core.initTfEngine();
  const started = performance.now();
  // The engine that really ran: a graph the fast engine cannot convert falls back, and that is recorded.
  let used: { name: string; fallbackReason?: string } = { name: engine.name };
  const features = await core.extractFeatures(model, images, {
    onEngine: (report) => {
      used = report;
    },
    layers: plan.layers,
    preparation: plan.preparation,
    batchSize: plan.batchSize,
    ...(plan.colorizer ? { colorizer: plan.colorizer } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const n = images.shape[0] ?? 0;
  return {
    features,
    record: {
      engine: {
        ...engine,
        name: used.name,
        ...(used.fallbackReason ? { fallbackReason: used.fallbackReason } : {}),
      },
      images: n,
      batchSize: plan.batchSize,
      seconds,
      imagesPerSecond: seconds > 0 ? n / seconds : 0,
    },
  };
}

/**
 * The feature-set cache key: sha256 of the canonical JSON of the dataset content hash, the model's
 * content hash (model.json + shards), the layer names in order and the completed preparation.
 * The model's id and location are left out: the same bytes give the same features.
 */
export function extractionCacheKey(
  datasetHash: string,
  modelSha256: string,
  layers: readonly string[],
  preparation: Preparation,
): string {
  const ingredients = { datasetHash, modelSha256, layers: [...layers], preparation };
  return createHash("sha256").update(canonicalJson(ingredients)).digest("hex");
}

/** A valid feature-set name from a model id (URLs and odd folder names are reduced to [A-Za-z0-9_.-]). */
export function defaultFeatureSetName(modelId: string): string {
  if (NAME_PATTERN.test(modelId)) return modelId;
  const cleaned = modelId
    .replace(/^https?:\/\//, "")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "");
  return cleaned.slice(-64).replace(/^[^A-Za-z0-9]+/, "") || "features";
}

/** A dataset's images, train rows then test rows: [nTrain + nTest, h, w]. */
export async function datasetStimuli(store: Store, dataset: Dataset): Promise<NdArray> {
  const train = await store.datasets.array(dataset.id, "stimuli_train");
  const test = await store.datasets.array(dataset.id, "stimuli_test");
  return concatRows(train, test, `dataset "${dataset.name}" stimuli`);
}

/** The store input for extracted features: each [nTrain + nTest, D] matrix split into train and test rows. */
export function featureSetInput(
  dataset: Dataset,
  name: string,
  model: LoadedModel,
  plan: ExtractionPlan,
  features: Map<string, Matrix32>,
  record: ExtractionRecord,
): FeatureSetInput {
  const layers = plan.layers.map((layer) => {
    const m = features.get(layer);
    if (!m || m.rows !== dataset.nTrain + dataset.nTest) {
      throw new NtError(
        "INTERNAL",
        `layer ${layer}: expected ${dataset.nTrain + dataset.nTest} feature rows, got ${m?.rows ?? "none"}`,
      );
    }
    const cut = dataset.nTrain * m.cols;
    return {
      layer,
      train: { dtype: "float32" as const, shape: [dataset.nTrain, m.cols], data: m.data.slice(0, cut) },
      test: { dtype: "float32" as const, shape: [dataset.nTest, m.cols], data: m.data.slice(cut) },
    };
  });
  return {
    featureSet: {
      datasetId: dataset.id,
      name,
      model: { id: model.id, source: modelLocation(model.source), sha256: model.hash.combined },
      layers: plan.layers,
      preparation: { ...(plan.preparation as unknown as JsonObject), extraction: record },
      cacheKey: extractionCacheKey(dataset.contentHash, model.hash.combined, plan.layers, plan.preparation),
    },
    layers,
  };
}

export interface ExtractOptions extends Omit<PlanOptions, "cacheDir"> {
  /** Dataset name in the store. */
  dataset: string;
  /** Feature-set name (default: the model id). */
  name?: string | undefined;
  model: ModelChoice;
  onDownload?: ProgressCallback;
  onProgress?: ProgressCallback;
  /** Write the ONNX graph the TF.js model converts to here (its requested layers as outputs). */
  exportOnnx?: string | undefined;
}

export interface ExtractOutcome {
  featureSet: FeatureSet;
  layers: FeatureLayer[];
  /** True when the same extraction was already stored: nothing was computed or written. */
  cached: boolean;
  /** How this call's extraction ran (null on a cache hit). */
  extraction: ExtractionRecord | null;
}

/**
 * The stored feature set made the same way (cache key `key`) as a cached outcome; otherwise null,
 * once `name` is known to be free on the dataset (a taken name with other settings is CONFLICT).
 */
export async function cachedOrFreeName(
  store: Store,
  dataset: Dataset,
  key: string,
  name: string,
): Promise<ExtractOutcome | null> {
  const existing = await store.featureSets.findByCacheKey(key);
  if (existing && existing.datasetId === dataset.id) {
    return {
      featureSet: existing,
      layers: await store.featureSets.layers(existing.id),
      cached: true,
      extraction: null,
    };
  }
  const taken = (await store.featureSets.list(dataset.id)).find((fs) => fs.name === name);
  if (taken) {
    throw new NtError(
      "CONFLICT",
      `dataset "${dataset.name}" already has a feature set "${name}" made with other settings (model ${taken.model.id}, layers ${taken.layers.join(",")}); pass --name to keep both, or remove it with \`features rm ${name} --dataset ${dataset.name}\``,
    );
  }
  return null;
}

/**
 * `features extract`: prepares the dataset's stimuli (train + test), runs the CNN once for all
 * layers and stores one feature set (a train/test matrix pair per layer) in one transaction. The
 * same dataset content + model bytes + layers + preparation is never recomputed: the stored set is
 * returned with `cached: true`. A taken name with other settings is CONFLICT, found before any work.
 */
export async function extractFeatureSet(store: Store, options: ExtractOptions): Promise<ExtractOutcome> {
  const dataset = await store.datasets.get(options.dataset);
  if (options.name !== undefined) checkName(options.name);
  const model = await openModel(options.model, options.onDownload);
  let plan: ExtractionPlan | undefined;
  try {
    plan = await planExtraction(model, { ...options, cacheDir: options.model.cacheDir });
    if (options.exportOnnx !== undefined) await exportOnnx(model, plan.layers, options.exportOnnx);
    const key = extractionCacheKey(dataset.contentHash, model.hash.combined, plan.layers, plan.preparation);
    const name = options.name ?? defaultFeatureSetName(model.id);
    const cached = await cachedOrFreeName(store, dataset, key, name);
    if (cached) return cached;
    const images = await datasetStimuli(store, dataset);
    const { features, record } = await runExtraction(model, images, plan, options.onProgress);
    const input = featureSetInput(dataset, name, model, plan, features, record);
    const featureSet = await store.transaction((tx) => tx.featureSets.create(input));
    return {
      featureSet,
      layers: await store.featureSets.layers(featureSet.id),
      cached: false,
      extraction: record,
    };
  } finally {
    plan?.colorizer?.dispose();
    await closeModel(model);
  }
}

/**
 * Writes what our TF.js-to-ONNX converter makes of `layers` to `out` (a temporary file renamed into
 * place: never half-written). NtError ENGINE when a node does not convert.
 */
async function exportOnnx(model: LoadedModel, layers: readonly string[], out: string): Promise<void> {
  const core = await import("@neurotranslator/core");
  const conversion = core.convertModelToOnnx(model, core.selectLayers(model, layers));
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, conversion.bytes);
    renameSync(tmp, out);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new NtError("BAD_INPUT", `--export-onnx ${out}: cannot write (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** NtError BAD_INPUT unless `name` is a valid feature-set name. */
export function checkName(name: string, what = "--name"): void {
  if (!NAME_PATTERN.test(name)) {
    throw new NtError(
      "BAD_INPUT",
      `${what} "${name}": must be 1-64 characters, a letter or digit, then letters, digits, '_', '.' or '-'`,
    );
  }
}

function concatRows(a: NdArray, b: NdArray, what: string): NdArray {
  const [, ...rest] = a.shape;
  if (b.shape.length !== a.shape.length || b.shape.slice(1).some((d, i) => d !== rest[i])) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: train images have shape (${a.shape.join(", ")}) but test images (${b.shape.join(", ")})`,
    );
  }
  const shape = [(a.shape[0] ?? 0) + (b.shape[0] ?? 0), ...rest];
  // Same dtype: keep it (the stimuli are prepared exactly as stored); else both as float32.
  if (
    a.dtype === b.dtype &&
    !Array.isArray(a.data) &&
    !Array.isArray(b.data) &&
    a.data.constructor === b.data.constructor
  ) {
    const Typed = a.data.constructor as Float64ArrayConstructor;
    const data = new Typed(a.data.length + b.data.length);
    data.set(a.data as Float64Array);
    data.set(b.data as Float64Array, a.data.length);
    return { dtype: a.dtype, shape, data };
  }
  const x = toFloat32(a, `${what} (train)`);
  const y = toFloat32(b, `${what} (test)`);
  const data = new Float32Array(x.length + y.length);
  data.set(x);
  data.set(y, x.length);
  return { dtype: "float32", shape, data };
}
