import { NtError, formatShape } from "@neurotranslator/schema";
import type { DType, NdArray } from "@neurotranslator/schema";

/** Throws NtError BAD_INPUT unless `array`'s shape matches `expected` (`null` = any size). */
export function checkShape(array: NdArray, expected: readonly (number | null)[], what: string): void {
  const ok =
    array.shape.length === expected.length && expected.every((d, i) => d === null || array.shape[i] === d);
  if (!ok) {
    const want = formatShape(expected.map((d) => (d === null ? Number.NaN : d))).replaceAll("NaN", "*");
    throw new NtError("BAD_INPUT", `${what} has shape ${formatShape(array.shape)}; expected ${want}`);
  }
}

/** Throws NtError BAD_INPUT unless `array`'s dtype is one of `allowed`. */
export function checkDtype(array: NdArray, allowed: readonly DType[], what: string): void {
  if (!allowed.includes(array.dtype)) {
    throw new NtError("BAD_INPUT", `${what} has dtype ${array.dtype}; expected one of ${allowed.join(", ")}`);
  }
}

export const FLOAT_DTYPES: readonly DType[] = ["float16", "float32", "float64"];
export const INT_DTYPES: readonly DType[] = [
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
];
