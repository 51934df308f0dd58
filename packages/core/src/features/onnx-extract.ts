import type { Matrix32, NdArray, ProgressCallback } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { OnnxModelFile } from "../models/onnx/onnx-file.ts";
import { checkValues, withOutputs, type OutputRequest } from "../models/onnx/onnx-graph.ts";
import { toModelTensor, type ModelInput } from "../models/onnx/onnx-input.ts";
import {
  inputDims,
  probeValues,
  runSession,
  userSession,
  type ProbedValue,
} from "../models/onnx/onnx-session.ts";
import { imagesDone } from "./extract-features.ts";
import { parsePreparation, type Preparation } from "./preparation.ts";
import { StimulusPreparer } from "./prepare-stimuli.ts";

export interface OnnxExtractOptions {
  /** ONNX value names (node outputs or graph outputs), one feature matrix each. */
  layers: readonly string[];
  /** Completed preparation with `modelInput` set. */
  preparation: Preparation;
  /** Images per forward pass (default 32); 1 when the graph fixes the batch at 1. */
  batchSize?: number;
  onProgress?: ProgressCallback;
}

/** How each layer became features: its shape on one image and the rule applied. */
export interface OnnxLayerRecord {
  name: string;
  /** Shape of the value for one image, batch axis first (e.g. [1, 256, 14, 14]). */
  dims: number[];
  /** "spatial-mean-nchw" (mean over axes 2, 3), "spatial-mean-nhwc" (axes 1, 2) or "as-is" ([N, D]). */
  pooling: "spatial-mean-nchw" | "spatial-mean-nhwc" | "as-is";
}

export interface OnnxExtraction {
  features: Map<string, Matrix32>;
  layers: OnnxLayerRecord[];
  /** The batch size that ran (1 when the graph takes no larger batch). */
  batchSize: number;
}

/**
 * Runs an ONNX image model over `images` ([n, h, w] gray or [n, h, w, 1|3]) and returns one [n, D]
 * float32 matrix per requested value: 4-d maps become their mean over height and width (D = C,
 * in the model's layout; the same rule as TF.js conv layers), 2-d values are kept. Requested
 * values are added as graph outputs in memory, pooled inside the graph, so a batch never copies a
 * whole feature map out. Streaming: one prepared batch (plus the next) in memory at a time.
 */
export async function extractOnnxFeatures(
  model: OnnxModelFile,
  images: NdArray,
  options: OnnxExtractOptions,
): Promise<OnnxExtraction> {
  const preparation = parsePreparation(options.preparation);
  const modelInput = preparation.modelInput;
  if (!modelInput)
    throw new NtError("BAD_INPUT", "ONNX extraction needs preparation.modelInput (size, layout, mean, std)");
  const dupes = options.layers.filter((l, i) => options.layers.indexOf(l) !== i);
  if (dupes.length > 0)
    throw new NtError("BAD_INPUT", `layer(s) named twice: ${[...new Set(dupes)].join(", ")}`);
  checkValues(model, options.layers);
  const preparer = new StimulusPreparer(images, preparation, { size: modelInput.size, range: [0, 1] });
  const source: ExtractionSource = { model, preparer, modelInput };
  const n = preparer.shape.n;
  const wanted = options.batchSize ?? 32;
  // NCHW: one session pools any 2-d or 4-d value (Flatten + mean) and reports its shape, so no
  // probe pass is needed. NHWC: a one-image probe tells each value's rank first.
  if (modelInput.layout === "nchw") {
    try {
      return await runPooled(source, {
        requests: options.layers.map((value) => ({ value, flatMean: true, shape: true })),
        batchSize: Math.min(wanted, n),
        onProgress: options.onProgress,
      });
    } catch (error) {
      // A graph traced with a fixed batch of 1 (e.g. a Reshape to [1, -1]) refuses larger batches.
      if (!(error instanceof BatchRefused) || wanted === 1 || n === 1)
        throw error instanceof BatchRefused ? error.cause : error;
      return await runPooled(source, {
        requests: options.layers.map((value) => ({ value, flatMean: true, shape: true })),
        batchSize: 1,
        onProgress: options.onProgress,
      });
    }
  }
  const { probed, batchable } = await probeBatch(model, options.layers, modelInput);
  const records = probed.map((p) => layerRecord(p, modelInput, model.path));
  const requests: OutputRequest[] = records.map((l) => ({
    value: l.name,
    ...(l.pooling === "as-is" ? {} : { meanAxes: [1, 2] }),
  }));
  return runPooled(source, {
    requests,
    batchSize: batchable ? Math.min(wanted, n) : 1,
    onProgress: options.onProgress,
    known: records,
  });
}

/** The first batch failed on onnxruntime: maybe only its size (see extractOnnxFeatures). */
class BatchRefused extends Error {
  constructor(override readonly cause: unknown) {
    super("batch refused");
  }
}

/** The model, its input and the prepared stimuli one extraction reads. */
interface ExtractionSource {
  model: OnnxModelFile;
  preparer: StimulusPreparer;
  modelInput: ModelInput;
}

