import type { NumericTypedArray } from "@neurotranslator/schema";

type TypedArrayCtor<T extends NumericTypedArray> = { new (length: number): T };

/**
 * Reorders `src`, holding an array of `shape` in Fortran (column-major) order, into C (row-major)
 * order of the same shape. MATLAB stores column-major, and HDF5 datasets written by MATLAB have
 * the reversed dims, which is the same layout. Returns `src` itself when the order is the same
 * (fewer than two dims larger than 1).
 */
export function fortranToC<T extends NumericTypedArray>(src: T, shape: readonly number[]): T {
  const dims = shape.filter((d) => d !== 1);
  if (dims.length < 2) return src;
  const ctor = src.constructor as TypedArrayCtor<T>;
  const dst = new ctor(src.length);
  if (dims.length === 2) {
    transpose2d(src, dst, dims[0] ?? 0, dims[1] ?? 0);
    return dst;
  }
  reverseAxes(src, dst, dims);
  return dst;
}

/** src: [cols, rows] row-major (= [rows, cols] column-major) -> dst: [rows, cols] row-major. */
function transpose2d(src: NumericTypedArray, dst: NumericTypedArray, rows: number, cols: number): void {
  const block = 32; // tiles keep both reads and writes in cache for large matrices
  for (let i0 = 0; i0 < rows; i0 += block) {
    const i1 = Math.min(i0 + block, rows);
    for (let j0 = 0; j0 < cols; j0 += block) {
      const j1 = Math.min(j0 + block, cols);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) dst[i * cols + j] = src[j * rows + i] as never;
      }
    }
  }
}

/** General n-d case: walks dst in C order with an odometer over the Fortran strides of src. */
function reverseAxes(src: NumericTypedArray, dst: NumericTypedArray, dims: number[]): void {
  const n = dims.length;
  const fStride: number[] = [];
  let s = 1;
  for (let k = 0; k < n; k++) {
    fStride.push(s);
    s *= dims[k] ?? 0;
  }
  const total = s;
  const last = dims[n - 1] ?? 0;
  const lastStride = fStride[n - 1] ?? 0;
  const idx = new Array<number>(n).fill(0);
  let base = 0; // Fortran offset of idx[0..n-2]
  for (let out = 0; out < total; out += last) {
    for (let j = 0; j < last; j++) dst[out + j] = src[base + j * lastStride] as never;
    // advance the odometer over axes n-2 .. 0
    for (let k = n - 2; k >= 0; k--) {
      const i = (idx[k] ?? 0) + 1;
      const stride = fStride[k] ?? 0;
      if (i < (dims[k] ?? 0)) {
        idx[k] = i;
        base += stride;
        break;
      }
      idx[k] = 0;
      base -= stride * (i - 1);
    }
  }
}
