import { tf } from "./tf-core.ts";
import type { Matrix32, NdArray, ProgressCallback, ProgressEvent } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { LoadedModel } from "../models/load-model.ts";
import { selectLayers, type SelectedLayer } from "./layer-selection.ts";
import { parsePreparation, type PreparationInput } from "./preparation.ts";
import { StimulusPreparer, type Colorizer, type ModelInputSpec } from "./prepare-stimuli.ts";
import { currentTfEngine, type CnnEngineName } from "./tf-engine.ts";
import { onnxFeatureRunner, type OnnxFeatureRunner } from "./onnx/onnx-features.ts";

/** An extraction's progress event: images done of all. */
export function imagesDone(done: number, total: number): ProgressEvent {
  return { stage: "extract", done, total, unit: "images" };
}

export interface ExtractFeaturesOptions {
  /** Friendly or raw node names; default: the registry's default layers for the model. */
  layers?: readonly string[];
  /** Stimulus preparation (defaults filled in by parsePreparation). */
  preparation?: PreparationInput;
  /** Required when preparation.colorizer is set: the loaded colorizer (loadColorizer). */
  colorizer?: Colorizer;
  /** Images per forward pass (default 32: within 5% of the best batch on onnx and wasm in bench/features). */
  batchSize?: number;
  onProgress?: ProgressCallback;
  /**
   * Told which engine ran the CNN: the active engine (initTfEngine), or its TF.js backend with
   * `fallbackReason` when the engine is "onnx" and this graph does not convert. Record it.
   */
  onEngine?: (used: { name: CnnEngineName; fallbackReason?: string }) => void;
}

/**
 * Runs `model` on every image of `images` ([n, h, w] gray or [n, h, w, 1|3]) and returns one
 * feature matrix per layer, [n, D_layer] float32, keyed by the requested layer name, in one
 * forward pass per batch (all layers' nodes are outputs of the same `execute`). Conv outputs
 * [n, H, W, C] are average-pooled over H and W (D = C); rank-2 outputs are kept ([n, D]).
 * Memory: one batch of tensors at a time, all disposed (tf.memory().numTensors is unchanged).
 */
export async function extractFeatures(
  model: LoadedModel,
  images: NdArray,
  options: ExtractFeaturesOptions = {},
): Promise<Map<string, Matrix32>> {
  const graph = model.graph;
  if (!graph)
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id}: feature extraction needs a graph model, this is a ${model.format}`,
    );
  const selected = selectLayers(model, options.layers);
  const preparation = parsePreparation(options.preparation);
  const input = modelInputSpec(model);
  const preparer = new StimulusPreparer(images, preparation, input, options.colorizer);
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new NtError("BAD_INPUT", `batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const n = preparer.shape.n;
  const onnx = await chooseOnnxRunner(model, selected, options.onEngine);
  // bench/features, onnx at batch 16 / 32 / 64 (MobileNet v1 0.25, 2 cores): 157 / 164 / 168 images/s
  // at load 19, 433 / 401 / 356 at load 9. 32 stays within 5% of the best in both.
  const batchSize = options.batchSize ?? 32;
  const out = new Map<string, Matrix32>();
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    if (onnx) {
      await extractWithOnnx(onnx, preparer, selected, batchSize, out, options.onProgress);
      break;
    }
    const pooled = tf.tidy(() => {
      const x = preparer.batch(start, end);
      return runLayers(model, x, selected);
    });
    try {
      for (const [i, layer] of selected.entries()) {
        const t = pooled[i] as tf.Tensor2D;
        const [rows, cols] = t.shape;
        let m = out.get(layer.name);
        if (!m) {
          m = { rows: n, cols, data: new Float32Array(n * cols) };
          out.set(layer.name, m);
        }
        m.data.set(await t.data<"float32">(), start * cols);
        if (rows !== end - start)
          throw new NtError("INTERNAL", `layer ${layer.name}: ${rows} rows for a batch of ${end - start}`);
      }
    } finally {
      tf.dispose(pooled);
    }
    options.onProgress?.(imagesDone(end, n));
    // Let the event loop breathe between batches (progress output, signals).
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

/**
 * The ONNX runner when the active engine is "onnx" and this graph converts; else undefined (TF.js
 * runs). A conversion failure (NtError ENGINE) is reported through onEngine, never silently.
 */
