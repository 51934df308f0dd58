import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { StoreOptions } from "@neurotranslator/data";

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
  if (process.env.NT_SKIP_POSTGRES === "1") return undefined;
  const adminUrl = process.env.NT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const database = `nt_crash_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    name: "postgres",
    location: { databaseUrl: url.toString() },
    env: { DATABASE_URL: url.toString() },
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
