import { NtError } from "@neurotranslator/schema";
import { parseDescr, type NpyDtype } from "./dtype.ts";
import { parsePyLiteral, type PyValue } from "./header-literal.ts";
import { MAX_HEADER_CHARS, MAX_NDIM } from "./limits.ts";
import { decodeLatin1Bytes } from "./typed-arrays.ts";

/** `\x93NUMPY`: the first six bytes of every .npy file. */
export const NPY_MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59);

export type NpyVersion = 1 | 2 | 3;

/** What a .npy header says, validated. */
export interface NpyHeader {
  version: NpyVersion;
  npyDtype: NpyDtype;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the first data byte from the start of the .npy bytes. */
  dataOffset: number;
}

/** True when `bytes` starts with the .npy magic string. */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  return bytes.length >= NPY_MAGIC.length && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads and validates the preamble and header dict of a .npy file. */
export function readNpyHeader(bytes: Uint8Array, label: string): NpyHeader {
  if (!hasNpyMagic(bytes)) {
    throw new NtError(
      "FORMAT",
      `${label}: not a .npy file (does not start with \\x93NUMPY; ${bytes.length} bytes)`,
    );
  }
  if (bytes.length < 10)
    throw new NtError("FORMAT", `${label}: truncated .npy preamble (${bytes.length} bytes)`);
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new NtError(
      "FORMAT",
      `${label}: unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes)
    throw new NtError("FORMAT", `${label}: truncated .npy preamble (${bytes.length} bytes)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  // UTF-8 needs at most 4 bytes per character.
  if (headerLength > MAX_HEADER_CHARS * (major === 3 ? 4 : 1)) {
    throw new NtError(
      "LIMIT",
      `${label}: .npy header length ${headerLength} exceeds the limit of ${MAX_HEADER_CHARS} characters`,
    );
  }
  if (headerStart + headerLength > bytes.length) {
    throw new NtError(
      "FORMAT",
      `${label}: truncated .npy header (claims ${headerLength} bytes, ${bytes.length - headerStart} present)`,
    );
  }
  const raw = bytes.subarray(headerStart, headerStart + headerLength);
  let text: string;
  try {
    text = major === 3 ? new TextDecoder("utf-8", { fatal: true }).decode(raw) : decodeLatin1Bytes(raw);
  } catch {
    throw new NtError("FORMAT", `${label}: .npy version 3.0 header is not valid UTF-8`);
  }
  if (text.length > MAX_HEADER_CHARS) {
    throw new NtError(
      "LIMIT",
      `${label}: .npy header of ${text.length} characters exceeds the limit of ${MAX_HEADER_CHARS}`,
    );
  }
  const fields = validateHeaderDict(parsePyLiteral(text, label), label);
  return { version: major, ...fields, dataOffset: headerStart + headerLength };
}

function validateHeaderDict(value: PyValue, label: string): Omit<NpyHeader, "version" | "dataOffset"> {
  if (typeof value !== "object" || value === null || value.kind !== "dict") {
    throw new NtError("FORMAT", `${label}: .npy header is not a dict`);
  }
  const keys = [...value.entries.keys()].sort();
  if (keys.join(",") !== "descr,fortran_order,shape") {
    throw new NtError(
      "FORMAT",
      `${label}: .npy header must have exactly the keys descr, fortran_order, shape; found ${keys.map((k) => `'${k}'`).join(", ") || "none"}`,
    );
  }
  const descr = value.entries.get("descr");
  if (typeof descr !== "string") {
    const structured = typeof descr === "object" && descr !== null && descr.kind === "list";
    throw new NtError(
      "FORMAT",
      structured
        ? `${label}: structured (record) dtypes are not supported; save each field as its own array`
        : `${label}: header descr is not a dtype string`,
    );
  }
  const fortranOrder = value.entries.get("fortran_order");
  if (typeof fortranOrder !== "boolean") {
    throw new NtError("FORMAT", `${label}: header fortran_order is not True or False`);
  }
  const shapeValue = value.entries.get("shape");
  if (typeof shapeValue !== "object" || shapeValue === null || shapeValue.kind !== "tuple") {
    throw new NtError("FORMAT", `${label}: header shape is not a tuple`);
  }
  if (shapeValue.items.length > MAX_NDIM) {
    throw new NtError(
      "LIMIT",
      `${label}: header shape has ${shapeValue.items.length} dimensions (limit ${MAX_NDIM})`,
    );
  }
  const shape = shapeValue.items.map((d, i) => {
    if (typeof d !== "bigint" || d < 0n) {
      throw new NtError("FORMAT", `${label}: header shape entry ${i} is not a non-negative integer`);
    }
    if (d > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new NtError("LIMIT", `${label}: header shape entry ${i} = ${d} is too large`);
    }
    return Number(d);
  });
  return { npyDtype: parseDescr(descr, label), fortranOrder, shape };
}

const GROWTH_AXIS_MAX_DIGITS = 21;
const ARRAY_ALIGN = 64;

/**
 * Builds the preamble + header exactly as NumPy 1.24 `np.save` does (sorted keys, growth
 * padding, 64-byte alignment), choosing version 1.0 unless the header needs more.
 */
export function buildNpyHeader(
  descr: string,
  fortranOrder: boolean,
  shape: readonly number[],
  version?: NpyVersion,
): Uint8Array {
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? "True" : "False"}, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) {
    const growthDim = fortranOrder ? shape[shape.length - 1] : shape[0];
    dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growthDim).length));
  }
  const text = new TextEncoder().encode(dict);
  const layout = (v: NpyVersion): { prefixLength: number; headerLength: number } => {
    const prefixLength = v === 1 ? 10 : 12;
    const padding = ARRAY_ALIGN - ((prefixLength + text.length + 1) % ARRAY_ALIGN);
    return { prefixLength, headerLength: text.length + padding + 1 };
  };
  const chosen: NpyVersion = version ?? (layout(1).headerLength <= 0xffff ? 1 : 2);
  const { prefixLength, headerLength } = layout(chosen);
  if (chosen === 1 && headerLength > 0xffff) {
    throw new NtError("BAD_INPUT", `.npy header of ${headerLength} bytes does not fit format version 1.0`);
  }
  const out = new Uint8Array(prefixLength + headerLength);
  out.set(NPY_MAGIC, 0);
  out[6] = chosen;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (chosen === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  out.set(text, prefixLength);
  out.fill(0x20, prefixLength + text.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}
