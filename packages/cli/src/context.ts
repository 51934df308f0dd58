import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import {
  DEFAULT_STORE_DIR,
  openStore,
  type Store,
  type StoreEngine,
  type StoreOptions,
} from "@neurotranslator/data";
import { readEnv } from "./env.ts";
import { note } from "./output.ts";

/** Options every command inherits from the program. */
export interface GlobalOptions {
  store?: string;
  storeEngine?: StoreEngine | "auto";
  verbose?: boolean;
}

/**
 * Store location: DATABASE_URL wins, then --store, then NEUROTRANSLATOR_STORE, then the default;
 * the engine of a store directory from --store-engine, then NEUROTRANSLATOR_STORE_ENGINE, then auto.
 */
export function storeLocation(command: Command): StoreOptions {
  const env = readEnv();
  const global = command.optsWithGlobals<GlobalOptions>();
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  const dir = global.store ?? env.NEUROTRANSLATOR_STORE;
  const engine = global.storeEngine ?? env.NEUROTRANSLATOR_STORE_ENGINE ?? "auto";
  return { ...(dir ? { dir } : {}), engine, onNote: note };
}

/** The store directory a command uses (resolved), or undefined when DATABASE_URL points elsewhere. */
export function storeDir(command: Command): string | undefined {
  const location = storeLocation(command);
  return location.databaseUrl === undefined ? resolve(location.dir ?? DEFAULT_STORE_DIR) : undefined;
}

/** Opens the store for one command and always closes it (a PGlite directory's lock is released). */
export async function withStore<T>(command: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeLocation(command));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Where downloaded models and datasets are kept: $NEUROTRANSLATOR_CACHE or ~/.cache/neurotranslator. */
export function cacheDir(): string {
  return (
    readEnv().NEUROTRANSLATOR_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "neurotranslator")
  );
}
