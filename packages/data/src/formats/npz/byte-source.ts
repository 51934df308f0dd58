import { createHash } from "node:crypto";
import { closeSync, fstatSync, type Stats } from "node:fs";
import { NtError } from "@neurotranslator/schema";
import { openForReading, readAt } from "../npy/files.ts";

/** Random access to the bytes of an archive, in memory or in a file. */
export interface ByteReader {
  /** Total size in bytes. */
  readonly length: number;
  /**
   * The `length` bytes at `offset` (the caller keeps the range inside `length`): a view when the
   * bytes are in memory, a fresh buffer of exactly that size (read from disk once) for a file.
   */
  read(offset: number, length: number): Uint8Array;
}

/** Where a reader comes from: `withReader` holds whatever the reads need (an open file) only for `fn`. */
export interface ByteSource {
  withReader<T>(fn: (reader: ByteReader) => T): T;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  const reader: ByteReader = {
    length: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
  };
  return { withReader: (fn) => fn(reader) };
}

/**
 * The bytes of the file at `path`, read with positional reads. The file is opened for each
 * `withReader` and closed after it (so nothing is left open), and must be the same file, unchanged,
 * each time: what was read before (the zip directory) still describes it.
 */
export function fileSource(path: string, label: string): ByteSource {
  let first: Stats | undefined;
  return {
    withReader(fn) {
      const fd = openForReading(path);
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) throw new NtError("BAD_INPUT", `${path}: cannot open (not a regular file)`);
        first ??= stat;
        if (stat.ino !== first.ino || stat.size !== first.size || stat.mtimeMs !== first.mtimeMs)
          throw new NtError("BAD_INPUT", `${label}: the file changed while it was being read`);
        return fn({
          length: stat.size,
          read(offset, length) {
            const out = new Uint8Array(length);
            readAt(fd, out, offset, path, stat.size);
            return out;
          },
        });
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The range [start, start + length) of `reader` in pieces of at most `chunkBytes`, each read when asked for. */
export function* chunksOf(
  reader: ByteReader,
  start: number,
  length: number,
  chunkBytes: number,
): Generator<Uint8Array> {
  for (let pos = 0; pos < length; pos += chunkBytes)
    yield reader.read(start + pos, Math.min(chunkBytes, length - pos));
}

/** SHA-256 (hex) of all the bytes of `source`, read in pieces of 4 MiB. */
export function sourceSha256(source: ByteSource): string {
  return source.withReader((reader) => {
    const hash = createHash("sha256");
    for (const chunk of chunksOf(reader, 0, reader.length, 4 << 20)) hash.update(chunk);
    return hash.digest("hex");
  });
}
