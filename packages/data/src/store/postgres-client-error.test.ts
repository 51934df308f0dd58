import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { openPostgresDriver } from "./postgres-driver.ts";

const skipPostgres = process.env.NT_SKIP_POSTGRES === "1";

describe.skipIf(skipPostgres)("a PostgreSQL connection dropped while checked out", () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase("nt_client_error");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("fails that transaction with an error, and neither crashes the process nor the next query", async (ctx) => {
    if (database === undefined) ctx.skip();
    const driver = await openPostgresDriver(database!.url);
    try {
      const killed = driver.transaction(async (c) => {
        const { rows } = (await c.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
          rows: { pid: number }[];
        };
        const admin = new pg.Client({ connectionString: database!.url });
        await admin.connect();
        await admin.query("select pg_terminate_backend($1)", [rows[0]!.pid]);
        await admin.end();
        // The server has closed this client's socket: node-postgres emits "error" on the client
        // (an unhandled one would end the process, as it ended a worker during a server restart).
        await new Promise((r) => setTimeout(r, 300));
        await c.db.execute(sql`select 1`);
      });
      await expect(killed).rejects.toThrow();
      const { rows } = (await driver.root.db.execute(sql`select 2 as two`)) as unknown as {
        rows: { two: number }[];
      };
      expect(rows[0]!.two).toBe(2);
    } finally {
      await driver.close();
    }
  });
});
