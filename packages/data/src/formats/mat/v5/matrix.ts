import { NtError, formatShape } from "@neurotranslator/schema";
import type { DType, NdArray, NumericTypedArray } from "@neurotranslator/schema";
import { fortranToC } from "../fortran-order.ts";
import { checkLimits, shapeSize } from "../limits.ts";
import { quoteForMessage } from "@neurotranslator/schema";
import type { MatLimits, MatVariableInfo } from "../mat-file.ts";
import { charsToStrings } from "../chars.ts";
import { readStorage, storageSize, widen } from "./numbers.ts";
import { MI, readTag, type Tag } from "./tags.ts";

/** MATLAB array classes (mxXXX) that decode to numbers. */
const NUMERIC_CLASSES: Record<number, { dtype: DType; ctor: { new (n: number): NumericTypedArray } }> = {
  6: { dtype: "float64", ctor: Float64Array },
  7: { dtype: "float32", ctor: Float32Array },
  8: { dtype: "int8", ctor: Int8Array },
  9: { dtype: "uint8", ctor: Uint8Array },
  10: { dtype: "int16", ctor: Int16Array },
  11: { dtype: "uint16", ctor: Uint16Array },
  12: { dtype: "int32", ctor: Int32Array },
  13: { dtype: "uint32", ctor: Uint32Array },
  14: { dtype: "int64", ctor: BigInt64Array },
  15: { dtype: "uint64", ctor: BigUint64Array },
};
const MX_CHAR = 4;
/** Most dimensions a variable may have (as the .npy reader; MATLAB itself writes few). */
const MAX_DIMS = 64;
const UNSUPPORTED_CLASSES: Record<number, string> = {
  1: "cell",
  2: "struct",
  3: "object",
  5: "sparse",
  16: "function_handle",
  17: "opaque (MATLAB object, e.g. string or table)",
};

export interface MatrixHeader {
  name: string;
  mxClass: number;
  complex: boolean;
  logical: boolean;
  /** MATLAB dims. */
  dims: number[];
  /** Offset of the first sub-element after the name (the real part). */
  dataPos: number;
}

/**
 * Reads the array flags, dimensions and name of the miMATRIX whose data lie in bytes[start, end).
 * `le`: file byte order; `where`: "file.mat" for messages.
 */
