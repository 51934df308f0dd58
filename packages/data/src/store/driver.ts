import type { ByteSink } from "./byte-sink.ts";
import { NtError } from "@neurotranslator/schema";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

/** A drizzle database bound to one connection or transaction; the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT>;

/**
 * One place to run statements: the store's root (auto-commit) or an open transaction.
 * Array chunks bypass drizzle so their bytes travel as the driver's cheapest encoding
 * (binary over node-postgres, native hex over PGlite) without JSON or per-byte JS work.
 */
export interface Connection {
  readonly db: Db;
  /** Inserts chunk `seq` of array `arrayId`; `bytes` is sent as is (a view, not copied by us). */
  insertChunk(arrayId: string, seq: number, bytes: Uint8Array): Promise<void>;
  /**
   * Hands chunk `seq` of array `arrayId` to `sink` at stored offset `offset`, straight from the
   * driver's receive buffer. Returns the chunk's length, or undefined if it is missing; throws
   * NtError STORE if it does not fit.
   */
  readChunkInto(arrayId: string, seq: number, sink: ByteSink, offset: number): Promise<number | undefined>;
  /** Optional fast path: every chunk of `bytes` in one statement (binary COPY on a server). */
  putChunks?(arrayId: string, bytes: Uint8Array, chunkBytes: number): Promise<void>;
  /** Optional fast path: every chunk in order into `sink` (binary COPY); returns the bytes written. */
  readAllInto?(arrayId: string, sink: ByteSink): Promise<number>;
}

/** Where the store lives, safe to print (no password). */
export interface StoreDescription {
  /** `embedded-postgres`: the store directory's own PostgreSQL server (the default). */
  kind: "pglite" | "postgres" | "embedded-postgres";
  /** The store directory for PGlite and the embedded server; `postgres://user@host:port/db` for PostgreSQL. */
  location: string;
}

/** A database backend: PGlite in-process or a PostgreSQL server. Migrations have run when a driver is returned. */
export interface Driver {
  readonly description: StoreDescription;
  readonly root: Connection;
  /** The server's connection string, for other clients of the same database (the job queue); none for PGlite. */
  readonly connectionUrl?: string;
  /** Runs `fn` in one transaction: commits if it resolves, rolls back and rethrows if it throws. */
  transaction<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Bytes per stored chunk. Measured on a 59 MB float32 array: 1 MB chunks write 2.4x (PGlite) and
 * read 2-4x faster than 8 MB ones, because both drivers handle a message in one piece and large
 * messages cost more than proportionally to buffer and hex-convert.
 */
export const ARRAY_CHUNK_BYTES = 1 * 1024 * 1024;

export const INSERT_CHUNK_SQL = "insert into array_chunks (array_id, seq, data) values ($1, $2, $3)";
export const SELECT_CHUNK_SQL = "select data from array_chunks where array_id = $1 and seq = $2";

/** The error for a stored chunk longer than the space left for it. */
export function chunkOverflow(arrayId: string, seq: number, length: number, room: number): NtError {
  return new NtError(
    "STORE",
    `array ${arrayId}: chunk ${seq} has ${length} bytes but only ${room} remain of its recorded size`,
  );
}
