/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ, written for
 * row-major storage: the column below the diagonal is read as the (equal) row to its right, the
 * trailing matrix-vector product and the rank-2 update both run along contiguous rows.
 */

export interface Tridiagonal {
  /** Diagonal of T: [n]. */
  d: Float64Array;
  /** Off-diagonal of T: e[i] = T[i, i+1], e[n-1] = 0: [n]. */
  e: Float64Array;
  /** Qᵀ: [n, n] row-major (rows are the orthonormal basis in which A is tridiagonal). */
  qt: Float64Array;
}

/**
 * Reduces symmetric A: [n, n] (only read, full storage) to T = Qᵀ A Q.
 * Step k's rank-2 update of row i is fused with step k+1's matrix-vector product on that row,
 * so the trailing matrix is streamed once per step instead of twice.
 */
export function tridiagonalize(a: Float64Array, n: number): Tridiagonal {
  const w = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const betas = new Float64Array(n);
  let p = new Float64Array(n);
  let pNext = new Float64Array(n);
  if (n >= 3) {
    reflect(w, n, 0, d, e, betas);
    for (let i = 1; i < n; i++) p[i] = betas[0]! * dotFrom(w, i * n, 0, 1, n);
  }
  for (let k = 0; k < n - 2; k++) {
    const row = k * n;
    const beta = betas[k]!;
    if (beta !== 0) {
      let pv = 0;
      for (let i = k + 1; i < n; i++) pv += p[i]! * w[row + i]!;
      const kk = (beta / 2) * pv;
      for (let i = k + 1; i < n; i++) p[i] = p[i]! - kk * w[row + i]!;
      update(w, n, k, k + 1, p);
    }
    const next = k + 1;
    if (next < n - 2) {
      reflect(w, n, next, d, e, betas);
      const bn = betas[next]!;
      for (let i = next + 1; i < n; i++) {
        if (beta !== 0) update(w, n, k, i, p);
        pNext[i] = bn === 0 ? 0 : bn * dotFrom(w, i * n, next * n, next + 1, n);
      }
      const t = p;
      p = pNext;
      pNext = t;
    } else if (beta !== 0) {
      for (let i = next + 1; i < n; i++) update(w, n, k, i, p);
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!;
    e[n - 2] = w[(n - 2) * n + n - 1]!;
  }
  if (n >= 1) d[n - 1] = w[(n - 1) * n + n - 1]!;
  return { d, e, qt: accumulateQt(w, betas, n) };
}

/** Householder vector for row k (entries right of the diagonal), stored in place: v = x - alpha e1. */
function reflect(w: Float64Array, n: number, k: number, d: Float64Array, e: Float64Array, betas: Float64Array): void {
  const row = k * n;
  let norm2 = 0;
  for (let j = k + 1; j < n; j++) norm2 += w[row + j]! * w[row + j]!;
  const x0 = w[row + k + 1]!;
  const norm = Math.sqrt(norm2);
  d[k] = w[row + k]!;
  if (norm === 0) {
    e[k] = 0;
    betas[k] = 0;
    return;
  }
  const alpha = x0 >= 0 ? -norm : norm;
  w[row + k + 1] = x0 - alpha;
  betas[k] = 2 / (norm2 - x0 * x0 + (x0 - alpha) * (x0 - alpha));
  e[k] = alpha;
}

/** Row i of the trailing block after step k: B[i, :] -= v_i p + p_i v (v in row k). */
function update(w: Float64Array, n: number, k: number, i: number, p: Float64Array): void {
  const row = k * n;
  const ri = i * n;
  const vi = w[row + i]!;
  const pi = p[i]!;
  for (let j = k + 1; j < n; j++) w[ri + j] = w[ri + j]! - vi * p[j]! - pi * w[row + j]!;
}

function dotFrom(w: Float64Array, ra: number, rb: number, from: number, n: number): number {
  let s = 0;
  for (let j = from; j < n; j++) s += w[ra + j]! * w[rb + j]!;
  return s;
}

/**
 * Forms Q = H_0 H_1 ... H_{n-3} by backward accumulation (M <- H_k M, k descending, which only
 * touches the trailing block) and returns its transpose.
 */
function accumulateQt(w: Float64Array, betas: Float64Array, n: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const s = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const beta = betas[k]!;
    if (beta === 0) continue;
    const row = k * n;
    // s = beta * vᵀ M[k+1:, k+1:] (a combination of contiguous rows).
    s.fill(0, k + 1, n);
    for (let i = k + 1; i < n; i++) {
      const vi = beta * w[row + i]!;
      if (vi === 0) continue;
      const ri = i * n;
      for (let j = k + 1; j < n; j++) s[j] = s[j]! + vi * q[ri + j]!;
    }
    for (let i = k + 1; i < n; i++) {
      const vi = w[row + i]!;
      if (vi === 0) continue;
      const ri = i * n;
      for (let j = k + 1; j < n; j++) q[ri + j] = q[ri + j]! - vi * s[j]!;
    }
  }
  // Transpose in place.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = q[i * n + j]!;
      q[i * n + j] = q[j * n + i]!;
      q[j * n + i] = t;
    }
  }
  return q;
}
