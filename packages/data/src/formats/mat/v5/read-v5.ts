import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { quoteForMessage, quotedList } from "@neurotranslator/schema";
import { MAX_MAT_VARIABLES, type MatFile, type MatLimits } from "../mat-file.ts";
import { inflateBounded } from "./inflate.ts";
import { decodeMatrix, matrixInfo, readMatrixHeader } from "./matrix.ts";
import type { MatrixHeader } from "./matrix.ts";
import { MI, readTag } from "./tags.ts";

/** Where one top-level variable lies: raw miMATRIX data, or an miCOMPRESSED zlib stream. */
interface Entry {
  compressed: boolean;
  offset: number;
  nbytes: number;
}

/** What every read from one open file shares: its byte order, its name (for messages) and the limits. */
interface OpenFile {
  le: boolean;
  file: string;
  limits: MatLimits;
}

/** zlib cannot expand more than ~1032:1; a claim beyond that is corrupt, not merely large. */
const MAX_ZLIB_RATIO = 1032;
const HEADER_PROBE_BYTES = 4096;

/**
 * Opens a MAT v5 file (header already checked: `le` is its byte order, `subsysOffset` the
 * subsystem-data offset or 0). Scans the top-level elements and reads each variable's name;
 * values are decoded on `get`.
 */
export function openV5(
  bytes: Uint8Array,
  le: boolean,
  subsysOffset: number,
  file: string,
  limits: MatLimits,
): MatFile {
  const opened: OpenFile = { le, file, limits };
  const entries = new Map<string, Entry & { header: MatrixHeader }>();
  let pos = 128;
  while (pos < bytes.length) {
    if (bytes.length - pos < 8 && bytes.subarray(pos).every((b) => b === 0)) break; // trailing padding
    const tag = readTag(bytes, pos, bytes.length, le, file);
    const entry: Entry = {
      compressed: tag.type === MI.COMPRESSED,
      offset: tag.dataOffset,
      nbytes: tag.nbytes,
    };
    if (tag.type !== MI.MATRIX && tag.type !== MI.COMPRESSED) {
      throw new NtError(
        "FORMAT",
        `${file}: top-level element at byte ${pos} has type ${tag.type}, expected miMATRIX (14) or miCOMPRESSED (15)`,
      );
    }
    // MATLAB's hidden subsystem data (class metadata) is not a variable
    if (pos !== subsysOffset) {
      const header = readEntryHeader(bytes, entry, opened);
      if (header.name !== "" && !entries.has(header.name)) entries.set(header.name, { ...entry, header });
      if (entries.size > MAX_MAT_VARIABLES) {
        throw new NtError(
          "LIMIT",
          `${file}: more than ${MAX_MAT_VARIABLES} variables (a MAT-file of arrays holds a few)`,
        );
      }
    }
    // compressed elements are not padded to 8 bytes
    pos = entry.compressed ? tag.dataOffset + tag.nbytes : tag.next;
  }

  const lookup = (name: string): Entry & { header: MatrixHeader } => {
    const entry = entries.get(name);
    if (entry === undefined) {
      throw new NtError(
        "NOT_FOUND",
        `${file}: no variable ${quoteForMessage(name)} (variables: ${quotedList([...entries.keys()])})`,
      );
    }
    return entry;
  };
  return {
    version: "5",
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    info: (name) => matrixInfo(lookup(name).header, file, limits),
    get(name): NdArray {
      const entry = lookup(name);
      // class, shape and limits from the header before anything is inflated
      const info = matrixInfo(entry.header, file, limits);
      const { data, start, end } = entryBytes(bytes, entry, opened, {
        headerOnly: false,
        maxClaim: maxMatrixBytes(info.shape),
      });
      return decodeMatrix(data, readMatrixHeader(data, start, end, le, file), end, le, file, limits);
    },
    close() {},
  };
}

/** Most bytes a matrix of `shape` can take: its values at 8 bytes each, plus the header elements. */
function maxMatrixBytes(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1) * 8 + 8 * 8 + shape.length * 4 + HEADER_PROBE_BYTES;
}

function readEntryHeader(bytes: Uint8Array, entry: Entry, opened: OpenFile): MatrixHeader {
  const { data, start, end } = entryBytes(bytes, entry, opened, { headerOnly: true });
  return readMatrixHeader(data, start, end, opened.le, opened.file);
}

/** How much of an entry to read: only the header probe, or all of it (claiming at most maxClaim bytes). */
interface EntryRead {
  headerOnly: boolean;
  /** Default: no bound beyond the limits. */
  maxClaim?: number;
}

/**
 * The bytes holding one miMATRIX's sub-elements: a view into the file, or the inflated stream
 * (only its first few KB when `headerOnly`).
 */
function entryBytes(
  bytes: Uint8Array,
  entry: Entry,
  opened: OpenFile,
  read: EntryRead,
): { data: Uint8Array; start: number; end: number } {
  const { le, file, limits } = opened;
  const { headerOnly, maxClaim = Infinity } = read;
  if (!entry.compressed) return { data: bytes, start: entry.offset, end: entry.offset + entry.nbytes };
  const where = `${file}: compressed element at byte ${entry.offset - 8}`;
  const src = bytes.subarray(entry.offset, entry.offset + entry.nbytes);
  // one 1 KB input slice may inflate to ~1 MB, hence the probe's output bound
  const probe = inflateBounded(src, {
    maxOut: 2 << 20,
    stopAfter: headerOnly ? HEADER_PROBE_BYTES : 8,
    where,
  });
  if (probe.length < 8) throw new NtError("FORMAT", `${where} inflates to only ${probe.length} bytes`);
  // the inner tag's size may exceed the probe, so it is read without readTag's bounds check
  const view = new DataView(probe.buffer, probe.byteOffset, probe.byteLength);
  if (view.getUint32(0, le) !== MI.MATRIX) throw new NtError("FORMAT", `${where} does not hold an miMATRIX`);
  const claimed = view.getUint32(4, le);
  if (claimed > MAX_ZLIB_RATIO * entry.nbytes + 64) {
    throw new NtError(
      "FORMAT",
      `${where} claims ${claimed} bytes from ${entry.nbytes} compressed bytes, more than zlib can expand`,
    );
  }
  if (headerOnly) return { data: probe, start: 8, end: Math.min(probe.length, 8 + claimed) };
  if (claimed > maxClaim) {
    throw new NtError(
      "FORMAT",
      `${where} claims ${claimed} bytes, more than its dimensions can need (${maxClaim})`,
    );
  }
  if (claimed > limits.maxBytes + HEADER_PROBE_BYTES) {
    throw new NtError(
      "LIMIT",
      `${where} decompresses to ${claimed} bytes, over the limit of ${limits.maxBytes}`,
    );
  }
  const full = inflateBounded(src, { maxOut: claimed + 8, where });
  if (full.length < claimed + 8) {
    throw new NtError(
      "FORMAT",
      `${where} inflates to ${full.length} bytes but its matrix claims ${claimed + 8}`,
    );
  }
  return { data: full, start: 8, end: 8 + claimed };
}
