import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../../linalg/backend.ts";
import type { BandedSystem } from "./banded-ridge.ts";

/** K_γ's non-zero spectrum with z = Uᵀ Yc for chosen columns and E = K_γ(test, train) U. */
export interface Decomposition {
  lambda: Float64Array;
  /** z: [r, cols] float32 (all voxels when cols is null). */
  z(cols: Int32Array | null): Matrix32;
  /** E: [m, r] float32. */
  e(): Matrix32;
  path: "factor" | "kernel";
  /** Memory it holds (for the refit cache). */
  bytes: number;
}

/** The decomposition of K_γ over the bands `use` (γ: one weight per band): R x R while the factors' rank R <= n, else n x n. */
export function decompose(
  system: BandedSystem,
  use: readonly number[],
  gamma: Float64Array,
  backend: LinalgBackend,
): Decomposition {
  const cols: ColumnBlock[] = use.map((b, k) => ({
    band: b,
    from: system.offsets[b]!,
    count: system.bands[b]!.f.cols,
    scale: Math.sqrt(gamma[k]!),
  }));
  const rs = cols.reduce((s, c) => s + c.count, 0);
  const n = system.targets.yc.rows;
  return rs <= n && system.ftf && system.fty
    ? factorPath(system, system.ftf, system.fty, cols, rs, backend)
    : kernelPath(system, use, cols, rs, backend);
}

type ColumnBlock = { band: number; from: number; count: number; scale: number };

/** R x R path: eig of D Fᵀ F D = W Λ Wᵀ; z = Λ^-½ Wᵀ D Fᵀ y; E = T D W Λ^½. */
function factorPath(
  system: BandedSystem,
  ftf: Matrix64,
  fty: Matrix32,
  blocks: ColumnBlock[],
  rs: number,
  backend: LinalgBackend,
): Decomposition {
  const index = new Int32Array(rs);
  const scale = new Float64Array(rs);
  let k = 0;
  for (const b of blocks) for (let c = 0; c < b.count; c++) [index[k], scale[k++]] = [b.from + c, b.scale];
  const rAll = ftf.cols;
  const mData = new Float64Array(rs * rs);
  for (let i = 0; i < rs; i++)
    for (let j = 0; j < rs; j++)
      mData[i * rs + j] = ftf.data[index[i]! * rAll + index[j]!]! * scale[i]! * scale[j]!;
  const { values, vectors } = backend.eigh({ rows: rs, cols: rs, data: mData });
  const keep = nonZero(values);
  const r = keep.length;
  const lambda = Float64Array.from(keep, (q) => values[q]!);
  // A = Λ^-½ Wᵀ D: [r, rs]
  const a = new Float32Array(r * rs);
  keep.forEach((q, row) => {
    const inv = 1 / Math.sqrt(values[q]!);
    for (let i = 0; i < rs; i++) a[row * rs + i] = vectors.data[i * rs + q]! * scale[i]! * inv;
  });
  const v = fty.cols;
  return {
    lambda,
    path: "factor",
    bytes: a.byteLength + vectors.data.byteLength,
    z(colsWanted) {
      const want = colsWanted ?? null;
      const nc = want ? want.length : v;
      const q = new Float32Array(rs * nc);
      for (let i = 0; i < rs; i++) {
        const row = index[i]! * v;
        if (want) for (let c = 0; c < nc; c++) q[i * nc + c] = fty.data[row + want[c]!]!;
        else q.set(fty.data.subarray(row, row + v), i * nc);
      }
      return backend.matmul32({ rows: r, cols: rs, data: a }, { rows: rs, cols: nc, data: q });
    },
    e() {
      const m = system.bands[0]!.t.rows;
      const t = new Float32Array(m * rs);
      let col = 0;
      for (const b of blocks) {
        const band = system.bands[b.band]!;
        const w = band.t.cols;
        for (let i = 0; i < m; i++)
          for (let c = 0; c < w; c++) t[i * rs + col + c] = band.t.data[i * w + c]! * b.scale;
        col += w;
      }
      // W Λ^½: [rs, r]
      const wl = new Float32Array(rs * r);
      keep.forEach((q, row) => {
        const s = Math.sqrt(values[q]!);
        for (let i = 0; i < rs; i++) wl[i * r + row] = vectors.data[i * rs + q]! * s;
      });
      return backend.matmul32({ rows: m, cols: rs, data: t }, { rows: rs, cols: r, data: wl });
    },
  };
}

/** n x n path: K_γ = F D² Fᵀ = U Λ Uᵀ; z = Uᵀ y; E = T D² Fᵀ U. */
function kernelPath(
  system: BandedSystem,
  use: readonly number[],
  blocks: ColumnBlock[],
  rs: number,
  backend: LinalgBackend,
): Decomposition {
  const fs = concatColumns(
    use.map((b) => system.bands[b]!.f),
    system.targets.yc.rows,
  );
  const ts = concatColumns(
    use.map((b) => system.bands[b]!.t),
    system.bands[use[0]!]!.t.rows,
  );
  const invScale = new Float64Array(rs);
  let k = 0;
  for (const b of blocks) for (let c = 0; c < b.count; c++) invScale[k++] = b.scale;
  const n = fs.rows;
  const { values, vectors } = backend.eigh(backend.gram(fs, { invScale }));
  const keep = nonZero(values);
  const r = keep.length;
  const lambda = Float64Array.from(keep, (q) => values[q]!);
  const u = new Float32Array(n * r);
  keep.forEach((q, col) => {
    for (let i = 0; i < n; i++) u[i * r + col] = vectors.data[i * n + q]!;
  });
  const uMat = { rows: n, cols: r, data: u };
  const yc = system.targets.yc;
  return {
    lambda,
    path: "kernel",
    bytes: u.byteLength + fs.data.byteLength + ts.data.byteLength,
    z(colsWanted) {
      if (!colsWanted) return backend.matmul32(uMat, yc, true, false);
      const nc = colsWanted.length;
      const y = new Float32Array(n * nc);
      for (let i = 0; i < n; i++)
        for (let c = 0; c < nc; c++) y[i * nc + c] = yc.data[i * yc.cols + colsWanted[c]!]!;
      return backend.matmul32(uMat, { rows: n, cols: nc, data: y }, true, false);
    },
    e() {
      const cross = backend.crossGram(ts, fs, { invScale });
      return backend.matmul32({ rows: cross.rows, cols: n, data: Float32Array.from(cross.data) }, uMat);
    },
  };
}

/** Indices of eigenvalues above 1e-10 of the largest (the kernel's numerical rank). */
function nonZero(values: Float64Array): number[] {
  let max = 0;
  for (const x of values) max = Math.max(max, x);
  const keep: number[] = [];
  for (let k = 0; k < values.length; k++) if (values[k]! > 1e-10 * max) keep.push(k);
  return keep;
}

export function concatColumns(parts: readonly Matrix32[], rows: number): Matrix32 {
  const total = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float32Array(rows * total);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) out.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * total + off);
    off += p.cols;
  }
  return { rows, cols: total, data: out };
}
