import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { NtError } from "@neurotranslator/schema";

/** Opens `path` for reading; a missing file is NOT_FOUND, any other failure BAD_INPUT, naming the path. */
export function openForReading(path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NtError(
      code === "ENOENT" ? "NOT_FOUND" : "BAD_INPUT",
      `${path}: cannot open (${code ?? String(error)})`,
      { cause: error },
    );
  }
}

/**
 * Fills `target` from file position `position` of `fd` with positional reads (in pieces, as one read
 * stops at 2 GiB). A file that ends first was cut short since its size was taken: BAD_INPUT.
 */
export function readAt(fd: number, target: Uint8Array, position: number, path: string, size: number): void {
  let done = 0;
  while (done < target.length) {
    let n: number;
    try {
      n = readSync(fd, target, done, Math.min(target.length - done, 1 << 30), position + done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new NtError("BAD_INPUT", `${path}: cannot read (${code ?? String(error)})`, { cause: error });
    }
    if (n === 0)
      throw new NtError(
        "BAD_INPUT",
        `${path}: file shrank while reading (${position + done} of ${size} bytes)`,
      );
    done += n;
  }
}

/**
 * Reads a whole file into one Uint8Array (in chunks, so files over the 2 GiB single-read limit
 * work). The result starts at byte offset 0 of its own buffer, so aligned data stays aligned.
 */
export function readFileBytes(path: string): Uint8Array {
  const fd = openForReading(path);
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    readAt(fd, out, 0, path, size);
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `parts` to `path` through a temporary file in the same folder, fsynced and renamed
 * into place, so a crash never leaves a half-written file under the final name.
 */
export function writeFileAtomic(path: string, parts: readonly Uint8Array[]): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    for (const part of parts) {
      let pos = 0;
      while (pos < part.length) pos += writeSync(fd, part, pos, Math.min(part.length - pos, 1 << 30));
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    if (error instanceof NtError) throw error;
    throw new NtError(
      "BAD_INPUT",
      `${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { cause: error },
    );
  }
}
