import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { NtError } from "@neurotranslator/schema";

/**
 * Reads a whole file into one Uint8Array (in chunks, so files over the 2 GiB single-read limit
 * work). The result starts at byte offset 0 of its own buffer, so aligned data stays aligned.
 */
export function readFileBytes(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NtError(
      code === "ENOENT" ? "NOT_FOUND" : "BAD_INPUT",
      `${path}: cannot open (${code ?? String(error)})`,
      { cause: error },
    );
  }
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    let pos = 0;
    while (pos < size) {
      const n = readSync(fd, out, pos, Math.min(size - pos, 1 << 30), pos);
      if (n === 0)
        throw new NtError("BAD_INPUT", `${path}: file shrank while reading (${pos} of ${size} bytes)`);
      pos += n;
    }
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
