import type { NdArray } from "@neurotranslator/schema";
import { formatDescr } from "./dtype.ts";
import { encodeNpyData, unicodeWidth } from "./encode.ts";
import { buildNpyHeader, type NpyVersion } from "./header.ts";
import { assertWritable } from "./validate.ts";

export interface WriteNpyOptions {
  /** Store the data in Fortran (column-major) order with fortran_order: True. Default false. */
  fortranOrder?: boolean;
  /** Byte order of multi-byte items. Default "<" (what NumPy writes on every common machine). */
  byteOrder?: "<" | ">";
  /** Force a format version; default: 1.0 unless the header needs 2.0, as np.save. */
  version?: NpyVersion;
  /** Name used in error messages. */
  source?: string;
}

/**
 * Encodes an NdArray as .npy parts: [header, data]. The data part may be a view over
 * `arr.data` (host order, C order), so callers that keep the parts must not mutate the array.
 */
export function encodeNpyParts(arr: NdArray, options: WriteNpyOptions = {}): [Uint8Array, Uint8Array] {
  assertWritable(arr, options.source ?? "<array>");
  const byteOrder = options.byteOrder ?? "<";
  const fortranOrder = options.fortranOrder ?? false;
  const chars = arr.dtype === "unicode" ? unicodeWidth(arr.data as string[]) : 0;
  const header = buildNpyHeader(
    formatDescr(arr.dtype, byteOrder, chars),
    fortranOrder,
    arr.shape,
    options.version,
  );
  return [header, encodeNpyData(arr, byteOrder, fortranOrder, chars)];
}

/**
 * Encodes an NdArray as a .npy file, byte for byte what NumPy 1.24 `np.save` writes for the
 * same little-endian C-ordered array. float16 data is narrowed back to float16 exactly.
 */
export function writeNpy(arr: NdArray, options: WriteNpyOptions = {}): Uint8Array {
  const [header, data] = encodeNpyParts(arr, options);
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}
