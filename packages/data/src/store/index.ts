export {
  openStore,
  DEFAULT_STORE_DIR,
  type Store,
  type StoreOptions,
  type Repositories,
  type ArrayRepository,
} from "./store.ts";
export type { StoreDescription } from "./driver.ts";
export { ARRAY_CHUNK_BYTES } from "./driver.ts";
export type { ArrayInfo } from "./array-store.ts";
export type { DatasetInput, DatasetRepository } from "./datasets-repo.ts";
export type { FeatureSetInput, FeatureLayerInput, FeatureSetRepository } from "./feature-sets-repo.ts";
export type { RunInput, RunRepository, RunFilter } from "./runs-repo.ts";
export type { TokenRepository } from "./tokens-repo.ts";
export { featureCacheKey, canonicalJson } from "./cache-key.ts";
export { redactDatabaseUrl } from "./postgres-driver.ts";
export { LOCK_FILE_NAME } from "./dir-lock.ts";
export * as tables from "./tables.ts";
export {
  serverStatus,
  stopServer,
  hasServerData,
  findPostgresBinaries,
  type ServerStatus,
  type StoreEngine,
} from "./embedded/index.ts";
export { processIsLive } from "./dir-lock.ts";
export { isConnectionFailure } from "./connection-failure.ts";
export { resolveRunId, MIN_ID_PREFIX, SHORT_ID_LENGTH } from "./run-id.ts";