async function chooseOnnxRunner(
  model: LoadedModel,
  selected: SelectedLayer[],
  onEngine: ExtractFeaturesOptions["onEngine"],
): Promise<OnnxFeatureRunner | undefined> {
  const engine = currentTfEngine();
  if (engine?.name !== "onnx") {
    onEngine?.({ name: engine?.name ?? "cpu" });
    return undefined;
  }
  try {
    const runner = await onnxFeatureRunner(model, selected);
    onEngine?.({ name: "onnx" });
    return runner;
  } catch (error) {
    if (!(error instanceof NtError) || error.code !== "ENGINE") throw error;
    onEngine?.({ name: engine.tfBackend, fallbackReason: error.message });
    return undefined;
  }
}

/**
 * The ONNX path: ONNX Runtime computes batch k on its own threads while JS prepares batch k + 1
 * (preparation is about as costly as inference here, so the overlap pays).
 */
async function extractWithOnnx(
  onnx: OnnxFeatureRunner,
  preparer: StimulusPreparer,
  selected: SelectedLayer[],
  batchSize: number,
  out: Map<string, Matrix32>,
  onProgress: ExtractFeaturesOptions["onProgress"],
): Promise<void> {
  const n = preparer.shape.n;
  // Host arrays straight from FastPreparer: no TF.js tensors on this path (unless a colorizer runs).
  const prepare = (start: number): Float32Array => preparer.batchArray(start, Math.min(n, start + batchSize));
  let next = prepare(0);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const running = onnx.run(next, end - start);
    if (end < n) next = prepare(end);
    const features = await running;
    for (const [i, layer] of selected.entries())
      storeRows(out, layer.name, n, start, features[i] as Float32Array, end - start);
    onProgress?.(imagesDone(end, n));
  }
}

/** Writes rows [start, start + rows) of layer `name`'s [n, D] matrix (D from the values). */
function storeRows(
  out: Map<string, Matrix32>,
  name: string,
  n: number,
  start: number,
  values: Float32Array,
  rows: number,
): void {
  const cols = values.length / rows;
  let m = out.get(name);
  if (!m) {
    m = { rows: n, cols, data: new Float32Array(n * cols) };
    out.set(name, m);
  }
  m.data.set(values, start * cols);
}

/** Input size and value range of a model: from the registry entry, else from the graph's input shape with range [0, 1]. */
export function modelInputSpec(model: LoadedModel): ModelInputSpec {
  if (model.entry) return { size: model.entry.inputSize, range: model.entry.inputRange };
  const shape = model.graph?.inputs[0]?.shape;
  const h = shape?.[1];
  const w = shape?.[2];
  if (h === undefined || w === undefined || h < 1 || w < 1) {
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id}: its input shape [${shape?.join(", ") ?? "?"}] does not fix the image size`,
    );
  }
  return { size: [h, w], range: [0, 1] };
}

/**
 * One forward pass returning each selected node, pooled to [batch, D]. Checks `x` against the
 * model's input shape first (NtError BAD_INPUT naming both shapes). Call inside tf.tidy.
 */
export function runLayers(model: LoadedModel, x: tf.Tensor4D, layers: SelectedLayer[]): tf.Tensor2D[] {
  const graph = model.graph as NonNullable<LoadedModel["graph"]>;
  const expected = graph.inputs[0]?.shape;
  if (
    expected &&
    (expected.length !== x.rank || expected.some((d, i) => i > 0 && d > 0 && d !== x.shape[i]))
  ) {
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id}: input has shape [${x.shape.join(", ")}] but the model expects [${expected.map((d) => (d < 0 ? "N" : d)).join(", ")}]`,
    );
  }
  const outputs = graph.execute(
    x,
    layers.map((l) => l.node),
  );
  const list = Array.isArray(outputs) ? outputs : [outputs];
  return list.map((t, i) => {
    // Global average pool as avgPool over the whole map: tf.mean is ~10x slower on wasm.
    if (t.rank === 4) {
      const [n, h, w, c] = t.shape as [number, number, number, number];
      return tf.reshape(tf.avgPool(t as tf.Tensor4D, [h, w], 1, "valid"), [n, c]) as tf.Tensor2D;
    }
    if (t.rank === 2) return t as tf.Tensor2D;
    throw new NtError(
      "BAD_INPUT",
      `layer ${layers[i]?.name}: output rank ${t.rank} (shape [${t.shape.join(", ")}]) is neither a conv block [N, H, W, C] nor a vector [N, D]`,
    );
  });
}
