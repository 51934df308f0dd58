import { endianness } from "node:os";
import { NtError, formatShape } from "@neurotranslator/schema";
import { MEMORY_ARRAY, type DType, type NdArray } from "@neurotranslator/schema";

// Stored bytes are little-endian, the host order of every platform Node ships for today; a big-endian
// host would need byte swapping, so it is refused rather than silently misread.
if (endianness() !== "LE") {
  throw new NtError("ENGINE", `the array store needs a little-endian host; this one is ${endianness()}`);
}

/** Number of elements of `shape`, checking each dimension is a non-negative integer. */
export function elementCount(shape: readonly number[], what: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new NtError("BAD_INPUT", `${what}: invalid shape ${formatShape(shape)}`);
    n *= d;
  }
  return n;
}

/**
 * The bytes to store for `array`, as a view over its data when numeric (no copy); unicode arrays
 * are stored as the UTF-8 JSON of their strings. Checks dtype, typed-array kind and shape agree.
 */
export function arrayBytes(array: NdArray, what: string): Uint8Array {
  const n = elementCount(array.shape, what);
  if (array.data.length !== n) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: shape ${formatShape(array.shape)} has ${n} elements but data has ${array.data.length}`,
    );
  }
  if (array.dtype === "unicode") {
    if (!Array.isArray(array.data))
      throw new NtError("BAD_INPUT", `${what}: dtype unicode needs string[] data`);
    return new TextEncoder().encode(JSON.stringify(array.data));
  }
  const expected = MEMORY_ARRAY[array.dtype];
  if (Array.isArray(array.data) || array.data.constructor !== expected) {
    const got = Array.isArray(array.data) ? "string[]" : array.data.constructor.name;
    throw new NtError("BAD_INPUT", `${what}: dtype ${array.dtype} needs ${expected.name} data, got ${got}`);
  }
  const data = array.data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Rebuilds an NdArray from stored bytes; `buffer` is used as is (a view, no copy) for numeric dtypes. */
export function arrayFromBytes(dtype: DType, shape: number[], buffer: ArrayBuffer, what: string): NdArray {
  if (dtype === "unicode") {
    const data = JSON.parse(new TextDecoder().decode(buffer)) as unknown;
    if (!Array.isArray(data) || !data.every((s) => typeof s === "string")) {
      throw new NtError("STORE", `${what}: stored unicode array is not a list of strings`);
    }
    return { dtype, shape, data: data as string[] };
  }
  const ctor = MEMORY_ARRAY[dtype];
  const n = elementCount(shape, what);
  if (buffer.byteLength !== n * ctor.BYTES_PER_ELEMENT) {
    throw new NtError(
      "STORE",
      `${what}: ${buffer.byteLength} stored bytes do not fit dtype ${dtype} and shape ${formatShape(shape)}`,
    );
  }
  return { dtype, shape, data: new ctor(buffer, 0, n) };
}
