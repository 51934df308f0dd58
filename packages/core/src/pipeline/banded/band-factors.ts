import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../../linalg/backend.ts";

/**
 * One feature band (a layer) in factored kernel form: its training kernel K = F Fᵀ ([n, n]) and its
 * test-by-training kernel T Fᵀ ([m, n]), with F: [n, r] and T: [m, r], r = the kernel's rank.
 *
 * Features are standardised with training statistics and divided by √D, so every band's kernel
 * has trace n (about; constant columns add 0) and band weights on the simplex compare bands of
 * different widths on equal terms. A band of D <= n features is its own factor (F = X̃, exact);
 * a wider one is factored from its n x n kernel: K = V Λ Vᵀ, F = V_r Λ_r^½ and T = K_test V_r Λ_r^-½
 * over the eigenvalues above 1e-10 of the largest (the rest are round-off of a rank-r kernel).
 */
export interface BandFactor {
  name: string;
  f: Matrix32;
  t: Matrix32;
  /** How the factor was made: "features" (D <= n) or "kernel" (eigendecomposition of the n x n kernel). */
  form: "features" | "kernel";
}

/** Factors one band. train: [n, D], test: [m, D]. */
export function factorBand(
  name: string,
  train: Matrix32,
  test: Matrix32,
  backend: LinalgBackend,
): BandFactor {
  const { rows: n, cols: d } = train;
  const { shift, invScale } = standardisation(train);
  if (d <= n)
    return {
      name,
      f: transformed(train, shift, invScale),
      t: transformed(test, shift, invScale),
      form: "features",
    };
  const transform = { shift, invScale };
  const { values, vectors } = backend.eigh(backend.gram(train, transform));
  const max = Math.max(...values, 0);
  const keep: number[] = [];
  for (let k = values.length - 1; k >= 0; k--) if (values[k]! > 1e-10 * max) keep.push(k);
  const r = keep.length;
  const cross = backend.crossGram(test, train, transform);
  const m = test.rows;
  const f = new Float32Array(n * r);
  const vr = new Float64Array(n * r);
  keep.forEach((k, j) => {
    const s = Math.sqrt(values[k]!);
    for (let i = 0; i < n; i++) {
      const x = vectors.data[i * n + k]!;
      f[i * r + j] = x * s;
      vr[i * r + j] = x / s;
    }
  });
  const t = backend.matmul64(cross, { rows: n, cols: r, data: vr });
  return {
    name,
    f: { rows: n, cols: r, data: f },
    t: { rows: m, cols: r, data: Float32Array.from(t.data) },
    form: "kernel",
  };
}

/** Training means and 1 / (sd · √D) per column (a constant column is only centred, to 0). */
function standardisation(x: Matrix32): { shift: Float64Array; invScale: Float64Array } {
  const { rows: n, cols: d } = x;
  const shift = new Float64Array(d);
  const ss = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) shift[k]! += x.data[i * d + k]! / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) ss[k]! += (x.data[i * d + k]! - shift[k]!) ** 2;
  const root = Math.sqrt(d);
  // A relative threshold: float32 round-off of a constant column is not a feature.
  const invScale = ss.map((s, k) =>
    s > 1e-12 * n * Math.max(1, shift[k]! ** 2) ? 1 / (Math.sqrt(s / n) * root) : 0,
  );
  return { shift, invScale };
}

function transformed(x: Matrix32, shift: Float64Array, invScale: Float64Array): Matrix32 {
  const d = x.cols;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < x.rows; i++)
    for (let k = 0; k < d; k++) out[i * d + k] = (x.data[i * d + k]! - shift[k]!) * invScale[k]!;
  return { rows: x.rows, cols: d, data: out };
}
