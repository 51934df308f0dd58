// Test support (not shipped): a fresh PostgreSQL database per suite (job-queue, store, API and crash tests).
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server tests create their databases on: NT_TEST_DATABASE_URL, default the local postgres. */
export function testServerUrl(): string {
  return process.env.NT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>` on the test server (testServerUrl); undefined when NT_SKIP_POSTGRES=1. */
export async function createTestDatabase(prefix = "nt_test"): Promise<TestDatabase | undefined> {
  if (process.env.NT_SKIP_POSTGRES === "1") return undefined;
  const adminUrl = testServerUrl();
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({
      connectionString: adminUrl,
      connectionTimeoutMillis: 5000,
    });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => run(`drop database if exists ${name} with (force)`),
  };
}
