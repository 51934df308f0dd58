export { convertTfGraphToOnnx, type OnnxConversion, type TfWeight } from "./convert-graph.ts";
export { onnxFeatureRunner, convertModelToOnnx, type OnnxFeatureRunner } from "./onnx-features.ts";
export { loadOnnxRuntime, onnxThreads } from "./onnx-runtime.ts";
export { tfAxisPadding, explicitAxisPadding, type WindowAxis, type AxisPadding } from "./tf-padding.ts";
export { OP_CONVERTERS } from "./convert-ops.ts";
export { OnnxGraphBuilder } from "./onnx-builder.ts";
export type { TfNode } from "./tf-node.ts";
