import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { NtError } from "@neurotranslator/schema";
import { writeHex, type ByteSink } from "./byte-sink.ts";
import { copyChunksIn, copyChunksOut, type ChunkRange } from "./copy-binary.ts";
import {
  INSERT_CHUNK_SQL,
  SELECT_CHUNK_SQL,
  type Connection,
  type Db,
  type Driver,
  type StoreDescription,
} from "./driver.ts";
import { MIGRATIONS_FOLDER } from "./migrations-folder.ts";

/** Arbitrary constant naming our advisory lock: concurrent opens apply migrations one at a time. */
const MIGRATION_LOCK_KEY = 774_122_019;

/** `url` without its password, for messages and `describe()`. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

/** Runs `fn` on a client of its own: the transaction's, or one checked out of the pool for it. */
async function withClient<T>(
  client: pg.Pool | pg.PoolClient,
  fn: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!(client instanceof pg.Pool)) return fn(client);
  const own = await client.connect();
  try {
    return await fn(own);
  } finally {
    own.release();
  }
}

/**
 * From this size an array is read as two halves over two connections at once: one COPY is bound by
 * its server process reassembling the stored chunks (the client waits), and two processes use two
 * cores (a 229 MB array: 204-284 ms as one COPY, 130-159 ms as two).
 */
const SPLIT_READ_BYTES = 32 * 2 ** 20;
const LAST_SEQ = 2 ** 31 - 1;

async function readAllInto(
  client: pg.Pool | pg.PoolClient,
  arrayId: string,
  sink: ByteSink,
): Promise<number> {
  const read = (range?: ChunkRange) => withClient(client, (c) => copyChunksOut(c, arrayId, sink, range));
  // Inside a transaction there is one connection; a small array is not worth the extra query.
  if (!(client instanceof pg.Pool) || sink.byteLength < SPLIT_READ_BYTES) return read();
  // length() of an out-of-line bytea reads its stored size, not its bytes.
  const { rows } = await client.query<{ seq: number; bytes: number }>(
    "select seq, length(data) as bytes from array_chunks where array_id = $1 order by seq",
    [arrayId],
  );
  let split = 0;
  let firstBytes = 0;
  while (split < rows.length && firstBytes < sink.byteLength / 2) firstBytes += rows[split++]!.bytes;
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  if (split === 0 || split === rows.length) return read();
  const halves: ChunkRange[] = [
    { fromSeq: rows[0]!.seq, toSeq: rows[split]!.seq, offset: 0, byteLength: firstBytes },
    { fromSeq: rows[split]!.seq, toSeq: LAST_SEQ, offset: firstBytes, byteLength: total - firstBytes },
  ];
  const written = await Promise.all(halves.map(read));
  return written[0]! + written[1]!;
}

function connection(client: pg.Pool | pg.PoolClient): Connection {
  return {
    db: drizzle({ client }) as unknown as Db,
    putChunks: (arrayId, bytes, chunkBytes) =>
      withClient(client, (c) => copyChunksIn(c, arrayId, bytes, chunkBytes)),
    readAllInto: (arrayId, sink) => readAllInto(client, arrayId, sink),
    async insertChunk(arrayId, seq, bytes) {
      // node-postgres sends Buffer parameters in binary format; this Buffer is a view, not a copy.
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      await client.query(INSERT_CHUNK_SQL, [arrayId, seq, data]);
    },
    async readChunkInto(arrayId, seq, sink, offset) {
      // Results come as text ("\\x" + hex): node-postgres only reads binary results losslessly when a
      // whole connection is in binary mode, which drizzle's parsers do not support. The hex is
      // decoded natively straight into the target (when bytes are kept as stored) while the row is parsed.
      const copyInto = (text: string): number => writeHex(sink, text, offset, arrayId, seq);
      const result = await client.query<[number]>({
        text: SELECT_CHUNK_SQL,
        values: [arrayId, seq],
        rowMode: "array",
        types: { getTypeParser: () => copyInto },
      } as pg.QueryArrayConfig);
      return result.rows[0]?.[0];
    },
  };
}

/**
 * Connects to the PostgreSQL server at `databaseUrl` and runs migrations (serialised by an advisory lock).
 * `description` replaces the default one (the embedded server names its store directory).
 */
export async function openPostgresDriver(
  databaseUrl: string,
  description?: StoreDescription,
): Promise<Driver> {
  const location = description?.location ?? redactDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  // Nor may a checked-out client's: node-postgres emits "error" on the client (e.g. EPIPE while the
  // server restarts) besides rejecting its queries, and the pool listens only while it is idle.
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      await migrate(drizzle({ client }), {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new NtError(
      "STORE",
      `cannot open the ${description === undefined ? "PostgreSQL" : "embedded"} store at ${location}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return {
    description: description ?? { kind: "postgres", location },
    connectionUrl: databaseUrl,
    root: connection(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn(connection(client));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
