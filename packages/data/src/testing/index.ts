// Test support (not shipped, not compiled to dist/): fixtures the tests of every package share.
export { tempDir } from "./temp-dir.ts";
export { runNode, type ProcessResult } from "./run-node.ts";
export { makeRandom, pick, randInt, type Rand } from "./random.ts";
export { BYTE_MUTATIONS, NUMPY_MUTATIONS, type Mutation } from "./npz-mutations.ts";
export { createTestDatabase, testServerUrl, type TestDatabase } from "./test-database.ts";
// Starting a store directory's embedded server directly: for tests that restart it under load.
export { ensureServer } from "../store/embedded/index.ts";
export {
  placeholderMetrics,
  plainSummary,
  ramp32,
  sha256,
  tinyCells,
  tinyDataset,
  tinyMetrics,
  tinyRun,
} from "./records.ts";
export { storeTinyFeatureSet } from "./tiny-store.ts";
export { tempPgliteStore, type TempStore } from "./temp-store.ts";
