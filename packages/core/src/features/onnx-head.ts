import { graphOf, type OnnxModelFile } from "../models/onnx/onnx-file.ts";
import { cutSubgraph } from "../models/onnx/onnx-graph.ts";
import { runSession, userSession } from "../models/onnx/onnx-session.ts";
import { makeHead, type ClassifierHead } from "./classifier-head.ts";
import type { OnnxLayerRecord } from "./onnx-extract.ts";

/** The head, the logits it ends at, or why a layer has none. */
export type OnnxHeadChoice = { head: ClassifierHead; logits: string } | { skipped: string };

const PASS_THROUGH = new Set(["Softmax", "LogSoftmax"]);
/** Ops that make a head non-affine: a cut through one of them is refused before it runs. */
const NONLINEAR = new Set([
  "Relu",
  "Clip",
  "Sigmoid",
  "Tanh",
  "LeakyRelu",
  "PRelu",
  "Elu",
  "Selu",
  "Celu",
  "HardSigmoid",
  "HardSwish",
  "Gelu",
  "Softplus",
  "Mish",
  "Erf",
  "Exp",
  "Log",
  "Pow",
  "Sqrt",
  "Abs",
  "Max",
  "Min",
  "MaxPool",
  "Softmax",
  "LogSoftmax",
  "LRN",
]);

/**
 * The classifier head of an ONNX model as seen from `layer` (e.g. ResNet's pooled vector feeding
 * its final Gemm): the subgraph from `layer` to a graph output (the logits, or the input of a
 * final Softmax) is cut out and run on the zero vector and the D unit vectors, which gives W
 * [D, C] and b [C] when the head is affine; three random vectors check that it is (to 1e-3
 * relative). A 4-d layer is fed as a [C, 1, 1] map (its spatial mean; exact when the head starts
 * with global pooling). 1001 logits drop the first (MobileNet's background class); `labels`
 * (ImageNet-1k names) apply to 1000 classes.
 */
export async function onnxClassifierHead(
  model: OnnxModelFile,
  layer: OnnxLayerRecord,
  labels?: string[],
): Promise<OnnxHeadChoice> {
  const graph = graphOf(model);
  const producer = new Map<string, string>();
  for (const node of graph.node) for (const o of node.output ?? []) producer.set(o, node.opType ?? "");
  const d =
    layer.pooling === "spatial-mean-nchw"
      ? layer.dims[1]
      : layer.pooling === "spatial-mean-nhwc"
        ? layer.dims[3]
        : layer.dims[1];
  const dim = d as number;
  const featureDims =
    layer.pooling === "spatial-mean-nchw"
      ? [dim, 1, 1]
      : layer.pooling === "spatial-mean-nhwc"
        ? [1, 1, dim]
        : [dim];
  const reasons: string[] = [];
  for (const output of model.outputs) {
    const node = graph.node.find((n) => n.output?.includes(output));
    const logits = node && PASS_THROUGH.has(node.opType ?? "") ? (node.input?.[0] as string) : output;
    if (logits === layer.name)
      return {
        skipped: `layer "${layer.name}" is the model's output itself, not the input of its classifier head`,
      };
    const cut = cutSubgraph(model, layer.name, logits, ["N", ...featureDims]);
    if ("reason" in cut) {
      reasons.push(cut.reason);
      continue;
    }
    const nonlinear = cut.ops.find((op) => NONLINEAR.has(op));
    if (nonlinear)
      return {
        skipped: `layer "${layer.name}" -> "${logits}": the head is not affine (it passes through ${nonlinear})`,
      };
    const fitted = await affineHead(
      cut.bytes,
      layer.name,
      dim,
      featureDims,
      `${model.path} (head ${layer.name} -> ${logits})`,
    );
    if ("reason" in fitted) return { skipped: `layer "${layer.name}" -> "${logits}": ${fitted.reason}` };
    const { w, b, c } = fitted;
    const offset = c === 1001 ? 1 : 0;
    const head = makeHead(w, b, dim, c, offset, c - offset === 1000 ? labels : undefined);
    return { head, logits };
  }
  return { skipped: `layer "${layer.name}" does not feed the classifier alone (${reasons.join("; ")})` };
}

/**
 * Why `layer` cannot be a head input, judged from the graph alone (no run): every path from it to
 * a graph output passes through a nonlinear op, or none exists. Undefined when it may be one.
 */
export function onnxHeadBlocker(model: OnnxModelFile, layer: string): string | undefined {
  const graph = graphOf(model);
  const reasons: string[] = [];
  for (const output of model.outputs) {
    const node = graph.node.find((n) => n.output?.includes(output));
    const logits = node && PASS_THROUGH.has(node.opType ?? "") ? (node.input?.[0] as string) : output;
    if (logits === layer)
      return `layer "${layer}" is the model's output itself, not the input of its classifier head`;
    const cut = cutSubgraph(model, layer, logits, ["N"]);
    if ("reason" in cut) {
      reasons.push(cut.reason);
      continue;
    }
    const nonlinear = cut.ops.find((op) => NONLINEAR.has(op));
    if (!nonlinear) return undefined;
    reasons.push(`the head from it to "${logits}" is not affine (it passes through ${nonlinear})`);
  }
  return `layer "${layer}" does not feed the classifier alone (${reasons.join("; ")})`;
}

async function affineHead(
  bytes: Uint8Array,
  input: string,
  d: number,
  featureDims: number[],
  where: string,
): Promise<{ w: Float32Array; b: Float32Array; c: number } | { reason: string }> {
  const s = await userSession(bytes, where);
  try {
    // Rows: 0 = zeros, 1..d = unit vectors, then 3 random checks.
    const rows = d + 4;
    const x = new Float32Array(rows * d);
    for (let k = 0; k < d; k++) x[(k + 1) * d + k] = 1;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    for (let r = d + 1; r < rows; r++) for (let k = 0; k < d; k++) x[r * d + k] = random();
    const result = await runSession(s, { [input]: { data: x, dims: [rows, ...featureDims] } }, where);
    const out = Object.values(result)[0];
    if (!out || !(out.data instanceof Float32Array) || out.dims.length !== 2 || out.dims[0] !== rows) {
      return { reason: `the head's output has shape [${out?.dims.join(", ") ?? "?"}], not [N, classes]` };
    }
    const c = Number(out.dims[1]);
    const y = out.data;
    const b = y.slice(0, c);
    const w = new Float32Array(d * c);
    for (let k = 0; k < d; k++)
      for (let j = 0; j < c; j++) w[k * c + j] = (y[(k + 1) * c + j] as number) - (b[j] as number);
    let err = 0;
    let scale = 0;
    for (let r = d + 1; r < rows; r++) {
      for (let j = 0; j < c; j++) {
        let z = b[j] as number;
        for (let k = 0; k < d; k++) z += (x[r * d + k] as number) * (w[k * c + j] as number);
        const v = y[r * c + j] as number;
        err = Math.max(err, Math.abs(z - v));
        scale = Math.max(scale, Math.abs(v));
      }
    }
    if (!(err <= 1e-3 * Math.max(scale, 1e-12)))
      return {
        reason: `the head is not affine (a linear fit misses random inputs by ${(err / scale).toExponential(1)} relative: hidden layers with a nonlinearity?)`,
      };
    return { w, b, c };
  } finally {
    await s.session.release();
  }
}
