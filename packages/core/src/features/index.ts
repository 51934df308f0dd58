export {
  initTfEngine,
  currentTfEngine,
  TF_ENGINES,
  CNN_ENGINES,
  type CnnEngineName,
  type TfEngineName,
  type TfEngineInfo,
  type InitTfEngineOptions,
} from "./tf-engine.ts";
export {
  Preparation,
  RangeNormalisation,
  Aperture,
  parsePreparation,
  type PreparationInput,
} from "./preparation.ts";
export { stimulusShape, type StimulusShape } from "./stimuli.ts";
export { globalInterval, histogramPercentiles, mapToUnit, type ValueInterval } from "./value-range.ts";
export { StimulusPreparer, type Colorizer, type ModelInputSpec } from "./prepare-stimuli.ts";
export { loadColorizer } from "./colorize.ts";
export { selectLayers, listModelLayers, type SelectedLayer } from "./layer-selection.ts";
export {
  extractFeatures,
  modelInputSpec,
  runLayers,
  type ExtractFeaturesOptions,
} from "./extract-features.ts";
export {
  readClassifierHead,
  makeHead,
  topK,
  type ClassifierHead,
  type Classification,
} from "./classifier-head.ts";
export {
  compareClassifications,
  classMatches,
  type ClassificationComparison,
  type WordnetAgreement,
  type CompareOptions,
} from "./compare-classifications.ts";
export {
  featureCacheIngredients,
  featureCacheKey,
  type FeatureCacheIngredients,
} from "./feature-cache-key.ts";
export {
  OnnxGraphBuilder,
  onnxFeatureRunner,
  convertModelToOnnx,
  convertTfGraphToOnnx,
  loadOnnxRuntime,
  onnxThreads,
  type OnnxFeatureRunner,
  type OnnxConversion,
} from "./onnx/index.ts";
export {
  extractOnnxFeatures,
  probeOnnxLayers,
  featureWidth,
  type OnnxExtractOptions,
  type OnnxExtraction,
  type OnnxLayerRecord,
} from "./onnx-extract.ts";
export { listOnnxLayers, type OnnxLayerCandidate } from "./onnx-layers.ts";
export { onnxClassifierHead, onnxHeadBlocker, type OnnxHeadChoice } from "./onnx-head.ts";
