import { NtError } from "@neurotranslator/schema";

/** MAT v5 data types (miXXX), from the MAT-file format reference. */
export const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;

export interface Tag {
  type: number;
  nbytes: number;
  /** Absolute offset of the element's data. */
  dataOffset: number;
  /** Offset of the next element (data padded to 8 bytes; small elements take 8 in all). */
  next: number;
}

/**
 * Reads the data-element tag at `offset` in `bytes`, within [offset, end). Handles the small data
 * element format (size in the upper 16 bits of the first word, data in the second word).
 * Throws FORMAT when the tag or its data run past `end`.
 */
export function readTag(bytes: Uint8Array, offset: number, end: number, le: boolean, where: string): Tag {
  if (offset + 8 > end) {
    throw new NtError(
      "FORMAT",
      `${where}: truncated data element tag at byte ${offset} (${end - offset} bytes left)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word0 = view.getUint32(offset, le);
  const small = word0 >>> 16;
  if (small !== 0) {
    if (small > 4) {
      throw new NtError(
        "FORMAT",
        `${where}: small data element at byte ${offset} claims ${small} bytes (at most 4)`,
      );
    }
    return { type: word0 & 0xffff, nbytes: small, dataOffset: offset + 4, next: offset + 8 };
  }
  const nbytes = view.getUint32(offset + 4, le);
  const dataOffset = offset + 8;
  if (nbytes > end - dataOffset) {
    throw new NtError(
      "FORMAT",
      `${where}: data element at byte ${offset} (type ${word0}) claims ${nbytes} bytes but only ${end - dataOffset} remain (truncated file?)`,
    );
  }
  return { type: word0, nbytes, dataOffset, next: dataOffset + nbytes + ((8 - (nbytes % 8)) % 8) };
}
