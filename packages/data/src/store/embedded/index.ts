export { ensureServer, runningServer, type ServerHandle } from "./embedded-server.ts";
export { serverStatus, stopServer, type ServerStatus } from "./server-control.ts";
export { findPostgresBinaries, type PostgresBinaries, type BinariesLookup } from "./binaries.ts";
export { hasServerData, serverPaths } from "./server-files.ts";
export { chooseEngine, PGLITE_DATA_DIR, type StoreEngine } from "./choose-engine.ts";
export { openEmbeddedDriver } from "./embedded-driver.ts";
