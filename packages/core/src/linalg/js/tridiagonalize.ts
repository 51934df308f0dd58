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
 * Reduces symmetric A: [n, n] (full storage, only read) to T = Qᵀ A Q.
 * Works on the lower triangle only (half the flops of a full update). Step k's rank-2 update of
 * row i is fused with step k+1's symmetric matrix-vector product, which reads row i once for both
 * the dot product (row part) and the axpy (column part), so the trailing triangle is streamed once
 * per step. Householder vectors are kept in the unused upper triangle, row k.
 */
export function tridiagonalize(a: Float64Array, n: number): Tridiagonal {
  const w = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const betas = new Float64Array(n);
  const p = new Float64Array(n);
  const x = new Float64Array(n);
  const s = new Float64Array(n);
  if (n >= 3) {
    fusedPass(w, n, -1, 0, p, x, s);
    finishReflector(w, n, 0, d, e, betas, p, x, s);
  }
  for (let k = 0; k < n - 2; k++) {
    const next = k + 1 <= n - 3 ? k + 1 : -1;
    fusedPass(w, n, k, next, p, x, s);
    if (next >= 0) finishReflector(w, n, next, d, e, betas, p, x, s);
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!;
    e[n - 2] = w[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = w[(n - 1) * n + n - 1]!;
  return { d, e, qt: accumulateQt(w, betas, n) };
}

/**
 * One pass over the lower trailing triangle: when upd >= 0, applies step upd's update
 * L[i][j] -= v_i p_j + p_i v_j (v in row upd's upper part); when next >= 0, gathers x = column next
 * (below the diagonal, after the update) and accumulates s = B x for the block below and right of
 * (next, next).
 */
function fusedPass(
  w: Float64Array,
  n: number,
  upd: number,
  next: number,
  p: Float64Array,
  x: Float64Array,
  s: Float64Array,
): void {
  const vo = upd * n;
  const j0 = next + 1;
  if (next >= 0) s.fill(0, j0, n);
  for (let i = upd >= 0 ? upd + 1 : 1; i < n; i++) {
    const ri = i * n;
    if (upd >= 0) {
      const vi = w[vo + i]!;
      const pi = p[i]!;
      for (let j = upd + 1; j <= i; j++) w[ri + j] = w[ri + j]! - vi * p[j]! - pi * w[vo + j]!;
    }
    if (next < 0 || i < j0) continue;
    const xi = w[ri + next]!;
    x[i] = xi;
    let dot = 0;
    for (let j = j0; j < i; j++) {
      const l = w[ri + j]!;
      dot += l * x[j]!;
      s[j] = s[j]! + l * xi;
    }
    s[i] = s[i]! + dot + w[ri + i]! * xi;
  }
}

/** Householder reflector of column k from x and s = B x; leaves p = beta B v - (beta/2)(pᵀv) v. */
function finishReflector(
  w: Float64Array,
  n: number,
  k: number,
  d: Float64Array,
  e: Float64Array,
  betas: Float64Array,
  p: Float64Array,
  x: Float64Array,
  s: Float64Array,
): void {
  const row = k * n;
  d[k] = w[row + k]!;
  let norm2 = 0;
  for (let j = k + 1; j < n; j++) norm2 += x[j]! * x[j]!;
  const x0 = x[k + 1]!;
  const norm = Math.sqrt(norm2);
  if (norm === 0) {
    e[k] = 0;
    betas[k] = 0;
    p.fill(0, k + 1, n);
    for (let j = k + 1; j < n; j++) w[row + j] = 0;
    return;
  }
  const alpha = x0 >= 0 ? -norm : norm;
  const beta = 2 / (norm2 - x0 * x0 + (x0 - alpha) * (x0 - alpha));
  betas[k] = beta;
  e[k] = alpha;
  for (let j = k + 1; j < n; j++) w[row + j] = x[j]!;
  w[row + k + 1] = x0 - alpha;
  // B v = B x - alpha B e1, B e1 = column k+1 of the trailing block (lower storage: L[j][k+1]).
  const c0 = k + 1;
  let pv = 0;
  for (let j = c0; j < n; j++) {
    const col = j === c0 ? w[c0 * n + c0]! : w[j * n + c0]!;
    p[j] = beta * (s[j]! - alpha * col);
    pv += p[j]! * w[row + j]!;
  }
  const kk = (beta / 2) * pv;
  for (let j = c0; j < n; j++) p[j] = p[j]! - kk * w[row + j]!;
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
