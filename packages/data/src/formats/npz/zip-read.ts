import { NtError } from "@neurotranslator/schema";
import { quoteForMessage } from "@neurotranslator/schema";
import { decodeZipName } from "./zip-names.ts";

/** One file in a zip's central directory, sizes resolved through ZIP64 extras. */
export interface ZipEntry {
  name: string;
  nameBytes: Uint8Array;
  flags: number;
  /** 0 = stored, 8 = deflate. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Where the central directory starts: no entry's data may reach past it. */
  centralDirectoryOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

function dv(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(view: DataView, offset: number, label: string, what: string): number {
  const value = view.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new NtError("FORMAT", `${label}: zip ${what} ${value} is impossibly large`);
  return Number(value);
}

/** Most members an archive may have: .npz files hold a few arrays; 65,535 is where ZIP64 starts. */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * Finds and parses the end-of-central-directory records (classic and ZIP64) and the directory.
 * An archive claiming more than `maxEntries` members is refused before any member is parsed.
 */
export function readZipDirectory(
  bytes: Uint8Array,
  label: string,
  maxEntries = MAX_ZIP_ENTRIES,
): ZipDirectory {
  const view = dv(bytes);
  const eocd = findEocd(bytes, view);
  if (eocd < 0)
    throw new NtError(
      "FORMAT",
      `${label}: not a zip/npz archive (no end-of-central-directory record in ${bytes.length} bytes)`,
    );
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    throw new NtError("FORMAT", `${label}: multi-disk zip archives are not supported`);
  }
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  let cdLimit = eocd;
  const locator = eocd - 20;
  if (locator >= 0 && view.getUint32(locator, true) === SIG_ZIP64_LOCATOR) {
    const z = u64(view, locator + 8, label, "ZIP64 end record offset");
    if (z + 56 > locator || view.getUint32(z, true) !== SIG_ZIP64_EOCD) {
      throw new NtError("FORMAT", `${label}: ZIP64 end-of-central-directory record missing at offset ${z}`);
    }
    count = u64(view, z + 32, label, "entry count");
    cdSize = u64(view, z + 40, label, "central directory size");
    cdOffset = u64(view, z + 48, label, "central directory offset");
    cdLimit = z;
  } else if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    throw new NtError(
      "FORMAT",
      `${label}: zip end record needs ZIP64 values but the ZIP64 locator is missing`,
    );
  }
  if (cdOffset + cdSize > cdLimit) {
    throw new NtError(
      "FORMAT",
      `${label}: central directory (offset ${cdOffset}, ${cdSize} bytes) runs past its end record at ${cdLimit}`,
    );
  }
  if (count > maxEntries) {
    throw new NtError(
      "LIMIT",
      `${label}: zip archive has ${count} members, over the limit of ${maxEntries} (an .npz holds a few arrays)`,
    );
  }
  if (count * 46 > cdSize) {
    throw new NtError(
      "FORMAT",
      `${label}: zip claims ${count} entries but its central directory has only ${cdSize} bytes`,
    );
  }
  const entries: ZipEntry[] = [];
  let pos = cdOffset;
  for (let i = 0; i < count; i += 1) {
    const entry = readCentralEntry(bytes, view, pos, cdOffset + cdSize, label, i);
    entries.push(entry.entry);
    pos = entry.next;
  }
  return { entries, centralDirectoryOffset: cdOffset };
}

function findEocd(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 22 - U16_MAX);
  for (let p = bytes.length - 22; p >= lowest; p -= 1) {
    if (
      bytes[p] === 0x50 &&
      view.getUint32(p, true) === SIG_EOCD &&
      p + 22 + view.getUint16(p + 20, true) <= bytes.length
    )
      return p;
  }
  return -1;
}

