import { rmSync } from "node:fs";
import { join } from "node:path";
import { stopServer, type StoreOptions } from "@neurotranslator/data";
import { createTestDatabase, tempDir } from "@neurotranslator/data/testing";

/** A fresh store location for the crash tests and the environment that points the CLI at it. */
export interface StoreUnderTest {
  name: "pglite" | "postgres" | "embedded-postgres";
  location: StoreOptions;
  env: Record<string, string | undefined>;
  dispose(): Promise<void>;
}

export function pgliteStore(): StoreUnderTest {
  const dir = join(tempDir("nt-crash-"), "store");
  return {
    name: "pglite",
    location: { dir, engine: "pglite" },
    env: { NEUROTRANSLATOR_STORE: dir, NEUROTRANSLATOR_STORE_ENGINE: "pglite" },
    dispose: async () => rmSync(join(dir, ".."), { recursive: true, force: true }),
  };
}

/** A fresh store directory on its embedded PostgreSQL server (the default); dispose() stops the server. */
export function embeddedStore(): StoreUnderTest {
  const parent = tempDir("nt-crash-"); // enterable: under root the server's account must enter it
  const dir = join(parent, "store");
  return {
    name: "embedded-postgres",
    location: { dir, engine: "postgres" },
    env: { NEUROTRANSLATOR_STORE: dir, NEUROTRANSLATOR_STORE_ENGINE: "postgres" },
    dispose: async () => {
      await stopServer(dir);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database `nt_crash_<random>` on the server at NT_TEST_DATABASE_URL (default the local
 * postgres), dropped by dispose(); undefined when NT_SKIP_POSTGRES=1 (as the store tests do).
 */
export async function postgresStore(): Promise<StoreUnderTest | undefined> {
  const database = await createTestDatabase("nt_crash");
  if (database === undefined) return undefined;
  return {
    name: "postgres",
    location: { databaseUrl: database.url },
    env: { DATABASE_URL: database.url },
    dispose: database.drop,
  };
}
