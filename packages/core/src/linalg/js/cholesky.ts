import { NtError } from "@neurotranslator/schema";

/**
 * Solves A X = B for symmetric positive definite A: [n, n], B: [n, m] (row-major float64) by
 * Cholesky A = L Lᵀ (L row-major, inner products along contiguous rows), then forward and back
 * substitution applied to whole rows of B. Throws NtError NUMERIC when a pivot is not positive.
 */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
      if (i === j) {
        if (!(s > 0)) {
          throw new NtError(
            "NUMERIC",
            `solveSpd: matrix of shape (${n}, ${n}) is not positive definite (pivot ${i} = ${s})`,
          );
        }
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j]!;
      }
    }
  }
  const x = Float64Array.from(b);
  // Forward: L Y = B.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * m;
    for (let j = 0; j < i; j++) {
      const lij = l[ri + j]!;
      if (lij === 0) continue;
      const xj = j * m;
      for (let c = 0; c < m; c++) x[xi + c] = x[xi + c]! - lij * x[xj + c]!;
    }
    const inv = 1 / l[ri + i]!;
    for (let c = 0; c < m; c++) x[xi + c] = x[xi + c]! * inv;
  }
  // Backward: Lᵀ X = Y.
  for (let i = n - 1; i >= 0; i--) {
    const xi = i * m;
    for (let j = i + 1; j < n; j++) {
      const lji = l[j * n + i]!;
      if (lji === 0) continue;
      const xj = j * m;
      for (let c = 0; c < m; c++) x[xi + c] = x[xi + c]! - lji * x[xj + c]!;
    }
    const inv = 1 / l[i * n + i]!;
    for (let c = 0; c < m; c++) x[xi + c] = x[xi + c]! * inv;
  }
  return x;
}
