import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { openStore, type Store } from "@neurotranslator/data";
import { readEnv } from "./env.ts";

/** Options every command inherits from the program. */
export interface GlobalOptions {
  store?: string;
  verbose?: boolean;
}

/** Store location: DATABASE_URL wins, then --store, then NEUROTRANSLATOR_STORE, then the default. */
export function storeLocation(command: Command): { dir?: string; databaseUrl?: string } {
  const env = readEnv();
  const global = command.optsWithGlobals<GlobalOptions>();
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  const dir = global.store ?? env.NEUROTRANSLATOR_STORE;
  return dir ? { dir } : {};
}

/** Opens the store for one command and always closes it (releasing the embedded store's lock). */
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
  return readEnv().NEUROTRANSLATOR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "neurotranslator");
}
