import { NtError, type FeatureSetInput, type JsonObject, type Store } from "@neurotranslator/data";
import type { ModelInputHints, OnnxLayerRecord, Preparation } from "@neurotranslator/core";
import {
  cachedOrFreeName,
  checkName,
  datasetStimuli,
  defaultFeatureSetName,
  extractionCacheKey,
  type ExtractOptions,
  type ExtractOutcome,
  type ExtractionRecord,
} from "./features.ts";
import { openOnnx, type OnnxChoice } from "./onnx-models.ts";

/** What an ONNX extraction records beside the engine and speed: the file, its input and how each layer was pooled. */
export interface OnnxExtractionRecord extends ExtractionRecord {
  onnx: {
    sha256: string;
    input: { name: string; dims: Array<number | string> };
    sidecar: string | null;
    layers: OnnxLayerRecord[];
    /** The rule, in words, for the record's readers. */
    pooling: string;
  };
}

export interface OnnxExtractOptions extends ExtractOptions {
  /** --input-size, --mean, --std, --channel-order, --layout, --resize. */
  input: ModelInputHints;
  onNote?: (message: string) => void;
}

/**
 * `features extract --model X.onnx`: like the TF.js path (one feature set, cached by dataset
 * content + model sha256 + layers + preparation, stored in one transaction at the end, so an
 * error stores nothing), run on onnxruntime-node. Layers are ONNX value names; none given = the
 * penultimate vector (the input of the final classifier layer) when the graph ends in one.
 */
export async function extractOnnxFeatureSet(
  store: Store,
  choice: OnnxChoice,
  options: OnnxExtractOptions,
): Promise<ExtractOutcome> {
  const core = await import("@neurotranslator/core");
  const dataset = await store.datasets.get(options.dataset);
  if (options.name !== undefined) checkName(options.name);
  if (options.colorize !== undefined)
    throw new NtError(
      "BAD_INPUT",
      "--colorize runs TF.js image-to-image models before TF.js CNNs; it is not available with ONNX models",
    );
  const { model, modelInput, notes, sidecar } = await openOnnx(choice, options.input);
  for (const n of notes) options.onNote?.(n);
  const crop = core.resizeCropFraction(modelInput);
  if (crop !== 1 && options.preparation?.centerCropFraction !== undefined) {
    throw new NtError(
      "BAD_INPUT",
      `--crop and a "shorter:S" resize rule both crop the image; give one (--resize shorter:${modelInput.resize.rule === "shorter-side-crop" ? modelInput.resize.shorterSide : "S"} keeps ${crop.toFixed(4)} of the shorter side)`,
    );
  }
  const preparation: Preparation = core.parsePreparation({
    ...options.preparation,
    ...(crop !== 1 ? { centerCropFraction: crop } : {}),
    colorizer: null,
    modelInput,
  });
  const layers = options.layers
    ? [...options.layers]
    : defaultLayers(core.findPenultimate(model), model.path);
  core.checkValues(model, layers);
  const key = extractionCacheKey(dataset.contentHash, model.sha256, layers, preparation);
  const name = options.name ?? defaultFeatureSetName(choice.id);
  const cached = await cachedOrFreeName(store, dataset, key, name);
  if (cached) return cached;
  const images = await datasetStimuli(store, dataset);
  const started = performance.now();
  const out = await core.extractOnnxFeatures(model, images, {
    layers,
    preparation,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const n = images.shape[0] ?? 0;
  const record: OnnxExtractionRecord = {
    // simd describes the TF.js wasm build only; onnxruntime picks its own CPU kernels.
    engine: { name: "onnxruntime", simd: false, threads: core.onnxThreads() },
    images: n,
    batchSize: out.batchSize,
    seconds,
    imagesPerSecond: seconds > 0 ? n / seconds : 0,
    onnx: {
      sha256: model.sha256,
      input: { name: model.input.name, dims: model.input.dims },
      sidecar: sidecar ?? null,
      layers: out.layers,
      pooling: `4-d values: mean over height and width (${modelInput.layout.toUpperCase()}), D = channels; 2-d values as they are`,
    },
  };
  const input: FeatureSetInput = {
    featureSet: {
      datasetId: dataset.id,
      name,
      model: { id: choice.id, source: choice.location, sha256: model.sha256 },
      layers,
      preparation: { ...(preparation as unknown as JsonObject), extraction: record as unknown as JsonObject },
      cacheKey: key,
    },
    layers: layers.map((layer) => {
      const m = out.features.get(layer);
      if (!m || m.rows !== dataset.nTrain + dataset.nTest)
        throw new NtError(
          "INTERNAL",
          `layer ${layer}: expected ${dataset.nTrain + dataset.nTest} feature rows, got ${m?.rows ?? "none"}`,
        );
      const cut = dataset.nTrain * m.cols;
      return {
        layer,
        train: { dtype: "float32" as const, shape: [dataset.nTrain, m.cols], data: m.data.slice(0, cut) },
        test: { dtype: "float32" as const, shape: [dataset.nTest, m.cols], data: m.data.slice(cut) },
      };
    }),
  };
  const featureSet = await store.transaction((tx) => tx.featureSets.create(input));
  return {
    featureSet,
    layers: await store.featureSets.layers(featureSet.id),
    cached: false,
    extraction: record,
  };
}

function defaultLayers(penultimate: string | undefined, path: string): string[] {
  if (penultimate === undefined) {
    throw new NtError(
      "BAD_INPUT",
      `${path}: the graph does not end in a classifier layer whose input could be the default layer; name the values with --layers (\`features layers --model ${path}\` lists them)`,
    );
  }
  return [penultimate];
}
