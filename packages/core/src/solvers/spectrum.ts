import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { trainingKernel, type Design } from "./preprocess.ts";

/**
 * An eigendecomposition that solves ridge for any alpha at the cost of a matrix product.
 * "dual" (nSamples <= nVoxels): K = X Xᵀ (+ 1 1ᵀ when fitting an intercept, as scikit-learn does:
 * after centring, 1 is an eigenvector of K and its regularisation is cancelled), vectors Q: [n, n].
 * "primal" (nSamples > nVoxels): C = Xᵀ X, vectors V: [p, p].
 */
export interface Spectrum {
  mode: "dual" | "primal";
  values: Float64Array;
  vectors: Matrix64;
  /** Index of the eigenvector along 1/sqrt(n) (dual mode with intercept), else -1. */
  interceptDim: number;
  /** Float32 eigensystems only: the vectors as computed (`vectors` is their float64 widening). */
  vectors32?: Matrix32;
  /** Float32 eigensystems only: the float64 kernel or covariance (centred, without 1 1ᵀ), for refining solutions. */
  matrix?: Matrix64;
}

/** Transposes a float64 matrix. */
export function transpose(m: Matrix64): Matrix64 {
  const t = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) t[j * m.rows + i] = m.data[i * m.cols + j]!;
  return { rows: m.cols, cols: m.rows, data: t };
}

/**
 * Decomposes the kernel or covariance of the preprocessed X̃: [n, p]. `precision` "float32" (the
 * planner's choice for large systems, see ridge-plan.ts) forms the kernel with gram32 (float32 sums
 * within 1,024-voxel blocks, float64 across them: 1.6x faster than float64 sums; the refined
 * predictions then differ from float64's by ~5e-6 relative, measured) and decomposes it with
 * eigh32, keeping the float64 kernel for refinement.
 */
export function decompose(
  backend: LinalgBackend,
  design: Design,
  fitIntercept: boolean,
  mode: "dual" | "primal" = design.xRaw.rows <= design.xRaw.cols ? "dual" : "primal",
  precision: "float32" | "float64" = "float64",
): Spectrum {
  const float32 =
    precision === "float32" && backend.eigh32 !== undefined ? backend.eigh32.bind(backend) : undefined;
  let matrix: Matrix64;
  if (mode === "primal") matrix = backend.gram(transpose(design.x));
  else {
    const raw = design.xRaw;
    matrix =
      float32 !== undefined && backend.gram32 !== undefined && raw.data instanceof Float32Array
        ? backend.gram32({ rows: raw.rows, cols: raw.cols, data: raw.data }, design.xTransform)
        : trainingKernel(backend, design);
    if (fitIntercept && float32 === undefined)
      for (let i = 0; i < matrix.data.length; i++) matrix.data[i] = matrix.data[i]! + 1;
  }
  let spec: Spectrum;
  if (float32 === undefined) spec = { mode, ...backend.eigh(matrix), interceptDim: -1 };
  else {
    // The centred kernel's constant direction is an eigenvector; float32 rounding mixes it with
    // eigenvalues near its own, so it is moved below the spectrum (eigenvalue -s) while decomposing.
    const n = matrix.rows;
    const s = mode === "dual" && fitIntercept ? largestEigenvalue(backend, matrix) : 0;
    for (let i = 0; s > 0 && i < n * n; i++) matrix.data[i] = matrix.data[i]! - s / n;
    const { values, vectors: v32 } = float32(matrix);
    for (let i = 0; s > 0 && i < n * n; i++) matrix.data[i] = matrix.data[i]! + s / n;
    spec = {
      mode,
      values,
      vectors: { rows: v32.rows, cols: v32.cols, data: new Float64Array(v32.data) },
      vectors32: v32,
      matrix,
      interceptDim: -1,
    };
  }
  if (mode === "dual" && fitIntercept) spec.interceptDim = smallestAngle(backend, spec.vectors);
  return spec;
}

/** λmax of a symmetric positive semi-definite matrix within a few percent (power iteration; cheap). */
function largestEigenvalue(backend: LinalgBackend, a: Matrix64): number {
  const n = a.rows;
  let v: Matrix64 = {
    rows: n,
    cols: 1,
    data: Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 13),
  };
  let lambda = 0;
  for (let it = 0; it < 12; it++) {
    const w = backend.matmul64(a, v);
    let norm = 0;
    for (const x of w.data) norm += x * x;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return 0;
    let vv = 0;
    for (const x of v.data) vv += x * x;
    lambda = norm / Math.sqrt(vv);
    v = { rows: n, cols: 1, data: w.data.map((x) => x / norm) };
  }
  return lambda;
}

