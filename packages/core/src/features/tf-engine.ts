import { tf } from "./tf-core.ts";
import "@tensorflow/tfjs-backend-cpu";
import { NtError } from "@neurotranslator/schema";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { loadOnnxRuntime, onnxThreads } from "./onnx/onnx-runtime.ts";
import { importOptional } from "./optional-package.ts";

/** The TF.js backends we can run, best first. */
export const TF_ENGINES = ["tfjs-node", "wasm", "cpu"] as const;
export type TfEngineName = (typeof TF_ENGINES)[number];

/**
 * The CNN engines, best first: the TF.js backends plus "onnx" (the graph converted to ONNX and run
 * on onnxruntime-node, multi-threaded; ~5-10x wasm here), which ranks below tfjs-node.
 */
export const CNN_ENGINES = ["tfjs-node", "onnx", "wasm", "cpu"] as const;
export type CnnEngineName = (typeof CNN_ENGINES)[number];

/** What `initTfEngine` settled on; record it with results (it changes speed, not values beyond ~1e-5). */
export interface TfEngineInfo {
  name: CnnEngineName;
  /**
   * The TF.js backend that is active: it prepares stimuli, and runs the CNN unless name is "onnx"
   * (then it is also the fallback for graphs the ONNX converter does not support).
   */
  tfBackend: TfEngineName;
  /** wasm only: whether the SIMD build runs. */
  simd: boolean;
  /** Threads the engine computes with (wasm: 1 unless the threaded build could start; onnx: all cores). */
  threads: number;
}

export interface InitTfEngineOptions {
  /**
   * "auto" (default) tries tfjs-node, then onnx, then wasm, then cpu and takes the first that starts.
   * A named engine must start, else NtError ENGINE (no silent fallback).
   */
  prefer?: "auto" | CnnEngineName;
}

const require = createRequire(import.meta.url);
let current: TfEngineInfo | undefined;
// Whether `current` came from "auto": a forced engine (benchmarks, probes) must not stick to later "auto" calls.
let currentIsAuto = false;

/**
 * Chooses and starts the TF.js backend: the one place that does so. Idempotent for the same
 * choice. `tf.setBackend` returns false instead of throwing when a backend fails, so each
 * attempt's result is checked and `tf.getBackend()` confirmed.
 */
export async function initTfEngine(options: InitTfEngineOptions = {}): Promise<TfEngineInfo> {
  const prefer = options.prefer ?? "auto";
  if (current && ((prefer === "auto" && currentIsAuto) || prefer === current.name)) return current;
  const order: CnnEngineName[] = prefer === "auto" ? [...CNN_ENGINES] : [prefer];
  const failures: string[] = [];
  for (const name of order) {
    try {
      const info = await startEngine(name);
      current = info;
      currentIsAuto = prefer === "auto";
      return info;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new NtError(
    "ENGINE",
    `no CNN engine could start (tried ${order.join(", ")}): ${failures.join("; ")}`,
  );
}

/** The engine started last, if any. */
export function currentTfEngine(): TfEngineInfo | undefined {
  return current;
}

async function startEngine(name: CnnEngineName): Promise<TfEngineInfo> {
  if (name === "onnx") {
    await loadOnnxRuntime();
    // Stimulus preparation (and the fallback for unconvertible graphs) stays on TF.js: the best JS backend.
    const tfInfo = await startEngine("wasm").catch(() => startEngine("cpu"));
    return { name, tfBackend: tfInfo.tfBackend, simd: tfInfo.simd, threads: onnxThreads() };
  }
  if (name === "tfjs-node") {
    // Optional dependency: it registers the "tensorflow" backend on import when its native part exists.
    await importOptional("@tensorflow/tfjs-node");
    await setBackendChecked("tensorflow");
    return { name, tfBackend: name, simd: false, threads: 0 };
  }
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // In Node the .wasm files are read from disk: point the loader at the package's dist folder.
    const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
    wasm.setWasmPaths(`${dist}/`);
    await setBackendChecked("wasm");
    const simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    return { name, tfBackend: name, simd, threads: wasm.getThreadsCount() };
  }
  await setBackendChecked("cpu");
  return { name, tfBackend: name, simd: false, threads: 1 };
}

async function setBackendChecked(backend: string): Promise<void> {
  if (tf.findBackendFactory(backend) === null) throw new Error(`backend "${backend}" is not registered`);
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tf.setBackend("${backend}") failed; active backend is "${tf.getBackend()}"`);
  }
}
