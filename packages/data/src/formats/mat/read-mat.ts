import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { NtError } from "@neurotranslator/schema";
import { quoteForMessage } from "@neurotranslator/schema";
import { resolveLimits } from "./limits.ts";
import type { MatFile, MatLimits, ReadMatOptions } from "./mat-file.ts";
import { openV5 } from "./v5/read-v5.ts";
import { bytesSource, fileSource } from "./v73/jail.ts";
import { openV73 } from "./v73/read-v73.ts";

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

interface MatHeader {
  version: "5" | "7.3";
  littleEndian: boolean;
  subsysOffset: number;
}

/**
 * Reads the 128-byte MAT header (and, for v7.3, the HDF5 signature after the 512-byte user
 * block) from the first 520 bytes of a file. Throws FORMAT naming `file` for anything else.
 */
export function parseMatHeader(head: Uint8Array, file: string): MatHeader {
  if (head.length < 128)
    throw new NtError(
      "FORMAT",
      `${file}: ${head.length} bytes is too short for a MAT-file header (128 bytes)`,
    );
  const text = new TextDecoder("latin1").decode(head.subarray(0, 116));
  if (!text.startsWith("MATLAB")) {
    throw new NtError(
      "FORMAT",
      `${file}: not a MAT v5/v7.3 file (header starts with ${quoteForMessage(text.slice(0, 12))}; MAT v4 is not supported)`,
    );
  }
  const e0 = head[126];
  const e1 = head[127];
  const le = e0 === 0x49 && e1 === 0x4d; // "IM": "MI" written as a little-endian uint16
  if (!le && !(e0 === 0x4d && e1 === 0x49)) {
    throw new NtError(
      "FORMAT",
      `${file}: bad endian indicator ${String.fromCharCode(e0 ?? 0, e1 ?? 0)} at byte 126 (expected IM or MI)`,
    );
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint16(124, le);
  const hdf5 = head.length >= 520 && HDF5_SIGNATURE.every((b, i) => head[512 + i] === b);
  if (version === 0x0200 || hdf5) {
    if (!hdf5)
      throw new NtError(
        "FORMAT",
        `${file}: MAT v7.3 header but no HDF5 signature at byte 512 (truncated file?)`,
      );
    return { version: "7.3", littleEndian: le, subsysOffset: 0 };
  }
  if (version !== 0x0100)
    throw new NtError("FORMAT", `${file}: unknown MAT-file version 0x${version.toString(16)} at byte 124`);
  const subsys = view.getBigUint64(116, le);
  // "no subsystem data" is written as zeros or as spaces
  const none = subsys === 0n || subsys === 0x2020202020202020n;
  return {
    version: "5",
    littleEndian: le,
    subsysOffset: none || subsys > BigInt(head.length + 2 ** 40) ? 0 : Number(subsys),
  };
}

/**
 * Opens a MAT-file held in memory. v5 is parsed in place; v7.3 (HDF5) is served to HDF5 from
 * these bytes (no copy, no temp file). Limits: `maxBytes` / `maxElements` per variable (defaults
 * 4 GiB / 2^30).
 */
export async function readMat(bytes: Uint8Array, opts: ReadMatOptions = {}): Promise<MatFile> {
  const file = opts.source ?? "<bytes>";
  const limits = resolveLimits(opts.limits);
  const header = parseMatHeader(bytes.subarray(0, 520), file);
  if (header.version === "5") return openV5(bytes, header.littleEndian, header.subsysOffset, file, limits);
  return openV73(bytesSource(bytes), file, limits, opts.slabBytes);
}

/**
 * Opens a MAT-file on disk: v7.3 in place through HDF5 (read through one file descriptor;
 * variables are read on `get`); v5 is read into memory (its variables are decoded on `get`).
 */
export async function readMatFile(path: string, opts: ReadMatOptions = {}): Promise<MatFile> {
  const file = opts.source ?? path;
  const limits: MatLimits = resolveLimits(opts.limits);
  const header = parseMatHeader(readHead(path, file), file);
  if (header.version === "7.3") return openV73(fileSource(path, file), file, limits, opts.slabBytes);
  const size = statSync(path).size;
  if (size > limits.maxBytes + 2 ** 20) {
    throw new NtError(
      "LIMIT",
      `${file}: ${size} bytes is over the limit of ${limits.maxBytes} for a v5 MAT-file read into memory`,
    );
  }
  return openV5(readFileSync(path), header.littleEndian, header.subsysOffset, file, limits);
}

function readHead(path: string, file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new NtError("NOT_FOUND", `${file}: cannot open (${(error as Error).message})`, { cause: error });
  }
  try {
    const head = new Uint8Array(520);
    const n = readSync(fd, head, 0, 520, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