/** One pooled pass: the outputs asked for, the batch size, progress and the layers when known. */
interface PooledPass {
  requests: OutputRequest[];
  batchSize: number;
  onProgress: OnnxExtractOptions["onProgress"];
  /** Known beforehand (NHWC probe), else read from the Shape outputs of the first batch (NCHW). */
  known?: OnnxLayerRecord[];
}

/** Streams batches through one session with pooled outputs. */
async function runPooled(source: ExtractionSource, pass: PooledPass): Promise<OnnxExtraction> {
  const { model, preparer, modelInput } = source;
  const { requests, batchSize, onProgress, known } = pass;
  const { bytes, outputs, shapes } = withOutputs(model, requests);
  const session = await userSession(bytes, model.path);
  const n = preparer.shape.n;
  let layers = known;
  const features = new Map<string, Matrix32>();
  try {
    // onnxruntime computes batch k on its own threads while JS prepares batch k + 1.
    const prepare = (start: number) => {
      const end = Math.min(n, start + batchSize);
      return toModelTensor(preparer.batchArray(start, end), end - start, modelInput);
    };
    let next = prepare(0);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const running = runSession(
        session,
        { [model.input.name]: { data: next, dims: inputDims(modelInput, end - start) } },
        model.path,
      );
      if (end < n) next = prepare(end);
      let result;
      try {
        result = await running;
      } catch (error) {
        if (start === 0 && batchSize > 1 && error instanceof NtError && error.code === "ENGINE")
          throw new BatchRefused(error);
        throw error;
      }
      if (!layers) {
        const probed = requests.map((r, i) => ({
          name: r.value,
          dims: Array.from((result[shapes[i] as string]?.data ?? []) as ArrayLike<number | bigint>, Number),
          type: "float32",
        }));
        // A value whose batch axis is not the batch (a Reshape to [1, -1] traced at batch 1) mixes images: run them one by one.
        if (batchSize > 1 && probed.some((p) => p.dims[0] !== end - start))
          throw new BatchRefused(
            new Error(
              `value batch axes [${probed.map((p) => p.dims[0]).join(", ")}] for a batch of ${end - start}`,
            ),
          );
        layers = probed.map((p) => layerRecord(p, modelInput, model.path));
      }
      for (const l of layers)
        if (!features.has(l.name))
          features.set(l.name, {
            rows: n,
            cols: featureWidth(l),
            data: new Float32Array(n * featureWidth(l)),
          });
      layers.forEach((l, i) => {
        const m = features.get(l.name) as Matrix32;
        const t = result[outputs[i] as string];
        if (!t || !(t.data instanceof Float32Array) || t.data.length !== (end - start) * m.cols) {
          throw new NtError(
            "INTERNAL",
            `${model.path}: value "${l.name}" came back as [${t?.dims.join(", ") ?? "nothing"}], expected ${(end - start) * m.cols} floats`,
          );
        }
        m.data.set(t.data, start * m.cols);
      });
      onProgress?.(imagesDone(end, n));
    }
  } finally {
    await session.session.release();
  }
  return { features, layers: layers ?? [], batchSize };
}

/** Shapes on 2 images; when the graph refuses a batch of 2 (traced with a fixed batch of 1), on 1. */
async function probeBatch(
  model: OnnxModelFile,
  names: readonly string[],
  modelInput: ModelInput,
): Promise<{ probed: ProbedValue[]; batchable: boolean }> {
  try {
    return { probed: await probeValues(model, names, modelInput, 2), batchable: true };
  } catch (error) {
    if (!(error instanceof NtError) || error.code !== "ENGINE") throw error;
    return { probed: await probeValues(model, names, modelInput, 1), batchable: false };
  }
}

function layerRecord(p: ProbedValue, modelInput: ModelInput, where: string): OnnxLayerRecord {
  const dims = [1, ...p.dims.slice(1)];
  if (p.dims.length === 4)
    return {
      name: p.name,
      dims,
      pooling: modelInput.layout === "nchw" ? "spatial-mean-nchw" : "spatial-mean-nhwc",
    };
  if (p.dims.length === 2) return { name: p.name, dims, pooling: "as-is" };
  throw new NtError(
    "BAD_INPUT",
    `${where}: value "${p.name}" has shape [${dims.join(", ")}]; features come from [N, C, H, W] maps (spatial mean) or [N, D] vectors`,
  );
}

/** D of a layer's features: channels of a pooled map, width of a vector. */
export function featureWidth(l: OnnxLayerRecord): number {
  const d =
    l.pooling === "spatial-mean-nchw" ? l.dims[1] : l.pooling === "spatial-mean-nhwc" ? l.dims[3] : l.dims[1];
  return d as number;
}

/** The records `extractOnnxFeatures` would make for `names`, from one gray image (shape and pooling rule). */
export async function probeOnnxLayers(
  model: OnnxModelFile,
  names: readonly string[],
  modelInput: ModelInput,
): Promise<OnnxLayerRecord[]> {
  checkValues(model, names);
  const probed = await probeValues(model, names, modelInput, 1);
  return probed.map((p) => layerRecord(p, modelInput, model.path));
}
