// Test support (not shipped in the package API): the store backends every store test runs against.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "./store.ts";

export interface TestBackend {
  name: "pglite" | "postgres";
  /** Opens a store on this backend's fresh location (the same location on every call). */
  open(): Promise<Store>;
  /** Removes the temp directory or drops the test database. */
  dispose(): Promise<void>;
}

const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export function pgliteBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), "nt-store-test-"));
  return {
    name: "pglite",
    open: () => openStore({ dir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh database `nt_test_<random>` on the server at NT_TEST_DATABASE_URL, dropped by dispose().
 * An unreachable server fails the suite (the PostgreSQL path must be tested) unless NT_SKIP_POSTGRES=1.
 */
export async function postgresBackend(): Promise<TestBackend | undefined> {
  if (process.env.NT_SKIP_POSTGRES === "1") return undefined;
  const adminUrl =
    process.env.NT_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const database = `nt_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({
    connectionString: adminUrl,
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.connect();
    await admin.query(`create database ${database}`);
  } catch (error) {
    throw new Error(
      `store tests need PostgreSQL at ${adminUrl} (set NT_TEST_DATABASE_URL, or NT_SKIP_POSTGRES=1 to skip): ${(error as Error).message}`,
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    name: "postgres",
    open: () => openStore({ databaseUrl: url.toString() }),
    async dispose() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${database} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** All backends the suite covers here. */
export async function testBackends(): Promise<TestBackend[]> {
  const postgres = await postgresBackend();
  return postgres === undefined
    ? [pgliteBackend()]
    : [pgliteBackend(), postgres];
}
