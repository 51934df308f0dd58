import { graphOf, type NodeProto, type OnnxModelFile } from "./onnx-file.ts";

const HEAD_OPS = new Set(["Gemm", "MatMul", "Conv"]);
const RESHAPE_OPS = new Set(["Flatten", "Reshape", "Squeeze", "Identity", "Dropout"]);
const OUTPUT_OPS = new Set(["Softmax", "LogSoftmax", "Add", "Identity", "Flatten", "Reshape", "Squeeze"]);

/**
 * The value feeding the model's final classifier layer (its "penultimate" vector): from the first
 * graph output, back through a Softmax, a bias Add and reshapes to the final Gemm / MatMul / 1x1
 * Conv, then that op's data input, back through reshapes (ResNet: the pooled vector after
 * Flatten; MobileNet v2: the global-pool output). Undefined when the graph does not end that way.
 */
export function findPenultimate(model: OnnxModelFile): string | undefined {
  const graph = graphOf(model);
  const producer = new Map<string, NodeProto>();
  for (const node of graph.node) for (const o of node.output ?? []) producer.set(o, node);
  const constants = new Set(graph.initializer.map((t) => t.name));
  const dataInput = (node: NodeProto): string | undefined =>
    (node.input ?? []).find((i) => i !== "" && !constants.has(i) && producer.get(i)?.opType !== "Constant");
  let value = model.outputs[0];
  for (let steps = 0; value !== undefined && steps < 8; steps++) {
    const node = producer.get(value);
    if (!node) return undefined;
    if (HEAD_OPS.has(node.opType ?? "")) {
      let input = dataInput(node);
      for (let back = 0; input !== undefined && back < 4; back++) {
        const prev = producer.get(input);
        if (!prev || !RESHAPE_OPS.has(prev.opType ?? "")) break;
        const further = dataInput(prev);
        if (further === undefined || further === model.input.name) break;
        // Keep the vector form when the step before is a reshape of a pooled map.
        if (producer.get(further)?.opType?.includes("Pool") || producer.get(further)?.opType === "ReduceMean")
          break;
        input = further;
      }
      return input === model.input.name ? undefined : input;
    }
    if (!OUTPUT_OPS.has(node.opType ?? "")) return undefined;
    value = dataInput(node);
  }
  return undefined;
}
