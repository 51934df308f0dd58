import { selectLinalgBackend } from "../linalg/select.ts";
import { probeJsLinalg, probeNativeLinalg, type ProbeLinalgOptions } from "./probe-linalg.ts";
import { probeTfjsEngines } from "./probe-tfjs.ts";
import type { EngineReport } from "./report.ts";

/**
 * `neurotranslator doctor`: every compute engine this machine has, whether it works, which one
 * "auto" selects, and measured speed. Linear algebra: native OpenBLAS (sgemm 1024³, dsyevd
 * 1000 × 1000) and pure JS (smaller sizes); CNN inference: TF.js tfjs-node, ONNX Runtime, TF.js wasm, cpu (matMul).
 * Takes a few seconds in total.
 */
export async function probeEngines(options: ProbeLinalgOptions = {}): Promise<EngineReport[]> {
  const autoLinalg = selectLinalgBackend().name;
  const native = await probeNativeLinalg(autoLinalg === "native-openblas", options);
  const js = await probeJsLinalg(autoLinalg === "js");
  const cnn = await probeTfjsEngines();
  return [native, js, ...cnn];
}