export function readMatrixHeader(
  bytes: Uint8Array,
  start: number,
  end: number,
  le: boolean,
  where: string,
): MatrixHeader {
  const flagsTag = readTag(bytes, start, end, le, where);
  if (flagsTag.type !== MI.UINT32 || flagsTag.nbytes !== 8) {
    throw new NtError(
      "FORMAT",
      `${where}: matrix at byte ${start} has no array-flags element (type ${flagsTag.type}, ${flagsTag.nbytes} bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(flagsTag.dataOffset, le);
  const dimsTag = readTag(bytes, flagsTag.next, end, le, where);
  if (dimsTag.type !== MI.INT32 || dimsTag.nbytes < 8 || dimsTag.nbytes % 4 !== 0) {
    throw new NtError(
      "FORMAT",
      `${where}: matrix at byte ${start} has a bad dimensions element (type ${dimsTag.type}, ${dimsTag.nbytes} bytes)`,
    );
  }
  if (dimsTag.nbytes / 4 > MAX_DIMS) {
    throw new NtError(
      "LIMIT",
      `${where}: matrix at byte ${start} has ${dimsTag.nbytes / 4} dimensions (limit ${MAX_DIMS})`,
    );
  }
  const dims: number[] = [];
  for (let o = dimsTag.dataOffset; o < dimsTag.dataOffset + dimsTag.nbytes; o += 4)
    dims.push(view.getInt32(o, le));
  const nameTag = readTag(bytes, dimsTag.next, end, le, where);
  if (nameTag.type !== MI.INT8 && nameTag.type !== MI.UINT8) {
    throw new NtError(
      "FORMAT",
      `${where}: matrix at byte ${start} has a bad name element (type ${nameTag.type})`,
    );
  }
  const name = new TextDecoder("latin1").decode(
    bytes.subarray(nameTag.dataOffset, nameTag.dataOffset + nameTag.nbytes),
  );
  return {
    name,
    mxClass: flags & 0xff,
    complex: (flags & 0x0800) !== 0,
    logical: (flags & 0x0200) !== 0,
    dims,
    dataPos: nameTag.next,
  };
}

/** Checks a matrix's class and size limits from its header alone; returns what `decodeMatrix` would give. */
export function matrixInfo(h: MatrixHeader, file: string, limits: MatLimits): MatVariableInfo {
  const where = `${file}: variable ${quoteForMessage(h.name)}`;
  const unsupported = UNSUPPORTED_CLASSES[h.mxClass];
  if (unsupported !== undefined) {
    throw new NtError(
      "FORMAT",
      `${where} is a ${unsupported} array, which is not supported (save numeric arrays)`,
    );
  }
  if (h.complex) throw new NtError("FORMAT", `${where} holds complex data, which is not supported`);
  const count = shapeSize(h.dims, where);
  const cls = NUMERIC_CLASSES[h.mxClass];
  if (cls === undefined && h.mxClass !== MX_CHAR) {
    throw new NtError("FORMAT", `${where} has unknown array class ${h.mxClass}`);
  }
  checkLimits(count, cls?.ctor === undefined ? 8 : new cls.ctor(0).BYTES_PER_ELEMENT, limits, where, h.dims);
  if (h.mxClass === MX_CHAR) return { dtype: "unicode", shape: [h.dims[0] ?? 0] };
  return { dtype: h.logical ? "bool" : (cls as NonNullable<typeof cls>).dtype, shape: h.dims };
}

/** Decodes the miMATRIX (header `h`, data in bytes[.., end)) into a C-order NdArray with MATLAB's shape. */
export function decodeMatrix(
  bytes: Uint8Array,
  h: MatrixHeader,
  end: number,
  le: boolean,
  file: string,
  limits: MatLimits,
): NdArray {
  const where = `${file}: variable ${quoteForMessage(h.name)}`;
  matrixInfo(h, file, limits);
  const count = shapeSize(h.dims, where);
  const cls = NUMERIC_CLASSES[h.mxClass];
  const tag = readTag(bytes, h.dataPos, end, le, where);
  if (h.mxClass === MX_CHAR) return decodeChars(bytes, tag, h, le, where);
  const size = storageSize(tag.type);
  if (size === undefined || tag.type === MI.UTF16 || tag.type === MI.UTF32) {
    throw new NtError("FORMAT", `${where}: data element type ${tag.type} is not a numeric type`);
  }
  if (tag.nbytes !== count * size) {
    throw new NtError(
      "FORMAT",
      `${where} has shape ${formatShape(h.dims)} (${count} values) but its data element holds ${tag.nbytes} bytes of ${size}-byte values`,
    );
  }
  const stored = readStorage(bytes, tag.dataOffset, tag.nbytes, tag.type, le, where);
  if (h.logical) {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = stored[i] ? 1 : 0;
    return { dtype: "bool", shape: h.dims, data: fortranToC(out, h.dims) };
  }
  const target = cls as NonNullable<typeof cls>;
  return { dtype: target.dtype, shape: h.dims, data: fortranToC(widen(stored, target.ctor, where), h.dims) };
}

/** The char array of header h from its data element (`tag`). */
function decodeChars(bytes: Uint8Array, tag: Tag, h: MatrixHeader, le: boolean, where: string): NdArray {
  const { type, dataOffset: offset, nbytes } = tag;
  let codes: ArrayLike<number>;
  if (type === MI.UTF8) {
    const text = new TextDecoder("utf-8").decode(bytes.subarray(offset, offset + nbytes));
    codes = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  } else if (type === MI.UINT8 || type === MI.INT8) {
    codes = bytes.subarray(offset, offset + nbytes);
  } else if (type === MI.UINT16 || type === MI.UTF16 || type === MI.UTF32 || type === MI.UINT32) {
    codes = readStorage(bytes, offset, nbytes, type, le, where) as Uint16Array | Uint32Array;
  } else {
    throw new NtError("FORMAT", `${where}: char data stored as unsupported type ${type}`);
  }
  return charsToStrings(codes, h.dims, where);
}
