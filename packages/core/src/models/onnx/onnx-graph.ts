import onnxProto from "onnx-proto";
import { NtError } from "@neurotranslator/schema";
import type { NodeProto, OnnxModelFile } from "./onnx-file.ts";

const { onnx } = onnxProto;
type ValueInfo = onnxProto.onnx.IValueInfoProto;

/** A value a user may extract: a node output (or the graph input's consumers' outputs), with the op that makes it. */
export interface OnnxValue {
  name: string;
  op: string;
}

/** Every tensor the graph computes (node outputs, in node order), and which op computes it. */
export function graphValues(model: OnnxModelFile): OnnxValue[] {
  const out: OnnxValue[] = [];
  for (const node of model.proto.graph?.node ?? []) {
    for (const name of node.output ?? []) if (name) out.push({ name, op: node.opType ?? "?" });
  }
  return out;
}

/**
 * An extra output: a value as it is, its mean over `axes`, or (`flatMean`) Flatten(axis 2) then the
 * mean over the last axis, which is the spatial mean of an [N, C, H, W] map and the identity on
 * [N, D] (N x C values either way), so it needs no rank known beforehand. `shape` adds the
 * value's Shape as a second output.
 */
export interface OutputRequest {
  value: string;
  meanAxes?: number[];
  flatMean?: boolean;
  shape?: boolean;
}

/**
 * The model with `requests` as its only outputs, re-serialised in memory (the user's file is never
 * written). Pooled requests get a ReduceMean node (axes as an attribute before opset 18, as an
 * input from 18 on). The batch axis of the input and every declared output is made symbolic, so
 * exports traced with batch 1 take larger batches where their ops allow. Returns the bytes and
 * the output name of each request, in order.
 */
export function withOutputs(
  model: OnnxModelFile,
  requests: readonly OutputRequest[],
): { bytes: Uint8Array; outputs: string[]; shapes: Array<string | undefined> } {
  const graph = model.proto.graph as onnxProto.onnx.GraphProto;
  checkValues(
    model,
    requests.map((r) => r.value),
  );
  const nodes: NodeProto[] = [...graph.node];
  const initializers = [...graph.initializer];
  const outputs: string[] = [];
  const shapes: Array<string | undefined> = [];
  const T = onnx.AttributeProto.AttributeType;
  const reduceMean = (input: string, axes: number[], name: string) => {
    if (model.opset >= 18) {
      const axesName = `${name}__axes`;
      initializers.push(
        onnx.TensorProto.create({
          name: axesName,
          dims: [axes.length],
          dataType: onnx.TensorProto.DataType.INT64,
          int64Data: axes,
        }),
      );
      nodes.push({
        opType: "ReduceMean",
        input: [input, axesName],
        output: [name],
        name,
        attribute: [{ name: "keepdims", type: T.INT, i: 0 }],
      });
    } else {
      nodes.push({
        opType: "ReduceMean",
        input: [input],
        output: [name],
        name,
        attribute: [
          { name: "axes", type: T.INTS, ints: axes },
          { name: "keepdims", type: T.INT, i: 0 },
        ],
      });
    }
  };
  requests.forEach((r, i) => {
    if (r.shape) {
      const shape = `${r.value}__nt_shape_${i}`;
      nodes.push({ opType: "Shape", input: [r.value], output: [shape], name: shape });
      shapes.push(shape);
    } else {
      shapes.push(undefined);
    }
    const name = `${r.value}__nt_mean_${i}`;
    if (r.flatMean) {
      const flat = `${r.value}__nt_flat_${i}`;
      nodes.push({
        opType: "Flatten",
        input: [r.value],
        output: [flat],
        name: flat,
        attribute: [{ name: "axis", type: T.INT, i: 2 }],
      });
      reduceMean(flat, [1], name);
    } else if (r.meanAxes) {
      reduceMean(r.value, r.meanAxes, name);
    } else {
      outputs.push(r.value);
      return;
    }
    outputs.push(name);
  });
  const declared = new Map(graph.output.map((o) => [o.name, o]));
  const edited = onnx.ModelProto.create({
    ...model.proto,
    graph: {
      ...graph,
      node: nodes,
      initializer: initializers,
      input: graph.input.map((v) => (v.name === model.input.name ? symbolicBatch(v) : v)),
      // Untyped outputs: onnxruntime infers the type of an intermediate value.
      output: [...new Set([...outputs, ...shapes.filter((x): x is string => x !== undefined)])].map((name) =>
        declared.has(name) ? symbolicBatch(declared.get(name) as ValueInfo) : { name },
      ),
      valueInfo: graph.valueInfo.map(symbolicBatch),
    },
  });
  return { bytes: onnx.ModelProto.encode(edited).finish(), outputs, shapes };
}

