import { NtError } from "@neurotranslator/schema";
import { OnnxGraphBuilder } from "./onnx-builder.ts";
import { OP_CONVERTERS } from "./convert-ops.ts";
import { unsupported, type TensorValue, type Value } from "./conversion-context.ts";
import { attrShape, dataInputs, type TfNode } from "./tf-node.ts";

/** A weight of the TF graph: shape and row-major values. */
export interface TfWeight {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** A converted graph: the ONNX bytes and how its input and outputs map to the TF nodes. */
export interface OnnxConversion {
  bytes: Uint8Array;
  /** The ONNX input (the TF Placeholder's name), fed NHWC float32 [N, H, W, C]. */
  input: { name: string; shape: number[] };
  /** One per requested node, in request order: ONNX output name and width D of its [N, D] value. */
  outputs: Array<{ node: string; onnx: string; dim: number }>;
}

/**
 * Converts the part of a TF.js graph model (`modelTopology.node`) that the requested nodes depend
 * on into an ONNX model (opset 13, NCHW). The NHWC input is transposed once; every requested
 * node becomes an output pooled to [N, D]: conv maps [N, H, W, C] by GlobalAveragePool (D = C),
 * vectors [N, D] as they are. Ops outside OP_CONVERTERS, or shapes the converter cannot follow,
 * throw NtError ENGINE naming the node and op (callers then run the graph on TF.js).
 */
export function convertTfGraphToOnnx(
  nodes: readonly TfNode[],
  weights: ReadonlyMap<string, TfWeight>,
  requested: readonly string[],
): OnnxConversion {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const builder = new OnnxGraphBuilder();
  const values = new Map<string, Value>();
  let input: OnnxConversion["input"] | undefined;

  const visit = (name: string, path: string[]): Value => {
    const done = values.get(name);
    if (done) return done;
    const node = byName.get(name);
    if (!node)
      throw new NtError(
        "ENGINE",
        `ONNX conversion: node "${name}" (needed by "${path.at(-1) ?? name}") is not in the graph`,
      );
    if (path.includes(name))
      throw new NtError("ENGINE", `ONNX conversion: the graph has a cycle through "${name}"`);
    let value: Value;
    if (node.op === "Const") {
      const w = weights.get(name);
      if (!w) throw unsupported(node, "constant has no value in the weights");
      value = { kind: "const", name, shape: w.shape, data: w.data };
    } else if (node.op === "Placeholder") {
      if (input) throw unsupported(node, `a second graph input (the first is "${input.name}")`);
      value = convertInput(builder, node);
      input = { name, shape: value.shape };
    } else {
      const convert = OP_CONVERTERS[node.op];
      if (!convert)
        throw unsupported(
          node,
          `op ${node.op} is not supported (supported: ${Object.keys(OP_CONVERTERS).join(", ")})`,
        );
      const inputs = dataInputs(node).map((i) => visit(i, [...path, name]));
      value = convert({ builder, node, inputs });
    }
    values.set(name, value);
    return value;
  };

  const outputs = requested.map((name, i) => {
    const v = visit(name, []);
    if (v.kind !== "tensor")
      throw new NtError("ENGINE", `ONNX conversion: requested node "${name}" is a constant, not a layer`);
    return emitOutput(builder, v, name, `feature_${i}`);
  });
  if (!input)
    throw new NtError(
      "ENGINE",
      `ONNX conversion: the requested nodes do not depend on any Placeholder input`,
    );
  builder.input({ name: input.name, dims: input.shape });
  return { bytes: builder.toBytes("tfjs_graph"), input, outputs };
}

/** The NHWC Placeholder -> one Transpose to NCHW. Spatial size must be fixed (padding depends on it). */
function convertInput(builder: OnnxGraphBuilder, node: TfNode): TensorValue {
  const dtype = node.attr?.["dtype"]?.type;
  if (dtype !== undefined && dtype !== "DT_FLOAT")
    throw unsupported(node, `input dtype ${dtype} (only DT_FLOAT)`);
  const shape = attrShape(node, "shape");
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => d < 1)) {
    throw unsupported(
      node,
      `input shape [${shape?.join(", ") ?? "?"}] is not NHWC with a fixed height, width and channels`,
    );
  }
  const nchw = builder.fresh(`${node.name}/nchw`);
  builder.node("Transpose", [node.name], [nchw], { perm: [0, 3, 1, 2] });
  return { kind: "tensor", onnx: nchw, shape: [-1, ...shape.slice(1)] };
}

/** A requested value as an [N, D] graph output: rank 4 -> GlobalAveragePool + Flatten; rank 2 as is. */
function emitOutput(
  builder: OnnxGraphBuilder,
  v: TensorValue,
  node: string,
  name: string,
): OnnxConversion["outputs"][number] {
  if (v.shape.length === 4) {
    const pooled = builder.fresh(`${node}/gap`);
    builder.node("GlobalAveragePool", [v.onnx], [pooled]);
    builder.node("Flatten", [pooled], [name], { axis: 1 });
  } else if (v.shape.length === 2) {
    builder.node("Identity", [v.onnx], [name]);
  } else {
    throw new NtError(
      "ENGINE",
      `ONNX conversion: requested node "${node}" has rank ${v.shape.length} (shape [${v.shape.join(", ")}]); layers must be [N, H, W, C] or [N, D]`,
    );
  }
  const dim = v.shape[v.shape.length - 1] as number;
  builder.output({ name, dims: ["N", dim] });
  return { node, onnx: name, dim };
}
