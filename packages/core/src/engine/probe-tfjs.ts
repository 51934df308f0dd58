import { tf } from "../features/tf-core.ts";
import { CNN_ENGINES, TF_ENGINES, initTfEngine } from "../features/tf-engine.ts";
import type { CnnEngineName, TfEngineName } from "../features/tf-engine.ts";
import { probeOnnxEngine } from "./probe-onnx.ts";
import type { EngineReport } from "./report.ts";
import { bestTime, gemmMeasurement } from "./timing.ts";

/** matMul sizes per engine, so each probe takes well under a second. */
const MATMUL_SIZE: Record<TfEngineName, number> = { "tfjs-node": 1024, wasm: 512, cpu: 256 };

const INSTALL_NOTE: Record<TfEngineName, string> = {
  "tfjs-node":
    "optional @tensorflow/tfjs-node is not installed or its native part did not build (it downloads libtensorflow; needs internet at install)",
  wasm: "@tensorflow/tfjs-backend-wasm did not start",
  cpu: "@tensorflow/tfjs-backend-cpu did not start",
};

/** fp32 matMul n³ on the active TF.js backend; reads the result back so the time is real. */
async function timeMatMul(n: number): Promise<number> {
  const a = tf.randomUniform([n, n], -0.5, 0.5, "float32", 1);
  const b = tf.randomUniform([n, n], -0.5, 0.5, "float32", 2);
  try {
    return await bestTime(async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    });
  } finally {
    a.dispose();
    b.dispose();
  }
}

/**
 * Each CNN engine in CNN_ENGINES order (tfjs-node, onnx, wasm, cpu): does it start, SIMD/threads,
 * and measured matMul GFLOP/s. The first available is selected, as `initTfEngine()` ("auto")
 * would, and left active.
 */
export async function probeTfjsEngines(): Promise<EngineReport[]> {
  const reports: EngineReport[] = [];
  for (const name of TF_ENGINES) {
    const id = `cnn/${name}`;
    try {
      const info = await initTfEngine({ prefer: name });
      const n = MATMUL_SIZE[name];
      const seconds = await timeMatMul(n);
      const description =
        name === "wasm"
          ? `TF.js wasm (${info.simd ? "SIMD" : "no SIMD"}, ${info.threads} thread${info.threads === 1 ? "" : "s"})`
          : `TF.js ${name}`;
      reports.push({
        id,
        purpose: "cnn",
        available: true,
        selected: false,
        description,
        note: null,
        details: { simd: info.simd, threads: info.threads },
        measurements: [gemmMeasurement("matMul", n, n, n, seconds)],
      });
    } catch (error) {
      const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
      reports.push({
        id,
        purpose: "cnn",
        available: false,
        selected: false,
        description: `TF.js ${name}`,
        note: `${INSTALL_NOTE[name]}: ${why}`,
        details: {},
        measurements: [],
      });
    }
  }
  const onnx = await probeOnnxEngine();
  // TF_ENGINES is CNN_ENGINES without "onnx": put it at its rank.
  reports.splice(CNN_ENGINES.indexOf("onnx"), 0, onnx);
  const best = reports.find((r) => r.available);
  if (best !== undefined) {
    best.selected = true;
    await initTfEngine({ prefer: best.id.slice("cnn/".length) as CnnEngineName });
  }
  return reports;
}
