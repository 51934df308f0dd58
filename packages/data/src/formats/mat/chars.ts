import { NtError, formatShape } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";

/**
 * Turns a MATLAB char array (character codes in column-major order, MATLAB dims [m, n]) into m
 * strings of n characters: a "unicode" NdArray of shape [m]. Codes are UTF-16 code units (v7.3,
 * miUINT16) or code points (miUTF8/miUTF32); both go through String.fromCodePoint.
 */
export function charsToStrings(codes: ArrayLike<number>, dims: readonly number[], where: string): NdArray {
  if (dims.length !== 2) {
    throw new NtError(
      "FORMAT",
      `${where} is a char array of shape ${formatShape(dims)}; only 2-d char arrays are supported`,
    );
  }
  const [m = 0, n = 0] = dims;
  if (codes.length !== m * n) {
    throw new NtError(
      "FORMAT",
      `${where} is a char array of shape ${formatShape(dims)} but holds ${codes.length} characters`,
    );
  }
  const rows: string[] = [];
  for (let i = 0; i < m; i++) {
    const units: number[] = [];
    for (let j = 0; j < n; j++) units.push(codes[i + m * j] ?? 0);
    rows.push(decodeUnits(units));
  }
  return { dtype: "unicode", shape: [m], data: rows };
}

/** Code units that form UTF-16 surrogate pairs are joined; others are taken as code points. */
function decodeUnits(units: number[]): string {
  if (units.every((u) => u <= 0xffff)) return new TextDecoder("utf-16le").decode(Uint16Array.from(units));
  return units.map((u) => (u <= 0x10ffff ? String.fromCodePoint(u) : "\ufffd")).join("");
}
