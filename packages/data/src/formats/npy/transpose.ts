/** An array-like that can be indexed and written (typed arrays and string[]). */
export interface Indexable<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Reorders elements between Fortran (column-major) and C (row-major) layouts of `shape`.
 * `direction` "toC": src is Fortran-ordered, dst receives C order; "toFortran": the reverse.
 * Walks the C index with an odometer and keeps the Fortran offset in step, so it is one pass.
 */
export function reorderLayout<T>(
  src: Indexable<T>,
  dst: Indexable<T>,
  shape: readonly number[],
  direction: "toC" | "toFortran",
): void {
  const ndim = shape.length;
  const total = src.length;
  if (total === 0) return;
  if (ndim <= 1) {
    for (let i = 0; i < total; i += 1) dst[i] = src[i] as T;
    return;
  }
  // Fortran strides (in elements): axis 0 moves fastest.
  const fStride: number[] = new Array<number>(ndim);
  let s = 1;
  for (let k = 0; k < ndim; k += 1) {
    fStride[k] = s;
    s *= shape[k] as number;
  }
  const counter = new Array<number>(ndim).fill(0);
  const last = ndim - 1;
  const lastLen = shape[last] as number;
  const lastStride = fStride[last] as number;
  let f = 0;
  for (let c = 0; c < total;) {
    // Inner loop over the last (C-fastest) axis.
    let fo = f;
    if (direction === "toC") {
      for (let j = 0; j < lastLen; j += 1, c += 1, fo += lastStride) dst[c] = src[fo] as T;
    } else {
      for (let j = 0; j < lastLen; j += 1, c += 1, fo += lastStride) dst[fo] = src[c] as T;
    }
    // Advance the odometer on the remaining axes.
    for (let k = last - 1; k >= 0; k -= 1) {
      const stride = fStride[k] as number;
      const next = (counter[k] as number) + 1;
      if (next < (shape[k] as number)) {
        counter[k] = next;
        f += stride;
        break;
      }
      counter[k] = 0;
      f -= stride * (next - 1);
    }
  }
}
