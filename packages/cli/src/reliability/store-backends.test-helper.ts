import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoreOptions } from "@neurotranslator/data";
import { createTestDatabase } from "../../../data/src/jobs/test-database.ts";

/** A fresh store location for the crash tests and the environment that points the CLI at it. */
export interface StoreUnderTest {
  name: "pglite" | "postgres";
  location: StoreOptions;
  env: Record<string, string | undefined>;
  dispose(): Promise<void>;
}

export function pgliteStore(): StoreUnderTest {
  const dir = join(mkdtempSync(join(tmpdir(), "nt-crash-")), "store");
  return { name: "pglite", location: { dir }, env: { NEUROTRANSLATOR_STORE: dir }, dispose: async () => rmSync(join(dir, ".."), { recursive: true, force: true }) };
}

/**
 * A fresh database `nt_crash_<random>` on the server at NT_TEST_DATABASE_URL (default the local
 * postgres), dropped by dispose(); undefined when NT_SKIP_POSTGRES=1 (as the store tests do).
 */
export async function postgresStore(): Promise<StoreUnderTest | undefined> {
  const database = await createTestDatabase("nt_crash");
  if (database === undefined) return undefined;
  return { name: "postgres", location: { databaseUrl: database.url }, env: { DATABASE_URL: database.url }, dispose: database.drop };
}
