import { rmSync } from "node:fs";
import { openStore, type Store } from "../store/store.ts";
import { tempDir } from "./temp-dir.ts";

export interface TempStore {
  dir: string;
  store: Store;
  /** Closes the store and removes its folder. */
  dispose(): Promise<void>;
}

/** A PGlite store in a fresh temp folder: no server to start or stop, for tests that only need records. */
export async function tempPgliteStore(prefix = "nt-test-"): Promise<TempStore> {
  const dir = tempDir(prefix);
  const store = await openStore({ dir, engine: "pglite" });
  return {
    dir,
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
