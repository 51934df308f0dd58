import { NtError, formatShape } from "@neurotranslator/schema";
import { quoteForMessage, quotedList } from "@neurotranslator/schema";
import type { DType, NdArray } from "@neurotranslator/schema";
import { hasNpyMagic, readNpyHeader, type NpyHeader } from "../npy/header.ts";
import {
  MAX_HEADER_CHARS,
  checkByteLimit,
  countElements,
  formatBytes,
  resolveLimits,
  type ReadLimits,
} from "../npy/limits.ts";
import { readNpy } from "../npy/read-npy.ts";
import { chunksOf, memorySource, type ByteReader, type ByteSource } from "./byte-source.ts";
import { crc32 } from "./crc32.ts";
import { inflateRawExact, inflateRawPrefix } from "./inflate-limited.ts";
import { locateEntryData, readZipDirectory, type EntryData, type ZipEntry } from "./zip-read.ts";

export interface OpenNpzOptions {
  /** Name used in error messages, e.g. the file name. */
  source?: string;
  limits?: Partial<ReadLimits>;
}

/** An array as its .npy header describes it: the dtype and shape `get` would return. */
export interface NpzArrayInfo {
  dtype: DType;
  shape: number[];
}

/** A lazily read .npz archive: entries are located up front, inflated and parsed on `get`. */
export interface NpzArchive {
  /** Array names as np.load shows them (member names without the `.npy` suffix), in archive order. */
  keys: string[];
  has(key: string): boolean;
  /**
   * The dtype and shape of one array, from its .npy header alone (only the header is inflated),
   * checked against the limits and against the entry's size.
   */
  info(key: string): NpzArrayInfo;
  /**
   * Reads one array (reading and inflating it now; nothing is cached). Arrays from stored
   * (uncompressed) entries of in-memory archives may be views that alias the archive bytes.
   */
  get(key: string): NdArray;
}

/** Room for the .npy preamble and header on top of the array data limit. */
const HEADER_ALLOWANCE = 12 + MAX_HEADER_CHARS * 4;
/** Bytes an entry may hold after its array data (np.load ignores them; writers leave none). */
const TRAILING_ALLOWANCE = 1 << 20;
/** Compressed bytes read at a time when inflating from a file. */
const READ_CHUNK = 1 << 20;

/**
 * Opens an .npz (np.savez / np.savez_compressed output, or any zip of .npy members): stored or
 * deflated entries, ZIP64 extras, CRC-32 checked. Only the directory is parsed here.
 */
export function openNpz(bytes: Uint8Array, options: OpenNpzOptions = {}): NpzArchive {
  return openNpzSource(memorySource(bytes), options);
}

/**
 * openNpz over any byte source (a file: see readNpzFile). Only the archive's tail and directory are
 * read here; each `info` reads an entry's local header and .npy header, each `get` that one entry.
 */
export function openNpzSource(source: ByteSource, options: OpenNpzOptions = {}): NpzArchive {
  const label = options.source ?? "<.npz bytes>";
  const limits = resolveLimits(options.limits);
  const dir = source.withReader((reader) => readZipDirectory(reader, label));
  // Like Python's zipfile, a repeated member name resolves to the last one.
  const byName = new Map<string, ZipEntry>();
  for (const entry of dir.entries) if (!entry.name.endsWith("/")) byName.set(entry.name, entry);
  const keys = [
    ...new Set([...byName.keys()].map((name) => (name.endsWith(".npy") ? name.slice(0, -4) : name))),
  ];
  // np.load's lookup: the exact member name first, then the name plus ".npy".
  const resolve = (key: string): ZipEntry | undefined => byName.get(key) ?? byName.get(`${key}.npy`);
  const find = (key: string): { entry: ZipEntry; entryLabel: string } => {
    const entry = resolve(key);
    if (entry === undefined) {
      throw new NtError(
        "NOT_FOUND",
        `${label}: no array named ${quoteForMessage(key)} (has ${quotedList(keys) || "none"})`,
      );
    }
    return { entry, entryLabel: `${label}[${quoteForMessage(key)}]` };
  };
  // Entry checks, then the local header, then the .npy header: its claims are checked before the
  // entry is read or inflated.
  const located = (reader: ByteReader, entry: ZipEntry, entryLabel: string) => {
    checkEntry(entry, limits, entryLabel);
    const at = locateEntryData(reader, dir, entry, entryLabel);
    return { at, header: entryHeader(reader, at, entry, limits, entryLabel) };
  };

  return {
    keys,
    has: (key) => resolve(key) !== undefined,
    info(key) {
      const { entry, entryLabel } = find(key);
      const { header } = source.withReader((reader) => located(reader, entry, entryLabel));
      return { dtype: header.npyDtype.dtype, shape: header.shape };
    },
    get(key) {
      const { entry, entryLabel } = find(key);
      const payload = source.withReader((reader) => {
        const { at } = located(reader, entry, entryLabel);
        return readEntry(reader, at, entry, entryLabel);
      });
      return readNpy(payload, { source: entryLabel, limits });
    },
  };
}

