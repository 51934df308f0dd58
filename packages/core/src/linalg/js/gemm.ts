/**
 * Cache-blocked dense products in float64 for the pure-JS backend.
 * Every product is reduced to the "NT" form C[i, j] = dot(A_i, B_j), rows of both operands
 * contiguous, so the inner loop streams two arrays; a 4 x 2 register tile gives 8 multiply-adds
 * per 6 loads, and k is split in panels that stay in cache while a tile of B rows is reused.
 */

const K_PANEL = 512;
const J_TILE = 64;

/**
 * C = A · Bᵀ for row-major A: [m, k], B: [n, k]; returns C: [m, n] (float64).
 * `upperOnly` computes only j >= i (for symmetric results) and mirrors at the end.
 */
export function gemmNT(
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  k: number,
  upperOnly = false,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let k0 = 0; k0 < k; k0 += K_PANEL) {
    const k1 = Math.min(k, k0 + K_PANEL);
    for (let j0 = 0; j0 < n; j0 += J_TILE) {
      const j1 = Math.min(n, j0 + J_TILE);
      const iEnd = upperOnly ? Math.min(m, j1) : m;
      for (let i = 0; i < iEnd; i += 4) {
        const rows = Math.min(4, iEnd - i);
        const jStart = upperOnly ? Math.max(j0, i - (i % 2)) : j0;
        tile(a, b, c, i, rows, jStart, j1, k0, k1, k, n);
      }
    }
  }
  if (upperOnly) {
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i]!;
  }
  return c;
}

/** Accumulates C[i..i+rows, j0..j1] += A[i.., k0..k1] · B[j.., k0..k1]ᵀ. */
function tile(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  i: number,
  rows: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  k: number,
  n: number,
): void {
  if (rows < 4) {
    for (let r = 0; r < rows; r++) {
      const ao = (i + r) * k;
      for (let j = j0; j < j1; j++) {
        const bo = j * k;
        let s = 0;
        for (let p = k0; p < k1; p++) s += a[ao + p]! * b[bo + p]!;
        c[(i + r) * n + j]! += s;
      }
    }
    return;
  }
  const a0 = i * k;
  const a1 = a0 + k;
  const a2 = a1 + k;
  const a3 = a2 + k;
  let j = j0;
  for (; j + 1 < j1; j += 2) {
    const b0 = j * k;
    const b1 = b0 + k;
    let s00 = 0,
      s01 = 0,
      s10 = 0,
      s11 = 0,
      s20 = 0,
      s21 = 0,
      s30 = 0,
      s31 = 0;
    for (let p = k0; p < k1; p++) {
      const x0 = b[b0 + p]!;
      const x1 = b[b1 + p]!;
      const y0 = a[a0 + p]!;
      const y1 = a[a1 + p]!;
      const y2 = a[a2 + p]!;
      const y3 = a[a3 + p]!;
      s00 += y0 * x0;
      s01 += y0 * x1;
      s10 += y1 * x0;
      s11 += y1 * x1;
      s20 += y2 * x0;
      s21 += y2 * x1;
      s30 += y3 * x0;
      s31 += y3 * x1;
    }
    const c0 = i * n + j;
    c[c0]! += s00;
    c[c0 + 1]! += s01;
    c[c0 + n]! += s10;
    c[c0 + n + 1]! += s11;
    c[c0 + 2 * n]! += s20;
    c[c0 + 2 * n + 1]! += s21;
    c[c0 + 3 * n]! += s30;
    c[c0 + 3 * n + 1]! += s31;
  }
  if (j < j1) {
    const bo = j * k;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let p = k0; p < k1; p++) {
      const x = b[bo + p]!;
      s0 += a[a0 + p]! * x;
      s1 += a[a1 + p]! * x;
      s2 += a[a2 + p]! * x;
      s3 += a[a3 + p]! * x;
    }
    const c0 = i * n + j;
    c[c0]! += s0;
    c[c0 + n]! += s1;
    c[c0 + 2 * n]! += s2;
    c[c0 + 3 * n]! += s3;
  }
}

/** Row-major transpose of X: [rows, cols] into float64 [cols, rows]. */
export function transpose64(x: Float32Array | Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) t[j * rows + i] = x[i * cols + j]!;
    }
  }
  return t;
}

/** float64 copy (no copy when already float64 and `copy` is false). */
export function toF64(x: Float32Array | Float64Array, copy = false): Float64Array {
  return x instanceof Float64Array && !copy ? x : Float64Array.from(x);
}
