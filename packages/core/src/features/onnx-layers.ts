import type { OnnxModelFile } from "../models/onnx/onnx-file.ts";
import { graphValues } from "../models/onnx/onnx-graph.ts";
import type { ModelInput } from "../models/onnx/onnx-input.ts";
import { probeValues } from "../models/onnx/onnx-session.ts";

/** A value `features extract --layers` can take, with its shape on one image. */
export interface OnnxLayerCandidate {
  name: string;
  /** The op computing it (Conv, Relu, Gemm, ...). */
  op: string;
  /** Shape for one image, batch first. */
  dims: number[];
  /** A 4-d map, extracted as its spatial mean (D = channels). */
  spatial: boolean;
  /** Feature width D it would give. */
  dim: number;
  /** A declared graph output (e.g. the logits). */
  graphOutput: boolean;
}

/**
 * Every float value of the graph that can become features (4-d maps and 2-d vectors), in graph
 * order, found by running one gray image with every node output as a graph output.
 */
export async function listOnnxLayers(
  model: OnnxModelFile,
  modelInput: ModelInput,
): Promise<OnnxLayerCandidate[]> {
  const values = graphValues(model);
  const probed = await probeValues(
    model,
    values.map((v) => v.name),
    modelInput,
    1,
  );
  const outputs = new Set(model.outputs);
  const out: OnnxLayerCandidate[] = [];
  probed.forEach((p, i) => {
    if (p.type !== "float32" || (p.dims.length !== 4 && p.dims.length !== 2)) return;
    const spatial = p.dims.length === 4;
    const dim = spatial ? (modelInput.layout === "nchw" ? p.dims[1] : p.dims[3]) : p.dims[1];
    out.push({
      name: p.name,
      op: values[i]?.op ?? "?",
      dims: p.dims,
      spatial,
      dim: dim as number,
      graphOutput: outputs.has(p.name),
    });
  });
  return out;
}
