export { compareRuns, COMPARED_METRICS } from "./compare-runs.ts";
export type { CompareInput, RunCompareOptions } from "./compare-runs.ts";
export { perImageValuesFromPredictions, perImageValuesFromResults } from "./per-image-values.ts";
export type { PerImageValues, StoredImageResult } from "./per-image-values.ts";
