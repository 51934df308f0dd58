import { statfsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { NtError } from "@neurotranslator/schema";
import { acquireDirLock } from "./dir-lock.ts";
import { writeHex } from "./byte-sink.ts";
import { INSERT_CHUNK_SQL, SELECT_CHUNK_SQL, type Connection, type Db, type Driver } from "./driver.ts";
import { MIGRATIONS_FOLDER } from "./migrations-folder.ts";

/**
 * PGlite speaks the text protocol only, and its default bytea codec maps every byte through JS
 * strings (seconds per MB). These codecs use Node's native hex instead: one hex string per chunk.
 */
const byteaCodecs = {
  serializers: {
    [types.BYTEA]: (x: unknown) => {
      const bytes = x as Uint8Array;
      return "\\x" + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
    },
  },
  parsers: {
    [types.BYTEA]: (text: string) => Buffer.from(text.slice(2), "hex"),
  },
};

type PgliteClient = PGlite | Transaction;

function connection(client: PgliteClient): Connection {
  // drizzle's PGlite session only calls query/transaction; a Transaction serves its queries.
  const db = drizzle({ client: client as PGlite }) as unknown as Db;
  return {
    db,
    async insertChunk(arrayId, seq, bytes) {
      await client.query(INSERT_CHUNK_SQL, [arrayId, seq, bytes]);
    },
    async readChunkInto(arrayId, seq, sink, offset) {
      // Decode the hex text straight into the target when bytes are kept as stored.
      const parsers = {
        [types.BYTEA]: (text: string) => writeHex(sink, text, offset, arrayId, seq),
      };
      const result = await client.query<{ data: number }>(SELECT_CHUNK_SQL, [arrayId, seq], { parsers });
      return result.rows[0]?.data;
    },
  };
}

/** Opens (creating if needed) an embedded store in `dir`: takes the directory lock, starts PGlite, runs migrations. */
export async function openPgliteDriver(dir: string): Promise<Driver> {
  const location = resolve(dir);
  const lock = acquireDirLock(location);
  let pg: PGlite | undefined;
  // PostgreSQL's own log (without debug PGlite prints none): kept so a failed start can say why.
  const log: string[] = [];
  const onStderr = (line: string) => {
    if (log.push(line) > 40) log.shift();
    return true;
  };
  try {
    pg = await PGlite.create(join(location, "pgdata"), {
      ...byteaCodecs,
      onStderr,
      // The startup-progress timer re-arms itself; when PostgreSQL dies during recovery (a full disk)
      // nobody clears it and the process never exits. Off, a failed start leaves no timer behind.
      startParams: [...PGlite.defaultStartParams, "-c", "log_startup_progress_interval=0"],
    });
    const root = connection(pg);
    await migrate(root.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    const client = pg;
    return {
      description: { kind: "pglite", location },
      root,
      transaction: (fn) => client.transaction((tx) => fn(connection(tx))),
      async close() {
        try {
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    await pg?.close().catch(() => undefined);
    lock.release();
    if (error instanceof NtError) throw error;
    throw new NtError(
      "STORE",
      `cannot open the embedded store in ${location}: ${(error as Error).message}${startFailure(location, log)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Why PostgreSQL stopped, from its last FATAL/PANIC/ERROR line, and, when the disk is full, ENOSPC
 * with the free space left: "PGlite failed to initialize properly" alone names no cause.
 */
function startFailure(location: string, log: string[]): string {
  const fatal = [...log].reverse().find((line) => /\b(FATAL|PANIC|ERROR):/.test(line));
  const said = fatal ? `; PostgreSQL said: ${fatal.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, "")}` : "";
  let freeBytes: number | undefined;
  try {
    const fs = statfsSync(location);
    freeBytes = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    freeBytes = undefined;
  }
  // PostgreSQL needs room for a 16 MiB WAL segment to start after an interrupted write.
  const full =
    /No space left on device/i.test(fatal ?? "") || (freeBytes !== undefined && freeBytes < 16 * 2 ** 20);
  if (!full) return said;
  const free = freeBytes === undefined ? "" : ` has ${Math.floor(freeBytes / 1024)} kB free;`;
  return `${said} (ENOSPC: the file system holding ${location}${free || " is full;"} free some space and retry)`;
}
