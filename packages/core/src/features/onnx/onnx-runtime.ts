import { NtError } from "@neurotranslator/schema";
import { availableParallelism } from "node:os";
import { importOptional } from "../optional-package.ts";

/** The slice of onnxruntime-node we use (it is an optional dependency, so its types are not imported). */
export interface OrtTensor {
  data: unknown;
  dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
}

let loaded: Promise<OrtModule> | undefined;

/**
 * Imports onnxruntime-node (optional dependency with bundled CPU binaries). NtError ENGINE when
 * it is not installed or its native binding does not load.
 */
export function loadOnnxRuntime(): Promise<OrtModule> {
  loaded ??= importOptional<{ default?: OrtModule } & Partial<OrtModule>>("onnxruntime-node").then(
    (m: { default?: OrtModule } & Partial<OrtModule>) =>
      m.InferenceSession ? (m as OrtModule) : (m.default as OrtModule),
    (error: unknown) => {
      loaded = undefined;
      throw new NtError(
        "ENGINE",
        `onnxruntime-node did not load (optional dependency; not installed or its native binding failed): ${(error as Error).message}`,
        { cause: error },
      );
    },
  );
  return loaded;
}

/** Threads ONNX Runtime computes with: every core this process may use. */
export function onnxThreads(): number {
  return availableParallelism();
}

/** A CPU session over `bytes` with `onnxThreads()` intra-op threads and all graph optimisations (Conv+Add+Clip fusion). */
export async function createOnnxSession(ort: OrtModule, bytes: Uint8Array): Promise<OrtSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: ["cpu"],
      intraOpNumThreads: onnxThreads(),
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (error) {
    throw new NtError(
      "ENGINE",
      `onnxruntime-node rejected the converted model: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