function readCentralEntry(
  bytes: Uint8Array,
  view: DataView,
  pos: number,
  end: number,
  label: string,
  index: number,
): { entry: ZipEntry; next: number } {
  if (pos + 46 > end || view.getUint32(pos, true) !== SIG_CENTRAL) {
    throw new NtError(
      "FORMAT",
      `${label}: central directory entry ${index} is missing or damaged at offset ${pos}`,
    );
  }
  const nameLength = view.getUint16(pos + 28, true);
  const extraLength = view.getUint16(pos + 30, true);
  const commentLength = view.getUint16(pos + 32, true);
  const next = pos + 46 + nameLength + extraLength + commentLength;
  if (next > end)
    throw new NtError("FORMAT", `${label}: central directory entry ${index} runs past the directory`);
  const flags = view.getUint16(pos + 8, true);
  const nameBytes = bytes.subarray(pos + 46, pos + 46 + nameLength);
  const name = decodeZipName(nameBytes, (flags & 0x800) !== 0);
  const sizes = {
    uncompressedSize: view.getUint32(pos + 24, true),
    compressedSize: view.getUint32(pos + 20, true),
    localHeaderOffset: view.getUint32(pos + 42, true),
  };
  const extra = bytes.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength);
  applyZip64Extra(extra, sizes, `${label}: entry ${quoteForMessage(name)}`);
  return {
    entry: {
      name,
      nameBytes,
      flags,
      method: view.getUint16(pos + 10, true),
      crc32: view.getUint32(pos + 16, true),
      ...sizes,
    },
    next,
  };
}

/**
 * Replaces each field equal to 0xFFFFFFFF with its 64-bit value from the ZIP64 extra field
 * (id 0x0001), which lists them in the order uncompressed, compressed, local header offset.
 */
function applyZip64Extra(
  extra: Uint8Array,
  sizes: { uncompressedSize: number; compressedSize: number; localHeaderOffset?: number },
  label: string,
): void {
  const view = dv(extra);
  const wanted = (["uncompressedSize", "compressedSize", "localHeaderOffset"] as const).filter(
    (k) => sizes[k] === U32_MAX,
  );
  for (let p = 0; p + 4 <= extra.length;) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (p + 4 + size > extra.length)
      throw new NtError("FORMAT", `${label}: extra field runs past its header`);
    if (id === 0x0001) {
      if (size < wanted.length * 8)
        throw new NtError(
          "FORMAT",
          `${label}: ZIP64 extra field has ${size} bytes, needs ${wanted.length * 8}`,
        );
      wanted.forEach((key, i) => {
        sizes[key] = u64(view, p + 4 + i * 8, label, `ZIP64 ${key}`);
      });
      return;
    }
    p += 4 + size;
  }
  if (wanted.length > 0)
    throw new NtError("FORMAT", `${label}: sizes say ZIP64 but there is no ZIP64 extra field`);
}

/**
 * Locates an entry's (possibly compressed) bytes via its local header, checking that the local
 * header agrees with the central directory (name, method, and sizes unless a data descriptor
 * follows) and that the data lies before the central directory.
 */
export function entryPayload(
  bytes: Uint8Array,
  dir: ZipDirectory,
  entry: ZipEntry,
  label: string,
): Uint8Array {
  const view = dv(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > dir.centralDirectoryOffset || view.getUint32(at, true) !== SIG_LOCAL) {
    throw new NtError("FORMAT", `${label}: local header missing at offset ${at}`);
  }
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > dir.centralDirectoryOffset) {
    throw new NtError(
      "FORMAT",
      `${label}: entry data (${entry.compressedSize} bytes at offset ${start}) runs past the end of the archive data`,
    );
  }
  const localName = bytes.subarray(at + 30, at + 30 + nameLength);
  if (localName.length !== entry.nameBytes.length || localName.some((b, i) => b !== entry.nameBytes[i])) {
    throw new NtError("FORMAT", `${label}: local header name differs from the central directory`);
  }
  if (view.getUint16(at + 8, true) !== entry.method) {
    throw new NtError(
      "FORMAT",
      `${label}: local header compression method differs from the central directory`,
    );
  }
  if ((view.getUint16(at + 6, true) & 0x8) === 0) {
    const local = {
      compressedSize: view.getUint32(at + 18, true),
      uncompressedSize: view.getUint32(at + 22, true),
    };
    applyZip64Extra(bytes.subarray(at + 30 + nameLength, start), local, label);
    if (local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize) {
      throw new NtError(
        "FORMAT",
        `${label}: local header sizes (${local.compressedSize}/${local.uncompressedSize}) differ from the central directory (${entry.compressedSize}/${entry.uncompressedSize})`,
      );
    }
  }
  return bytes.subarray(start, end);
}
