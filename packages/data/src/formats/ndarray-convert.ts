import { NtError, formatShape } from "@neurotranslator/schema";
import type { DType, NdArray } from "@neurotranslator/schema";

/** True for every dtype that holds numbers (bool counts, as 0/1); false for unicode. */
export function isNumeric(dtype: DType): boolean {
  return dtype !== "unicode";
}

function numericData(arr: NdArray, what: string): Exclude<NdArray["data"], string[]> {
  if (Array.isArray(arr.data) || !isNumeric(arr.dtype)) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected numbers but found text (dtype ${arr.dtype}, shape ${formatShape(arr.shape)})`,
    );
  }
  return arr.data;
}

/**
 * Converts any numeric array to float32 data (bool -> 0/1, int64 via Number). Returns
 * `arr.data` itself when it already is a Float32Array (float32 and widened float16), else a copy.
 */
export function toFloat32(arr: NdArray, what: string): Float32Array {
  const data = numericData(arr, what);
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = Number(data[i]);
  return out;
}

/** Converts any numeric array to float64 data; returns `arr.data` itself when it is Float64Array. */
export function toFloat64(arr: NdArray, what: string): Float64Array {
  const data = numericData(arr, what);
  if (data instanceof Float64Array) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = Number(data[i]);
  return out;
}

/**
 * Converts integer-valued data (any integer dtype, bool, or floats holding whole numbers, as
 * label and ROI arrays often are) to Int32Array. Fractions, NaN and values outside int32 are
 * BAD_INPUT naming the first offending element. Returns `arr.data` itself when it is Int32Array.
 */
export function toInt32(arr: NdArray, what: string): Int32Array {
  const data = numericData(arr, what);
  if (data instanceof Int32Array) return data;
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i += 1) {
    const v = Number(data[i]);
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new NtError(
        "BAD_INPUT",
        `${what}: element ${i} = ${String(data[i])} is not an int32 integer (dtype ${arr.dtype})`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Throws BAD_INPUT unless `arr.shape` matches `expected`; `null` entries match any length.
 * E.g. assertShape(responses, [1750, null], "responses").
 */
export function assertShape(arr: NdArray, expected: readonly (number | null)[], what: string): void {
  const ok =
    arr.shape.length === expected.length && expected.every((d, i) => d === null || d === arr.shape[i]);
  if (!ok) {
    const want =
      expected.length === 1
        ? `(${expected[0] ?? "any"},)`
        : `(${expected.map((d) => d ?? "any").join(", ")})`;
    throw new NtError("BAD_INPUT", `${what}: expected shape ${want} but got ${formatShape(arr.shape)}`);
  }
}
