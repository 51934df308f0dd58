import { OnnxGraphBuilder } from "../features/onnx/onnx-builder.ts";
import { createOnnxSession, loadOnnxRuntime, onnxThreads } from "../features/onnx/onnx-runtime.ts";
import type { EngineReport } from "./report.ts";
import { bestTime, gemmMeasurement } from "./timing.ts";

/** fp32 MatMul size: ~0.27 GFLOP per call, a few ms on a multi-core machine. */
const SIZE = 512;

/**
 * The ONNX CNN engine (onnxruntime-node, optional): does it load, its threads, and measured fp32
 * MatMul GFLOP/s through a one-node ONNX graph (the same session settings the CNN runs with).
 * Not selected here: probeTfjsEngines decides the selection over all CNN engines.
 */
export async function probeOnnxEngine(): Promise<EngineReport> {
  const id = "cnn/onnx";
  try {
    const ort = await loadOnnxRuntime();
    const b = new Float32Array(SIZE * SIZE).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const graph = new OnnxGraphBuilder();
    graph.input({ name: "a", dims: [SIZE, SIZE] });
    const bName = graph.floatConst("b", [SIZE, SIZE], b);
    graph.node("MatMul", ["a", bName], ["c"]);
    graph.output({ name: "c", dims: [SIZE, SIZE] });
    const session = await createOnnxSession(ort, graph.toBytes("doctor-matmul"));
    const a = new ort.Tensor("float32", b.slice(), [SIZE, SIZE]);
    try {
      const seconds = await bestTime(() => session.run({ a }));
      const threads = onnxThreads();
      return {
        id,
        purpose: "cnn",
        available: true,
        selected: false,
        description: `ONNX Runtime (onnxruntime-node, ${threads} threads)`,
        note: null,
        details: { threads },
        measurements: [gemmMeasurement("matMul", SIZE, SIZE, SIZE, seconds)],
      };
    } finally {
      await session.release();
    }
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      id,
      purpose: "cnn",
      available: false,
      selected: false,
      description: "ONNX Runtime (onnxruntime-node)",
      note: `optional onnxruntime-node is not installed or did not load: ${why}`,
      details: {},
      measurements: [],
    };
  }
}