/** NtError NOT_FOUND for names no node computes, listing a few that exist. */
export function checkValues(model: OnnxModelFile, names: readonly string[]): void {
  const values = graphValues(model);
  const known = new Set(values.map((v) => v.name));
  const missing = names.filter((n) => !known.has(n));
  if (missing.length === 0) return;
  const examples = values.slice(-6).map((v) => v.name);
  throw new NtError(
    "NOT_FOUND",
    `${model.path}: no value ${missing.map((m) => `"${m}"`).join(", ")} in the graph (it computes ${values.length} values, e.g. ${examples.join(", ")}); \`features layers --model ${model.path}\` lists them with their shapes`,
    { details: { missing } },
  );
}

function symbolicBatch<T extends ValueInfo>(v: T): T {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims || dims.length === 0) return v;
  const [, ...rest] = dims;
  return {
    ...v,
    type: { ...v.type, tensorType: { ...v.type?.tensorType, shape: { dim: [{ dimParam: "N" }, ...rest] } } },
  } as T;
}

/**
 * The subgraph computing `to` from `from` alone: every node on a path between them, plus the
 * constants they read. `fromDims` is the shape fed at `from` (batch first). Returns the bytes of a
 * model with input `from` and output `to` (and its ops, in graph order), or why there is none: `to` also depends on the graph
 * input by another path than through `from`.
 */
export function cutSubgraph(
  model: OnnxModelFile,
  from: string,
  to: string,
  fromDims: Array<number | string>,
): { bytes: Uint8Array; ops: string[] } | { reason: string } {
  const graph = model.proto.graph as onnxProto.onnx.GraphProto;
  const producer = new Map<string, number>();
  graph.node.forEach((n, i) => (n.output ?? []).forEach((o) => o && producer.set(o, i)));
  const constants = new Set(graph.initializer.map((t) => t.name));
  const needed = new Set<number>();
  const stack = [to];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const value = stack.pop() as string;
    if (value === from || value === "" || seen.has(value)) continue;
    seen.add(value);
    if (constants.has(value)) continue;
    if (value === model.input.name)
      return { reason: `"${to}" depends on the model input by a path that does not pass through "${from}"` };
    const index = producer.get(value);
    if (index === undefined) return { reason: `value "${value}" has no producer` };
    needed.add(index);
    stack.push(...(graph.node[index] as onnxProto.onnx.NodeProto).input);
  }
  if (!seen.has(to) && to !== from) return { reason: `"${to}" is not computed` };
  const nodes = graph.node.filter((_, i) => needed.has(i));
  const reads = new Set(nodes.flatMap((n) => n.input));
  const cut = onnx.ModelProto.create({
    ...model.proto,
    graph: {
      name: `${graph.name}_head`,
      node: nodes,
      initializer: graph.initializer.filter((t) => reads.has(t.name)),
      input: [
        {
          name: from,
          type: {
            tensorType: {
              elemType: 1,
              shape: {
                dim: fromDims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })),
              },
            },
          },
        },
      ],
      output: [{ name: to }],
    },
  });
  return { bytes: onnx.ModelProto.encode(cut).finish(), ops: nodes.map((n) => n.opType ?? "") };
}
