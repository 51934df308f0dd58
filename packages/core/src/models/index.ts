export {
  MODEL_REGISTRY,
  DEFAULT_MODEL_ID,
  registryModelJsonUrl,
  matchRegistryEntry,
  type RegistryEntry,
} from "./registry.ts";
export { resolveModelSource, type ModelSource, type ResolveModelOptions } from "./resolve-source.ts";
export {
  BUNDLED_MODELS_DIR,
  bundledModelDir,
  localRegistryDir,
  imagenetClassNames,
} from "./bundled-models.ts";
export { loadModel, loadModelDir, disposeModel, graphNodeNames, type LoadedModel } from "./load-model.ts";
export {
  readModelDir,
  cachedModelDir,
  parseModelJson,
  modelFormat,
  declaredGroupBytes,
  sha256,
  type ModelFiles,
  type ModelHash,
  type ModelJson,
} from "./model-files.ts";
export * from "./onnx/index.ts";
