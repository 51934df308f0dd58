import { NtError } from "@neurotranslator/schema";
import type { NumericTypedArray } from "@neurotranslator/schema";
import { HOST_BYTE_ORDER, type NpyDtype } from "./dtype.ts";
import { widenFloat16 } from "./float16.ts";
import { MEMORY_ARRAY, decodeLatin1Bytes, swapBytesInPlace } from "./typed-arrays.ts";

/**
 * Decodes `count` items starting at `offset` of `bytes` into memory form. Numeric data that is
 * host-order and aligned comes back as a view that aliases `bytes` (no copy); otherwise it is
 * copied once (and byte-swapped, or float16 widened). Strings come back as string[].
 */
export function decodeNpyData(
  bytes: Uint8Array,
  offset: number,
  count: number,
  t: NpyDtype,
  label: string,
): NumericTypedArray | string[] {
  const byteLength = count * t.itemSize;
  if (t.dtype === "unicode")
    return t.kind === "U"
      ? decodeUtf32(bytes, offset, count, t, label)
      : decodeLatin1(bytes, offset, count, t);
  const swap = t.byteOrder !== "|" && t.byteOrder !== HOST_BYTE_ORDER;
  const absolute = bytes.byteOffset + offset;
  let source: Uint8Array;
  let fresh = false;
  if (!swap && absolute % t.itemSize === 0) {
    source = bytes.subarray(offset, offset + byteLength);
  } else {
    source = copyBytes(bytes.subarray(offset, offset + byteLength));
    fresh = true;
    if (swap) swapBytesInPlace(source, t.itemSize);
  }
  if (t.dtype === "float16") return widenFloat16(new Uint16Array(source.buffer, source.byteOffset, count));
  if (t.dtype === "bool") return normaliseBool(source, fresh);
  const Ctor = MEMORY_ARRAY[t.dtype];
  return new Ctor(source.buffer, source.byteOffset, count);
}

/** A copy in a fresh buffer. (`slice()` on a Node Buffer is a view, not a copy.) */
function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** NumPy reads any nonzero byte as True; keep the 0/1 invariant (copying only if needed). */
function normaliseBool(source: Uint8Array, fresh: boolean): Uint8Array {
  if (source.every((b) => b <= 1)) return source;
  const out = fresh ? source : copyBytes(source);
  for (let i = 0; i < out.length; i += 1) out[i] = out[i] === 0 ? 0 : 1;
  return out;
}

function decodeUtf32(bytes: Uint8Array, offset: number, count: number, t: NpyDtype, label: string): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * t.itemSize);
  const little = t.byteOrder !== ">";
  const out = new Array<string>(count);
  const codes: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const base = i * t.itemSize;
    let end = t.chars;
    // NumPy strips trailing NULs.
    while (end > 0 && view.getUint32(base + (end - 1) * 4, little) === 0) end -= 1;
    codes.length = 0;
    for (let c = 0; c < end; c += 1) {
      const cp = view.getUint32(base + c * 4, little);
      if (cp > 0x10ffff) {
        throw new NtError(
          "FORMAT",
          `${label}: element ${i} holds invalid code point 0x${cp.toString(16)} in a unicode array`,
        );
      }
      codes.push(cp);
    }
    out[i] = codesToString(codes);
  }
  return out;
}

function codesToString(codes: number[]): string {
  let s = "";
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCodePoint(...codes.slice(i, i + 4096));
  return s;
}

function decodeLatin1(bytes: Uint8Array, offset: number, count: number, t: NpyDtype): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i += 1) {
    const start = offset + i * t.itemSize;
    let end = start + t.itemSize;
    while (end > start && bytes[end - 1] === 0) end -= 1;
    out[i] = decodeLatin1Bytes(bytes.subarray(start, end));
  }
  return out;
}
