import type { DType, NumericTypedArray } from "@neurotranslator/schema";

/** How MATLAB stores each class it can write to v7.3 as a plain dataset. */
export interface ClassSpec {
  dtype: DType;
  /** HDF5 type class: 0 integer, 1 float. */
  h5Type: 0 | 1;
  size: number;
  signed: boolean;
  ctor: { new (n: number): NumericTypedArray };
}

export const MATLAB_CLASSES: Record<string, ClassSpec> = {
  double: { dtype: "float64", h5Type: 1, size: 8, signed: true, ctor: Float64Array },
  single: { dtype: "float32", h5Type: 1, size: 4, signed: true, ctor: Float32Array },
  int8: { dtype: "int8", h5Type: 0, size: 1, signed: true, ctor: Int8Array },
  uint8: { dtype: "uint8", h5Type: 0, size: 1, signed: false, ctor: Uint8Array },
  int16: { dtype: "int16", h5Type: 0, size: 2, signed: true, ctor: Int16Array },
  uint16: { dtype: "uint16", h5Type: 0, size: 2, signed: false, ctor: Uint16Array },
  int32: { dtype: "int32", h5Type: 0, size: 4, signed: true, ctor: Int32Array },
  uint32: { dtype: "uint32", h5Type: 0, size: 4, signed: false, ctor: Uint32Array },
  int64: { dtype: "int64", h5Type: 0, size: 8, signed: true, ctor: BigInt64Array },
  uint64: { dtype: "uint64", h5Type: 0, size: 8, signed: false, ctor: BigUint64Array },
  logical: { dtype: "bool", h5Type: 0, size: 1, signed: false, ctor: Uint8Array },
  char: { dtype: "unicode", h5Type: 0, size: 2, signed: false, ctor: Uint16Array },
};
