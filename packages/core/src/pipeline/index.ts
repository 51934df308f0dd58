// The analysis pipeline: decoding runs, the area x layer map, attribution, encoding.
export {
  runDecoding,
  type DecodingInput,
  type DecodingConfig,
  type DecodingResult,
  type DecodingTimings,
  type PipelineContext,
} from "./run-decoding.ts";
export {
  attributeByArea,
  columnMeans,
  type AreaAttribution,
  type AttributionOptions,
  type AttributionInput,
  type VoxelContributions,
} from "./attribution.ts";
export {
  classifierMetrics,
  type ClassifierResult,
  type ClassifierMetricOptions,
} from "./classifier-metrics.ts";
export {
  selectAreas,
  areaNames,
  takeColumns,
  type AreaSelection,
  type SelectedArea,
} from "./select-areas.ts";
export {
  alphaSelection,
  buildRegressor,
  chosenAlphas,
  summariseAlphas,
  compactDiagnostics,
  type SolverChoice,
  type AlphaSummary,
} from "./solver-setup.ts";
export {
  runAreaLayerMap,
  type AreaLayerMap,
  type AreaLayerMapInput,
  type AreaLayerMapOptions,
  type AreaLayerCell,
  type MapDirectionResult,
  type MapTable,
} from "./area-layer-map.ts";
export { bestLayerClaim, maxStatisticAdjust } from "./map-inference.ts";
export {
  runEncoding,
  type EncodingInput,
  type EncodingOptions,
  type EncodingResult,
} from "./run-encoding.ts";
export { kayIdentification, type KayIdentification } from "./kay-identification.ts";
export {
  PAIRINGS,
  applyControl,
  nameOrder,
  pairingOrder,
  takeRows,
  voxelSubsetColumns,
  type Pairing,
  type PairingControl,
} from "./controls.ts";
export {
  runVariancePartition,
  type VariancePartition,
  type VariancePartitionInput,
  type VariancePartitionOptions,
  type PartitionArea,
  type PartitionLayer,
  type PartitionVoxels,
  type CorrectedSummary,
} from "./banded/partition.ts";
export {
  fitBandedRidge,
  bandedSystem,
  bandedTargets,
  type BandedRidgeFit,
  type BandedRidgeOptions,
} from "./banded/banded-ridge.ts";
export { factorBand, type BandFactor } from "./banded/band-factors.ts";
export { bandWeightSamples } from "./banded/band-weights.ts";
