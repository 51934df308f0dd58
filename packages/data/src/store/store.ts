import { resolve } from "node:path";
import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { deleteOrphanArrays, getArray, getArrayInfo, putArray, type ArrayInfo } from "./array-store.ts";
import { datasetRepository, type DatasetRepository } from "./datasets-repo.ts";
import type { Connection, Driver, StoreDescription } from "./driver.ts";
import type { StoreEngine } from "./embedded/index.ts";
import { featureSetRepository, type FeatureSetRepository } from "./feature-sets-repo.ts";
import { runRepository, type RunRepository } from "./runs-repo.ts";
import type { Scope } from "./scope.ts";
import { arrays } from "./tables.ts";
import { tokenRepository, type TokenRepository } from "./tokens-repo.ts";

export interface ArrayRepository {
  /** Stores an array (binary, chunked) and returns its id. */
  put(array: NdArray): Promise<string>;
  /**
   * Reads an array back bit-exact; `verify` also checks its SHA-256. `as: "float32"` reads a
   * float64 array as float32 (rounded to nearest) without the float64 copy.
   */
  get(id: string, options?: { verify?: boolean; as?: "float32" }): Promise<NdArray>;
  info(id: string): Promise<ArrayInfo>;
  /** Number of stored arrays (orphans show up here: after deletes it should match what is still referenced). */
  count(): Promise<number>;
  /** Deletes the array unless a dataset, feature set or run still uses it (then it is kept). */
  remove(id: string): Promise<void>;
}

/** The repositories, the same on the store and inside a transaction. */
export interface Repositories {
  readonly datasets: DatasetRepository;
  readonly featureSets: FeatureSetRepository;
  readonly runs: RunRepository;
  readonly arrays: ArrayRepository;
  readonly tokens: TokenRepository;
}

export interface Store extends Repositories {
  /** Backend and location, safe to print (never a password). */
  describe(): StoreDescription;
  /**
   * The database's connection string (it may hold a password: never print it), so other clients
   * such as the job queue reach the same database; undefined on PGlite, which has no server.
   */
  connectionUrl(): string | undefined;
  /** Runs `fn` in one transaction: everything it writes commits together, or (if it throws) nothing does. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Embedded store directory; default `.neurotranslator` under the working directory. */
  dir?: string;
  /** A PostgreSQL URL (`postgres://user:pass@host:port/db`); when given, that server is used instead. */
  databaseUrl?: string;
  /**
   * How the store directory is served: `postgres` (its own PostgreSQL server, which every process
   * joins), `pglite` (in-process, one process at a time), `auto` (default: the engine whose data is
   * there, else postgres where its binaries run, else pglite). See embedded/choose-engine.ts.
   */
  engine?: StoreEngine | "auto";
  /** One-line notes for the user (an engine fallback, a server created); default: none. */
  onNote?: (message: string) => void;
}

export const DEFAULT_STORE_DIR = ".neurotranslator";

function repositories(scope: Scope): Repositories {
  return {
    datasets: datasetRepository(scope),
    featureSets: featureSetRepository(scope),
    runs: runRepository(scope),
    tokens: tokenRepository(scope),
    arrays: {
      put: (array) => scope.atomic((conn) => putArray(conn, array)),
      get: (id, options) => getArray(scope.conn, id, options),
      info: (id) => getArrayInfo(scope.conn, id),
      count: () => scope.conn.db.$count(arrays),
      remove: (id) => scope.atomic((conn) => deleteOrphanArrays(conn, [id])),
    },
  };
}

async function openDriver(options: StoreOptions): Promise<Driver> {
  if (options.databaseUrl !== undefined)
    return (await import("./postgres-driver.ts")).openPostgresDriver(options.databaseUrl);
  const dir = resolve(options.dir ?? DEFAULT_STORE_DIR);
  const onNote = options.onNote ?? (() => undefined);
  const embedded = await import("./embedded/index.ts");
  if (embedded.chooseEngine(dir, options.engine ?? "auto", onNote) === "postgres")
    return embedded.openEmbeddedDriver(dir, onNote);
  return (await import("./pglite-driver.ts")).openPgliteDriver(dir);
}

/**
 * Opens the store: a PostgreSQL server when `databaseUrl` is given, else the store directory `dir`
 * on its embedded PostgreSQL server (joined, or started) or on PGlite (see `engine`). Migrations
 * run on open. Close it with `close()` (a PGlite directory stays locked until then; the embedded
 * server keeps running for the next process).
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options.dir !== undefined && options.databaseUrl !== undefined) {
    throw new NtError("BAD_INPUT", `openStore: give either dir (${options.dir}) or databaseUrl, not both`);
  }
  const driver = await openDriver(options);
  const inTransaction = (conn: Connection): Scope => ({
    conn,
    atomic: (fn) => fn(conn),
  });
  const root: Scope = {
    conn: driver.root,
    atomic: (fn) => driver.transaction(fn),
  };
  let closed = false;
  return {
    ...repositories(root),
    describe: () => ({ ...driver.description }),
    connectionUrl: () => driver.connectionUrl,
    transaction: (fn) => driver.transaction((conn) => fn(repositories(inTransaction(conn)))),
    async close() {
      if (closed) return;
      closed = true;
      await driver.close();
    },
  };
}
