import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { NtError } from "@neurotranslator/schema";
import type { ByteSink } from "./byte-sink.ts";
import { chunkOverflow } from "./driver.ts";

/*
 * Array chunks over PostgreSQL's binary COPY (node-postgres reads every result value as text, so a
 * bytea SELECT arrives as hex: twice the bytes, then decoded). COPY ... (FORMAT binary) moves the raw
 * bytes both ways in one statement per array, framed as documented for the COPY command: an
 * 11-byte signature, flags and extension length, then per row a field count and (length, bytes)
 * per field, and a -1 trailer.
 */

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidLiteral(id: string): string {
  // COPY takes no bind parameters: the id is inlined, so it must be exactly a UUID.
  if (!UUID.test(id))
    throw new NtError("BAD_INPUT", `array id ${JSON.stringify(id.slice(0, 80))} is not a UUID`);
  return `'${id}'::uuid`;
}

/** Writes `bytes` as chunks (array_id, seq, data) of `chunkBytes` with one binary COPY on `client`. */
export async function copyChunksIn(
  client: pg.PoolClient,
  arrayId: string,
  bytes: Uint8Array,
  chunkBytes: number,
): Promise<void> {
  const idBytes = Buffer.from(arrayId.replaceAll("-", ""), "hex");
  if (idBytes.length !== 16) throw new NtError("BAD_INPUT", `array id ${arrayId} is not a UUID`);
  const stream = client.query(copyFrom("copy array_chunks (array_id, seq, data) from stdin (format binary)"));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  const header = Buffer.alloc(HEADER_BYTES);
  SIGNATURE.copy(header);
  stream.write(header);
  for (let seq = 0, offset = 0; offset < bytes.byteLength; seq++, offset += chunkBytes) {
    const end = Math.min(offset + chunkBytes, bytes.byteLength);
    const row = Buffer.alloc(2 + 4 + 16 + 4 + 4 + 4);
    let at = row.writeInt16BE(3, 0);
    at = row.writeInt32BE(16, at);
    at += idBytes.copy(row, at);
    at = row.writeInt32BE(4, at);
    at = row.writeInt32BE(seq, at);
    row.writeInt32BE(end - offset, at);
    stream.write(row);
    // A view over the caller's bytes: written as is, never copied here.
    const ok = stream.write(Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset));
    if (!ok) await Promise.race([once(stream, "drain"), done]);
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  stream.end(trailer);
  await done;
}

/** Chunks [fromSeq, toSeq) of an array, which sit at `offset` in its bytes. */
export interface ChunkRange {
  fromSeq: number;
  toSeq: number;
  offset: number;
  /** Bytes the range holds (its chunks' lengths summed): more is an overflow. */
  byteLength: number;
}

/**
 * Reads array `arrayId`'s chunks in order (or those of `range`) with one binary COPY on `client`,
 * handing each piece straight to `sink` (the one copy a read makes). Returns the number of bytes written.
 */
export async function copyChunksOut(
  client: pg.PoolClient,
  arrayId: string,
  sink: ByteSink,
  range?: ChunkRange,
): Promise<number> {
  const seqs = range === undefined ? "" : ` and seq >= ${range.fromSeq} and seq < ${range.toSeq}`;
  const sql = `copy (select data from array_chunks where array_id = ${uuidLiteral(arrayId)}${seqs} order by seq) to stdout (format binary)`;
  // A large buffer between socket and parser, so that the stream does not pause the socket after
  // every 64 KB read (the default is 16 KB).
  const stream = client.query(copyTo(sql, { highWaterMark: 8 * 2 ** 20 }));
  const base = range?.offset ?? 0;
  const room = range === undefined ? sink.byteLength : Math.min(range.byteLength, sink.byteLength - base);
  // Parser state: the header is skipped; then per row a 2-byte field count and a 4-byte length
  // (gathered in `head`, as they may straddle stream chunks), then `remaining` data bytes.
  let skip = HEADER_BYTES;
  const head = Buffer.alloc(6);
  let headFill = 0;
  let remaining = 0;
  let written = 0;
  let seq = range?.fromSeq ?? 0;
  let ended = false;
  const take = (piece: Buffer) => {
    let at = 0;
    while (at < piece.length) {
      if (skip > 0) {
        const n = Math.min(skip, piece.length - at);
        skip -= n;
        at += n;
      } else if (remaining > 0) {
        const n = Math.min(remaining, piece.length - at);
        if (written + n > room) throw chunkOverflow(arrayId, seq, written + n, room);
        sink.write(piece, at, at + n, base + written);
        written += n;
        remaining -= n;
        at += n;
        if (remaining === 0) seq++;
      } else if (ended) {
        at = piece.length;
      } else {
        const n = Math.min(6 - headFill, piece.length - at);
        piece.copy(head, headFill, at, at + n);
        headFill += n;
        at += n;
        if (headFill >= 2 && head.readInt16BE(0) === -1) {
          ended = true;
          at = piece.length;
        } else if (headFill === 6) {
          headFill = 0;
          const length = head.readInt32BE(2);
          if (length < 0) throw new NtError("STORE", `array ${arrayId}: chunk ${seq} is NULL`);
          remaining = length;
          if (length === 0) seq++;
        }
      }
    }
  };
  // A bad chunk stops the parsing, not the COPY: the rest is read and dropped, so that the
  // connection ends the statement in order and can serve the next one.
  let failure: unknown;
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (piece: Buffer) => {
      if (failure !== undefined) return;
      try {
        take(piece);
      } catch (error) {
        failure = error;
      }
    });
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  if (failure !== undefined) throw failure;
  return written;
}
