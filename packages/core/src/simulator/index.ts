// The ground-truth simulator: Kay-shaped datasets with a planted area-to-layer mapping.
export {
  simulateDataset,
  type GrayStack,
  type SimulatorInput,
  type SimulateOptions,
  type SimulationResult,
} from "./simulate.ts";
export {
  SimulatorConfig,
  AreaSpec,
  DEFAULT_AREAS,
  EASY_AREAS,
  EASY_PRESET,
  SIMULATOR_PRESETS,
  NONLINEARITIES,
  SIMULATED_AREAS,
  GABOR_LAYER,
  parseSimulatorConfig,
  resolveAreas,
  type SimulatorConfigInput,
  type ResolvedArea,
  type SimulatorPreset,
  type Nonlinearity,
} from "./config.ts";
export type { GroundTruth, AreaGroundTruth, CeilingPair, VoxelGroundTruth } from "./ground-truth.ts";
export { analyticCeiling, testRetestReliability } from "./ceiling.ts";
export { gaborEnergyFeatures, gaborPair, type GaborBankOptions } from "./gabor-energy.ts";
export { deadLeavesImages, type SyntheticImages } from "./dead-leaves.ts";
export {
  simulatePlantedPartition,
  type PlantedPartition,
  type PlantedPartitionSpec,
} from "./planted-partition.ts";
