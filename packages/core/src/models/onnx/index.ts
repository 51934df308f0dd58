export {
  readOnnxModel,
  parseOnnxModel,
  isOnnxSpec,
  onnxFilePath,
  onnxModelId,
  firstLine,
  type OnnxModelFile,
  type OnnxImageInput,
  type ReadOnnxOptions,
} from "./onnx-file.ts";
export {
  ModelInput,
  IMAGENET_MEAN,
  IMAGENET_STD,
  readSidecar,
  resolveModelInput,
  resizeCropFraction,
  toModelTensor,
  type ModelInputHints,
} from "./onnx-input.ts";
export {
  graphValues,
  withOutputs,
  cutSubgraph,
  checkValues,
  type OnnxValue,
  type OutputRequest,
} from "./onnx-graph.ts";
export { probeValues, userSession, type ProbedValue } from "./onnx-session.ts";
export { ONNX_REGISTRY, type OnnxRegistryEntry } from "./onnx-registry.ts";
export { findPenultimate } from "./onnx-penultimate.ts";
