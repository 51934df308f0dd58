import { NtError } from "@neurotranslator/schema";
import { quoteForMessage } from "@neurotranslator/schema";
import type { ByteReader } from "./byte-source.ts";
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
/** Largest central directory entry: the fixed part plus a name, extra field and comment of 65,535 bytes. */
const MAX_CENTRAL_ENTRY = 46 + 3 * U16_MAX;

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
 * Finds and parses the end-of-central-directory records (classic and ZIP64) and the directory,
 * reading only the archive's tail and its directory. An archive claiming more than `maxEntries`
 * members is refused before any member is parsed.
 */
export function readZipDirectory(
  reader: ByteReader,
  label: string,
  maxEntries = MAX_ZIP_ENTRIES,
): ZipDirectory {
  const size = reader.length;
  // The end record lies within 22 + 65,535 bytes of the end (its comment is at most 65,535 bytes),
  // and the ZIP64 locator right before it.
  const tailStart = Math.max(0, size - 22 - U16_MAX - 20);
  const tail = reader.read(tailStart, size - tailStart);
  const tailView = dv(tail);
  const found = findEocd(tail, tailView, Math.max(0, size - 22 - U16_MAX) - tailStart);
  if (found < 0)
    throw new NtError(
      "FORMAT",
      `${label}: not a zip/npz archive (no end-of-central-directory record in ${size} bytes)`,
    );
  if (tailView.getUint16(found + 4, true) !== 0 || tailView.getUint16(found + 6, true) !== 0) {
    throw new NtError("FORMAT", `${label}: multi-disk zip archives are not supported`);
  }
  const eocd = tailStart + found;
  let count = tailView.getUint16(found + 10, true);
  let cdSize = tailView.getUint32(found + 12, true);
  let cdOffset = tailView.getUint32(found + 16, true);
  let cdLimit = eocd;
  const locator = eocd - 20;
  if (locator >= 0 && tailView.getUint32(found - 20, true) === SIG_ZIP64_LOCATOR) {
    const z = u64(tailView, found - 20 + 8, label, "ZIP64 end record offset");
    const record = z + 56 > locator ? undefined : dv(reader.read(z, 56));
    if (record === undefined || record.getUint32(0, true) !== SIG_ZIP64_EOCD) {
      throw new NtError("FORMAT", `${label}: ZIP64 end-of-central-directory record missing at offset ${z}`);
    }
    count = u64(record, 32, label, "entry count");
    cdSize = u64(record, 40, label, "central directory size");
    cdOffset = u64(record, 48, label, "central directory offset");
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
  // `count` entries cannot reach past this, so a directory claiming more is not read beyond it.
  const cd = reader.read(cdOffset, Math.min(cdSize, count * MAX_CENTRAL_ENTRY));
  const cdView = dv(cd);
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (let i = 0; i < count; i += 1) {
    const entry = readCentralEntry(cd, cdView, pos, cdOffset, label, i);
    entries.push(entry.entry);
    pos = entry.next;
  }
  return { entries, centralDirectoryOffset: cdOffset };
}

/** The end record's position in `tail`, searched from the end down to `lowest`; -1 if none. */
function findEocd(tail: Uint8Array, view: DataView, lowest: number): number {
  for (let p = tail.length - 22; p >= lowest; p -= 1) {
    if (
      tail[p] === 0x50 &&
      view.getUint32(p, true) === SIG_EOCD &&
      p + 22 + view.getUint16(p + 20, true) <= tail.length
    )
      return p;
  }
  return -1;
}

/** Parses entry `index` at `pos` of the directory bytes `cd` (which start at file offset `base`). */
function readCentralEntry(
  cd: Uint8Array,
  view: DataView,
  pos: number,
  base: number,
  label: string,
  index: number,
): { entry: ZipEntry; next: number } {
  if (pos + 46 > cd.length || view.getUint32(pos, true) !== SIG_CENTRAL) {
    throw new NtError(
      "FORMAT",
      `${label}: central directory entry ${index} is missing or damaged at offset ${base + pos}`,
    );
  }
  const nameLength = view.getUint16(pos + 28, true);
  const extraLength = view.getUint16(pos + 30, true);
  const commentLength = view.getUint16(pos + 32, true);
  const next = pos + 46 + nameLength + extraLength + commentLength;
  if (next > cd.length)
    throw new NtError("FORMAT", `${label}: central directory entry ${index} runs past the directory`);
  const flags = view.getUint16(pos + 8, true);
  const nameBytes = cd.subarray(pos + 46, pos + 46 + nameLength);
  const name = decodeZipName(nameBytes, (flags & 0x800) !== 0);
  const sizes = {
    uncompressedSize: view.getUint32(pos + 24, true),
    compressedSize: view.getUint32(pos + 20, true),
    localHeaderOffset: view.getUint32(pos + 42, true),
  };
  const extra = cd.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength);
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

/** Where an entry's (possibly compressed) bytes lie in the archive. */
export interface EntryData {
  start: number;
  length: number;
}

/**
 * Locates an entry's (possibly compressed) bytes via its local header, checking that the local
 * header agrees with the central directory (name, method, and sizes unless a data descriptor
 * follows) and that the data lies before the central directory. Reads only the local header.
 */
export function locateEntryData(
  reader: ByteReader,
  dir: ZipDirectory,
  entry: ZipEntry,
  label: string,
): EntryData {
  const at = entry.localHeaderOffset;
  const fixed = at + 30 > dir.centralDirectoryOffset ? undefined : dv(reader.read(at, 30));
  if (fixed === undefined || fixed.getUint32(0, true) !== SIG_LOCAL) {
    throw new NtError("FORMAT", `${label}: local header missing at offset ${at}`);
  }
  const nameLength = fixed.getUint16(26, true);
  const extraLength = fixed.getUint16(28, true);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > dir.centralDirectoryOffset) {
    throw new NtError(
      "FORMAT",
      `${label}: entry data (${entry.compressedSize} bytes at offset ${start}) runs past the end of the archive data`,
    );
  }
  const nameAndExtra = reader.read(at + 30, nameLength + extraLength);
  const localName = nameAndExtra.subarray(0, nameLength);
  if (localName.length !== entry.nameBytes.length || localName.some((b, i) => b !== entry.nameBytes[i])) {
    throw new NtError("FORMAT", `${label}: local header name differs from the central directory`);
  }
  if (fixed.getUint16(8, true) !== entry.method) {
    throw new NtError(
      "FORMAT",
      `${label}: local header compression method differs from the central directory`,
    );
  }
  if ((fixed.getUint16(6, true) & 0x8) === 0) {
    const local = {
      compressedSize: fixed.getUint32(18, true),
      uncompressedSize: fixed.getUint32(22, true),
    };
    applyZip64Extra(nameAndExtra.subarray(nameLength), local, label);
    if (local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize) {
      throw new NtError(
        "FORMAT",
        `${label}: local header sizes (${local.compressedSize}/${local.uncompressedSize}) differ from the central directory (${entry.compressedSize}/${entry.uncompressedSize})`,
      );
    }
  }
  return { start, length: entry.compressedSize };
}
