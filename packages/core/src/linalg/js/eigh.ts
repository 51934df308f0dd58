import { NtError } from "@neurotranslator/schema";
import { tridiagonalize } from "./tridiagonalize.ts";

/** Columns of the eigenvector rows updated together when a sweep's rotations are applied. */
const COL_BLOCK = 128;

/**
 * Symmetric eigendecomposition A = V diag(w) Vᵀ for A: [n, n] row-major (full storage).
 * Householder tridiagonalisation, then the implicit QL algorithm with Wilkinson-type shifts
 * (as EISPACK tql2). Eigenvectors are kept as rows of W = Vᵀ so each Givens rotation touches two
 * contiguous rows; the rotations of one QL sweep are recorded and applied column block by column
 * block so the rows stay in cache. Returns w ascending and V: [n, n] (column j = eigenvector j).
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const { d, e, qt } = tridiagonalize(a, n);
  const eps = 2 ** -52;
  let f = 0;
  let tst1 = 0;
  const cs = new Float64Array(n);
  const ss = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60)
          throw new NtError(
            "NUMERIC",
            `eigh: QL iteration did not converge for eigenvalue ${l} of a ${n} x ${n} matrix`,
          );
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[m]!;
        let c = 1,
          c2 = 1,
          c3 = 1,
          s = 0,
          s2 = 0;
        const el1 = e[l + 1]!;
        let count = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          cs[count] = c;
          ss[count] = s;
          count++;
        }
        applyRotations(qt, n, m, count, cs, ss);
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return sortAscending(d, qt, n);
}

/** Applies rotation t (t = 0..count-1) to rows (m-1-t, m-t) of W, in column blocks. */
function applyRotations(
  w: Float64Array,
  n: number,
  m: number,
  count: number,
  cs: Float64Array,
  ss: Float64Array,
): void {
  for (let b0 = 0; b0 < n; b0 += COL_BLOCK) {
    const b1 = Math.min(n, b0 + COL_BLOCK);
    for (let t = 0; t < count; t++) {
      const i = m - 1 - t;
      const c = cs[t]!;
      const s = ss[t]!;
      const ri = i * n;
      const rj = ri + n;
      for (let k = b0; k < b1; k++) {
        const h = w[rj + k]!;
        const x = w[ri + k]!;
        w[rj + k] = s * x + c * h;
        w[ri + k] = c * x - s * h;
      }
    }
  }
}

function sortAscending(
  d: Float64Array,
  w: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    values[j] = d[src]!;
    const ro = src * n;
    for (let i = 0; i < n; i++) vectors[i * n + j] = w[ro + i]!;
  }
  return { values, vectors };
}