/** The column of Q closest in angle to the constant vector (scikit-learn's _find_smallest_angle). */
function smallestAngle(backend: LinalgBackend, q: Matrix64): number {
  const sums = backend.columnSums(q);
  let best = 0;
  for (let j = 1; j < q.cols; j++) if (Math.abs(sums[j]!) > Math.abs(sums[best]!)) best = j;
  return best;
}

/** Columns [c0, c1) of m (m itself when that is all of it; callers do not write to the result). */
export function columns(m: Matrix64, c0: number, c1: number): Matrix64 {
  if (c0 === 0 && c1 === m.cols) return m;
  const w = c1 - c0;
  const out = new Float64Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + c0, i * m.cols + c1), i * w);
  return { rows: m.rows, cols: w, data: out };
}

/** Writes block b: [rows, c1-c0] into columns [c0, c1) of m. */
export function setColumns(m: Matrix64, b: Matrix64, c0: number): void {
  for (let i = 0; i < m.rows; i++) m.data.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * m.cols + c0);
}

/** Scales row r of z: [r, B] by f[r] (a vector) or f(r, column) in a copy. */
export function scaleRows(z: Matrix64, f: Float64Array | ((r: number, c: number) => number)): Matrix64 {
  const out = new Float64Array(z.data.length);
  for (let r = 0; r < z.rows; r++) {
    const o = r * z.cols;
    if (typeof f === "function") for (let c = 0; c < z.cols; c++) out[o + c] = z.data[o + c]! * f(r, c);
    else {
      const v = f[r]!;
      for (let c = 0; c < z.cols; c++) out[o + c] = z.data[o + c]! * v;
    }
  }
  return { rows: z.rows, cols: z.cols, data: out };
}

/**
 * The spectral filter of ridge: 1/(lambda_r + alpha), 0 on the intercept direction and on
 * eigenvalues at or below `cutoff` (used by min-norm least squares, alpha = 0).
 */
export function ridgeFilter(spec: Spectrum, r: number, alpha: number, cutoff = -Infinity): number {
  if (r === spec.interceptDim) return 0;
  const lam = spec.values[r]!;
  if (lam <= cutoff) return 0;
  return 1 / (lam + alpha);
}

/** Options of `spectralWeights`: the eigenvalue cutoff (see ridgeFilter) and the target batch. */
export interface SpectralWeightsOptions {
  /** Default -Infinity (no direction dropped). */
  cutoff?: number;
  /** Targets processed together; default 1024. */
  batch?: number;
}

/**
 * Ridge weights w: [p, D] on preprocessed data X: [n, p], Y: [n, D] with one alpha per target
 * (alphas: [D]), batched over targets. Dual: W = Xᵀ Q diag(f) Qᵀ Y; primal: W = V diag(f) Vᵀ Xᵀ Y.
 */
export function spectralWeights(
  backend: LinalgBackend,
  spec: Spectrum,
  data: { readonly x: Matrix64; readonly y: Matrix64 },
  alphas: Float64Array,
  options: SpectralWeightsOptions = {},
): Matrix64 {
  const { x, y } = data;
  const { cutoff = -Infinity, batch = 1024 } = options;
  const p = x.cols;
  const dd = y.cols;
  const w: Matrix64 = { rows: p, cols: dd, data: new Float64Array(p * dd) };
  const q = spec.vectors;
  for (let c0 = 0; c0 < dd; c0 += batch) {
    const c1 = Math.min(dd, c0 + batch);
    const yb = columns(y, c0, c1);
    const rhs = spec.mode === "dual" ? yb : backend.matmul64(x, yb, true);
    const z = backend.matmul64(q, rhs, true);
    const fz = scaleRows(z, (r, c) => ridgeFilter(spec, r, alphas[c0 + c]!, cutoff));
    const coefs = backend.matmul64(q, fz);
    setColumns(w, spec.mode === "dual" ? backend.matmul64(x, coefs, true) : coefs, c0);
  }
  return w;
}
