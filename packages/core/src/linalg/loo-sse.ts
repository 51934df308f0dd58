import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { checkMatrix } from "./shapes.ts";

/** Arguments of `LinalgBackend.looSse` (the inner loop of ridge-cv's leave-one-out search). */
export interface LooSseArgs {
  /** Orthonormal basis U: [n, r] in float32 (the per-alpha products are float32). */
  u: Matrix32;
  /** Z = Uᵀ Y: [r, B]. */
  z: Matrix64;
  /** Y: [n, B] (used only where a shift is non-zero). */
  y: Matrix64;
  /** Spectral filter per alpha, [nAlphas, r]. */
  filters: Matrix64;
  /** diag(G⁻¹) per alpha, [nAlphas, n]; must be non-zero. */
  diags: Matrix64;
  /** Multiple of Y added to C per alpha (primal mode: 1/alpha; dual mode: 0), [nAlphas]. */
  shifts: Float64Array;
}

/** Checks every shape of LooSseArgs, naming the offending one. */
export function checkLooSse(args: LooSseArgs): void {
  const { u, z, y, filters, diags, shifts } = args;
  for (const [name, m] of [
    ["U", u],
    ["Z", z],
    ["Y", y],
    ["filters", filters],
    ["diags", diags],
  ] as const)
    checkMatrix("looSse", name, m);
  const want = (name: string, m: Matrix32 | Matrix64, rows: number, cols: number) => {
    if (m.rows !== rows || m.cols !== cols) {
      throw new NtError(
        "BAD_INPUT",
        `looSse: ${name} has shape ${formatShape([m.rows, m.cols])}, expected ${formatShape([rows, cols])}`,
      );
    }
  };
  const na = shifts.length;
  want("Z", z, u.cols, z.cols);
  want("Y", y, u.rows, z.cols);
  want("filters", filters, na, u.cols);
  want("diags", diags, na, u.rows);
}

/**
 * Reference implementation over any float32 product (the JS backend's): for each alpha a,
 * C = U · (diag(f_a) Z rounded to float32), sse[a, t] = Σ_i ((C_it + s_a Y_it) / d_a[i])².
 */
export function looSseWith(matmul32: (a: Matrix32, b: Matrix32) => Matrix32, args: LooSseArgs): Matrix64 {
  const { u, z, y, filters, diags, shifts } = args;
  const n = u.rows;
  const r = u.cols;
  const bw = z.cols;
  const na = shifts.length;
  const out = new Float64Array(na * bw);
  const fz = new Float32Array(r * bw);
  for (let a = 0; a < na; a++) {
    for (let j = 0; j < r; j++) {
      const f = filters.data[a * r + j]!;
      for (let t = 0; t < bw; t++) fz[j * bw + t] = z.data[j * bw + t]! * f;
    }
    const c = matmul32(u, { rows: r, cols: bw, data: fz }).data;
    const shift = shifts[a]!;
    for (let i = 0; i < n; i++) {
      const d = diags.data[a * n + i]!;
      if (!(d !== 0)) throw new NtError("NUMERIC", `looSse: diags[${a * n + i}] is zero or NaN`);
      const inv = 1 / d;
      for (let t = 0; t < bw; t++) {
        const e = (c[i * bw + t]! + shift * y.data[i * bw + t]!) * inv;
        out[a * bw + t]! += e * e;
      }
    }
  }
  return { rows: na, cols: bw, data: out };
}
