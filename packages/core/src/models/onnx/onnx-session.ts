import { NtError } from "@neurotranslator/schema";
import {
  loadOnnxRuntime,
  onnxThreads,
  type OrtModule,
  type OrtSession,
  type OrtTensor,
} from "../../features/onnx/onnx-runtime.ts";
import { firstLine, type OnnxModelFile } from "./onnx-file.ts";
import { withOutputs, type OutputRequest } from "./onnx-graph.ts";
import { toModelTensor, type ModelInput } from "./onnx-input.ts";

/** A session over a user's model (or a part of it) and the runtime it came from. */
export interface UserSession {
  ort: OrtModule;
  session: OrtSession;
}

/**
 * A CPU session over `bytes`; `where` names the model. onnxruntime's refusal (an op it has no
 * kernel for, a malformed graph) becomes one line: NtError ENGINE "onnxruntime cannot run ...".
 */
export async function userSession(bytes: Uint8Array, where: string): Promise<UserSession> {
  const ort = await loadOnnxRuntime();
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ["cpu"],
      intraOpNumThreads: onnxThreads(),
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      // Warnings (e.g. declared output shapes that differ from a larger batch) stay off stderr.
      logSeverityLevel: 3,
    });
    return { ort, session };
  } catch (error) {
    throw new NtError("ENGINE", `onnxruntime cannot run ${where}: ${firstLine((error as Error).message)}`, {
      cause: error,
    });
  }
}

/** Runs `input` (already in the model's layout) and returns the named outputs. ENGINE error naming the model on failure. */
export async function runSession(
  s: UserSession,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  where: string,
): Promise<Record<string, OrtTensor>> {
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([k, v]) => [k, new s.ort.Tensor("float32", v.data, v.dims)]),
  );
  try {
    return await s.session.run(tensors);
  } catch (error) {
    throw new NtError("ENGINE", `onnxruntime failed on ${where}: ${firstLine((error as Error).message)}`, {
      cause: error,
    });
  }
}

/** Input dims for n images under `modelInput`. */
export function inputDims(modelInput: ModelInput, n: number): number[] {
  const [h, w] = modelInput.size;
  return modelInput.layout === "nchw" ? [n, 3, h, w] : [n, h, w, 3];
}

/** n mid-gray images (0.5 in every channel before normalisation) as the model's tensor. */
export function grayImages(modelInput: ModelInput, n: number): Float32Array {
  const [h, w] = modelInput.size;
  return toModelTensor(new Float32Array(n * h * w * 3).fill(0.5), n, modelInput);
}

/** A value's shape from a probe: dims with the batch first. */
export interface ProbedValue {
  name: string;
  dims: number[];
  /** Element type as onnxruntime reports it ("float32", "int64", ...). */
  type: string;
}

/**
 * Runs the model on `n` gray images with `names` as outputs and returns their shapes (batch
 * first). With n = 2 this also tells whether the graph takes batches larger than one.
 */
export async function probeValues(
  model: OnnxModelFile,
  names: readonly string[],
  modelInput: ModelInput,
  n = 1,
): Promise<ProbedValue[]> {
  const requests: OutputRequest[] = names.map((value) => ({ value }));
  const { bytes, outputs } = withOutputs(model, requests);
  const s = await userSession(bytes, model.path);
  try {
    const result = await runSession(
      s,
      { [model.input.name]: { data: grayImages(modelInput, n), dims: inputDims(modelInput, n) } },
      model.path,
    );
    return names.map((name, i) => {
      const t = result[outputs[i] as string] as (OrtTensor & { type?: string }) | undefined;
      return { name, dims: [...(t?.dims ?? [])].map(Number), type: t?.type ?? "unknown" };
    });
  } finally {
    await s.session.release();
  }
}
