// The dtype -> typed array map is part of the NdArray convention, so it lives in the schema.
export { MEMORY_ARRAY } from "@neurotranslator/schema";

/** Reverses the byte order of each `itemSize`-byte item of `bytes`, in place. */
export function swapBytesInPlace(bytes: Uint8Array, itemSize: number): void {
  if (itemSize === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const a = bytes[i] as number;
      bytes[i] = bytes[i + 1] as number;
      bytes[i + 1] = a;
    }
    return;
  }
  for (let i = 0; i + itemSize <= bytes.length; i += itemSize) {
    for (let lo = i, hi = i + itemSize - 1; lo < hi; lo += 1, hi -= 1) {
      const a = bytes[lo] as number;
      bytes[lo] = bytes[hi] as number;
      bytes[hi] = a;
    }
  }
}

/** ISO-8859-1 decode, byte n -> U+00nn (TextDecoder's "latin1" is really windows-1252). */
export function decodeLatin1Bytes(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}
