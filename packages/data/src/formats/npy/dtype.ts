import { NtError } from "@neurotranslator/schema";
import type { DType } from "@neurotranslator/schema";

/** Byte order of multi-byte items in a file; "|" = not applicable (1-byte items, strings of bytes). */
export type ByteOrder = "<" | ">" | "|";

/** A parsed .npy `descr`: what the bytes are and how to decode them. */
export interface NpyDtype {
  dtype: DType;
  /** "U" = UTF-32 strings, "S" = latin1 byte strings; both decode to dtype "unicode". */
  kind: "b" | "i" | "u" | "f" | "U" | "S";
  byteOrder: ByteOrder;
  /** Bytes per element in the file. */
  itemSize: number;
  /** Characters per string element (U and S only). */
  chars: number;
}

export const HOST_BYTE_ORDER: "<" | ">" = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "<" : ">";

const NUMERIC: Record<string, DType> = {
  b1: "bool",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
};

/** Bytes per element of each numeric dtype (unicode: per character). */
export const ITEM_SIZE: Record<DType, number> = {
  bool: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
  unicode: 4,
};

const DESCR_RE = /^([<>|=]?)([a-zA-Z?])(\d*)(.*)$/;

/**
 * Parses a NumPy dtype string (`'<f8'`, `'|b1'`, `'>U6'`, `'|S3'`). Complex, object (pickled),
 * datetime, void and structured dtypes are refused with FORMAT errors that name the dtype.
 */
export function parseDescr(descr: string, label: string): NpyDtype {
  const m = DESCR_RE.exec(descr);
  if (!m)
    throw new NtError(
      "FORMAT",
      `${label}: header descr ${JSON.stringify(descr)} is not a NumPy dtype string`,
    );
  const [, orderChar = "", kind = "", digits = "", rest = ""] = m;
  const order: ByteOrder =
    orderChar === "<" || orderChar === ">" ? orderChar : orderChar === "|" ? "|" : HOST_BYTE_ORDER;
  if (kind === "c") {
    throw new NtError(
      "FORMAT",
      `${label}: complex data (dtype ${descr}) where real numbers belong; complex arrays are not supported, save the real part (np.real) instead`,
    );
  }
  if (kind === "O") {
    throw new NtError(
      "FORMAT",
      `${label}: object array (dtype ${descr}): object arrays are stored as Python pickles, which are not loaded (allow_pickle is not supported); save a numeric or string array instead`,
    );
  }
  if (rest !== "" || digits.length > 12) {
    throw new NtError("FORMAT", `${label}: unsupported dtype ${JSON.stringify(descr)}`);
  }
  if (kind === "U" || kind === "S") {
    const chars = digits === "" ? 0 : Number(digits);
    return {
      dtype: "unicode",
      kind,
      byteOrder: kind === "S" ? "|" : order,
      itemSize: kind === "U" ? chars * 4 : chars,
      chars,
    };
  }
  const dtype = NUMERIC[`${kind}${digits}`];
  if (dtype === undefined) {
    throw new NtError(
      "FORMAT",
      `${label}: unsupported dtype ${JSON.stringify(descr)} (supported: bool, int8..int64, uint8..uint64, float16/32/64, unicode and byte strings)`,
    );
  }
  const itemSize = ITEM_SIZE[dtype];
  return {
    dtype,
    kind: kind as NpyDtype["kind"],
    byteOrder: itemSize === 1 ? "|" : order,
    itemSize,
    chars: 0,
  };
}

/** The descr NumPy writes for `dtype` (`'<f8'`, `'|b1'`, `'<U6'`). */
export function formatDescr(dtype: DType, byteOrder: "<" | ">", chars: number): string {
  if (dtype === "unicode") return `${byteOrder}U${chars}`;
  const code = Object.entries(NUMERIC).find(([, d]) => d === dtype)?.[0] ?? "";
  return `${ITEM_SIZE[dtype] === 1 ? "|" : byteOrder}${code}`;
}
