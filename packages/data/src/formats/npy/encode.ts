import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import { HOST_BYTE_ORDER, ITEM_SIZE } from "./dtype.ts";
import { narrowToFloat16 } from "./float16.ts";
import { reorderLayout } from "./transpose.ts";
import { swapBytesInPlace } from "./typed-arrays.ts";

/**
 * Encodes an NdArray's elements as file bytes in `byteOrder`, C or Fortran order. Host-order
 * C-ordered numeric data is returned as a view over `arr.data` (no copy). `chars` is the string
 * width for unicode arrays.
 */
export function encodeNpyData(
  arr: NdArray,
  byteOrder: "<" | ">",
  fortranOrder: boolean,
  chars: number,
): Uint8Array {
  let data = arr.data;
  if (fortranOrder && arr.shape.length > 1 && data.length > 0) {
    const reordered = Array.isArray(data)
      ? new Array<string>(data.length)
      : new (data.constructor as Float64ArrayConstructor)(data.length);
    reorderLayout<string | number | bigint>(data, reordered, arr.shape, "toFortran");
    data = reordered as NumericTypedArray | string[];
  }
  if (Array.isArray(data)) return encodeUtf32(data, chars, byteOrder);
  let bytes: Uint8Array;
  let fresh = data !== arr.data;
  if (arr.dtype === "float16") {
    const half = narrowToFloat16(data as Float32Array);
    bytes = new Uint8Array(half.buffer);
    fresh = true;
  } else {
    bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const itemSize = ITEM_SIZE[arr.dtype];
  if (itemSize > 1 && byteOrder !== HOST_BYTE_ORDER) {
    if (!fresh) bytes = bytes.slice();
    swapBytesInPlace(bytes, itemSize);
  }
  if (arr.dtype === "bool" && bytes.some((b) => b > 1)) {
    bytes = bytes.map((b) => (b === 0 ? 0 : 1));
  }
  return bytes;
}

/** Widest string in code points (NumPy's U width; at least 1, as np.array(['']) is <U1). */
export function unicodeWidth(strings: readonly string[]): number {
  let width = 1;
  for (const s of strings) {
    let n = 0;
    for (const _ of s) n += 1;
    if (n > width) width = n;
  }
  return width;
}

function encodeUtf32(strings: readonly string[], chars: number, byteOrder: "<" | ">"): Uint8Array {
  const out = new Uint8Array(strings.length * chars * 4);
  const view = new DataView(out.buffer);
  const little = byteOrder === "<";
  strings.forEach((s, i) => {
    let c = 0;
    for (const ch of s) {
      view.setUint32((i * chars + c) * 4, ch.codePointAt(0) as number, little);
      c += 1;
    }
  });
  return out;
}
