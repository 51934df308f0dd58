import { NtError } from "../../errors.ts";
import type { NdArray } from "../../schema/ndarray.ts";
import { hasNpyMagic } from "../npy/header.ts";
import { MAX_HEADER_CHARS, formatBytes, resolveLimits, type ReadLimits } from "../npy/limits.ts";
import { readNpy } from "../npy/read-npy.ts";
import { crc32 } from "./crc32.ts";
import { inflateRawExact } from "./inflate-limited.ts";
import { entryPayload, readZipDirectory, type ZipEntry } from "./zip-read.ts";

export interface OpenNpzOptions {
  /** Name used in error messages, e.g. the file name. */
  source?: string;
  limits?: Partial<ReadLimits>;
}

/** A lazily read .npz archive: entries are located up front, inflated and parsed on `get`. */
export interface NpzArchive {
  /** Array names as np.load shows them (member names without the `.npy` suffix), in archive order. */
  keys: string[];
  has(key: string): boolean;
  /**
   * Reads one array (inflating it now; nothing is cached). Arrays from stored (uncompressed)
   * entries may be views that alias the archive bytes.
   */
  get(key: string): NdArray;
}

/** Room for the .npy preamble and header on top of the array data limit. */
const HEADER_ALLOWANCE = 12 + MAX_HEADER_CHARS * 4;

/**
 * Opens an .npz (np.savez / np.savez_compressed output, or any zip of .npy members): stored or
 * deflated entries, ZIP64 extras, CRC-32 checked. Only the directory is parsed here.
 */
export function openNpz(bytes: Uint8Array, options: OpenNpzOptions = {}): NpzArchive {
  const label = options.source ?? "<.npz bytes>";
  const limits = resolveLimits(options.limits);
  const dir = readZipDirectory(bytes, label);
  // Like Python's zipfile, a repeated member name resolves to the last one.
  const byName = new Map<string, ZipEntry>();
  for (const entry of dir.entries) if (!entry.name.endsWith("/")) byName.set(entry.name, entry);
  const keys: string[] = [];
  for (const name of byName.keys()) {
    const key = name.endsWith(".npy") ? name.slice(0, -4) : name;
    if (!keys.includes(key)) keys.push(key);
  }
  // np.load's lookup: the exact member name first, then the name plus ".npy".
  const resolve = (key: string): ZipEntry | undefined => byName.get(key) ?? byName.get(`${key}.npy`);

  return {
    keys,
    has: (key) => resolve(key) !== undefined,
    get(key) {
      const entry = resolve(key);
      const entryLabel = `${label}[${JSON.stringify(key)}]`;
      if (entry === undefined) {
        throw new NtError("NOT_FOUND", `${label}: no array named ${JSON.stringify(key)} (has ${keys.map((k) => JSON.stringify(k)).join(", ") || "none"})`);
      }
      const payload = inflateEntry(bytes, dir, entry, limits, entryLabel);
      if (!hasNpyMagic(payload)) throw new NtError("FORMAT", `${entryLabel}: member ${JSON.stringify(entry.name)} is not a .npy array`);
      return readNpy(payload, { source: entryLabel, limits });
    },
  };
}

function inflateEntry(bytes: Uint8Array, dir: ReturnType<typeof readZipDirectory>, entry: ZipEntry, limits: ReadLimits, label: string): Uint8Array {
  if ((entry.flags & 0x1) !== 0) throw new NtError("FORMAT", `${label}: encrypted zip entries are not supported`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new NtError("FORMAT", `${label}: zip compression method ${entry.method} is not supported (only stored and deflate)`);
  }
  if (entry.uncompressedSize > limits.maxBytes + HEADER_ALLOWANCE) {
    throw new NtError(
      "LIMIT",
      `${label}: entry claims ${formatBytes(entry.uncompressedSize)} uncompressed, above the limit of ${formatBytes(limits.maxBytes)} (limit maxBytes)`,
    );
  }
  const raw = entryPayload(bytes, dir, entry, label);
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw new NtError("FORMAT", `${label}: stored entry has compressed size ${entry.compressedSize} but uncompressed size ${entry.uncompressedSize}`);
  }
  const data = entry.method === 0 ? raw : inflateRawExact(raw, entry.uncompressedSize, label);
  const actual = crc32(data);
  if (actual !== entry.crc32) {
    throw new NtError("FORMAT", `${label}: CRC-32 mismatch (stored ${hex(entry.crc32)}, computed ${hex(actual)}): the archive is corrupt`);
  }
  return data;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