/**
 * Reads and checks an entry's .npy header, inflating only the header: the array must fit the limits,
 * and the entry's declared size must match what the header needs (so nothing inflates past it).
 */
function entryHeader(
  reader: ByteReader,
  at: EntryData,
  entry: ZipEntry,
  limits: ReadLimits,
  label: string,
): NpyHeader {
  const head = (n: number) =>
    entry.method === 0
      ? reader.read(at.start, Math.min(n, at.length))
      : inflateRawPrefix(
          chunksOf(reader, at.start, at.length, 64 * 1024),
          Math.min(n, entry.uncompressedSize),
          label,
        );
  const preamble = head(12);
  if (!hasNpyMagic(preamble))
    throw new NtError("FORMAT", `${label}: member ${quoteForMessage(entry.name)} is not a .npy array`);
  const lengthBytes = preamble[6] === 1 ? 2 : 4;
  const view = new DataView(preamble.buffer, preamble.byteOffset, preamble.byteLength);
  const headerLength =
    preamble.length < 8 + lengthBytes
      ? 0
      : lengthBytes === 2
        ? view.getUint16(8, true)
        : view.getUint32(8, true);
  const header = readNpyHeader(head(8 + lengthBytes + Math.min(headerLength, HEADER_ALLOWANCE)), label);
  const t = header.npyDtype;
  const dtypeName = t.dtype === "unicode" ? `${t.kind === "U" ? "<U" : "|S"}${t.chars}` : t.dtype;
  const count = countElements(header.shape, limits, label, dtypeName);
  checkByteLimit(
    Math.max(count * t.itemSize, t.dtype === "float16" ? count * 4 : 0),
    header.shape,
    dtypeName,
    limits,
    label,
  );
  const needed = header.dataOffset + count * t.itemSize;
  if (entry.uncompressedSize < needed) {
    throw new NtError(
      "FORMAT",
      `${label}: header claims shape ${formatShape(header.shape)} ${dtypeName} (${formatBytes(needed)} with the header) but the entry holds ${formatBytes(entry.uncompressedSize)}`,
    );
  }
  if (entry.uncompressedSize > needed + TRAILING_ALLOWANCE) {
    throw new NtError(
      "FORMAT",
      `${label}: entry declares ${formatBytes(entry.uncompressedSize)} but its header needs only ${formatBytes(needed)}`,
    );
  }
  return header;
}

function checkEntry(entry: ZipEntry, limits: ReadLimits, label: string): void {
  if ((entry.flags & 0x1) !== 0)
    throw new NtError("FORMAT", `${label}: encrypted zip entries are not supported`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new NtError(
      "FORMAT",
      `${label}: zip compression method ${entry.method} is not supported (only stored and deflate)`,
    );
  }
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw new NtError(
      "FORMAT",
      `${label}: stored entry has compressed size ${entry.compressedSize} but uncompressed size ${entry.uncompressedSize}`,
    );
  }
  if (entry.uncompressedSize > limits.maxBytes + HEADER_ALLOWANCE) {
    throw new NtError(
      "LIMIT",
      `${label}: entry claims ${formatBytes(entry.uncompressedSize)} uncompressed, above the limit of ${formatBytes(limits.maxBytes)} (limit maxBytes)`,
    );
  }
}

/**
 * An entry's bytes, CRC-checked: stored ones read (or viewed) whole, deflated ones inflated from
 * compressed chunks read one at a time, the CRC computed as the output is produced.
 */
function readEntry(reader: ByteReader, at: EntryData, entry: ZipEntry, label: string): Uint8Array {
  let actual = 0;
  let data: Uint8Array;
  if (entry.method === 0) {
    data = reader.read(at.start, at.length);
    actual = crc32(data);
  } else {
    const input = chunksOf(reader, at.start, at.length, READ_CHUNK);
    data = inflateRawExact(input, entry.uncompressedSize, label, (piece) => {
      actual = crc32(piece, actual);
    });
  }
  if (actual !== entry.crc32) {
    throw new NtError(
      "FORMAT",
      `${label}: CRC-32 mismatch (stored ${hex(entry.crc32)}, computed ${hex(actual)}): the archive is corrupt`,
    );
  }
  return data;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
