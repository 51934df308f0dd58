import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { openStore, type Store } from "./store.ts";

// Arrays from 32 MiB are read over two connections, each half written at its own offset.
describe.skipIf(process.env.NT_SKIP_POSTGRES === "1")("reading a large array in two halves", () => {
  let database: TestDatabase;
  let store: Store;
  const bytes = randomBytes(41 * 2 ** 20 + 12_344); // 42 chunks, the last one short
  const array = { dtype: "uint8" as const, shape: [bytes.length], data: new Uint8Array(bytes) };

  beforeAll(async () => {
    database = (await createTestDatabase())!;
    store = await openStore({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function sql(text: string, values: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  it("reads it back bit-exact, also inside a transaction (one connection)", async () => {
    const id = await store.arrays.put(array);
    const back = await store.arrays.get(id, { verify: true });
    expect(Buffer.from(back.data as Uint8Array).equals(bytes)).toBe(true);
    const inTransaction = await store.transaction((tx) => tx.arrays.get(id));
    expect(Buffer.from(inTransaction.data as Uint8Array).equals(bytes)).toBe(true);
  });

  it("refuses an array with a chunk missing from either half, or one chunk too long", async () => {
    for (const [seq, change] of [
      [3, "delete"],
      [30, "delete"],
      [20, "grow"],
    ] as const) {
      const id = await store.arrays.put(array);
      if (change === "delete")
        await sql("delete from array_chunks where array_id = $1 and seq = $2", [id, seq]);
      else
        await sql("update array_chunks set data = data || '\\x00'::bytea where array_id = $1 and seq = $2", [
          id,
          seq,
        ]);
      const error = await store.arrays.get(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NtError);
      expect((error as NtError).message).toMatch(
        change === "delete" ? /chunks hold|chunk \d+ is missing/ : /chunk \d+ has \d+ bytes/,
      );
    }
  });
});
