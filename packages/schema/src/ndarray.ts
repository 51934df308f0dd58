import { z } from "zod";

/** NumPy dtypes we read and write (native JS order; byte order is a file concern). */
export const DTYPES = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
  "unicode",
] as const;
export const DType = z.enum(DTYPES);
export type DType = z.infer<typeof DType>;

export type NumericTypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** A typed-array constructor of `NumericTypedArray` (both construction forms are used). */
export type NumericTypedArrayConstructor = {
  new (length: number): NumericTypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): NumericTypedArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** The typed array that holds each numeric dtype in memory (float16 is held widened to float32). */
export const MEMORY_ARRAY: Record<Exclude<DType, "unicode">, NumericTypedArrayConstructor> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Float32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * An n-dimensional array in C (row-major) order, held in memory in host byte order.
 * bool and uint8 use Uint8Array; float16 is widened to Float32Array on read (data) but keeps
 * dtype "float16" so it is written back as float16; unicode arrays hold string[].
 */
export interface NdArray {
  dtype: DType;
  shape: number[];
  data: NumericTypedArray | string[];
}

/** Float matrices the numeric core works on: row-major [rows, cols]. */
export interface Matrix32 {
  rows: number;
  cols: number;
  data: Float32Array;
}
export interface Matrix64 {
  rows: number;
  cols: number;
  data: Float64Array;
}
