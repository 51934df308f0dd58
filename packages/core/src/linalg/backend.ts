import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { ColumnTransform } from "./column-transform.ts";
import type { LooSseArgs } from "./loo-sse.ts";

/**
 * The linear algebra the solvers need, behind one interface. Every matrix is row-major.
 * Implementations: the native OpenBLAS/LAPACKE addon (fast, optional) and pure JS (always there).
 * The choice is made once, in `selectLinalgBackend()`.
 *
 * Precision policy: voxel data are stored and multiplied in float32 (measurement noise is far
 * above fp32 rounding); anything that is factorised or inverted (kernels, eigensystems, Cholesky)
 * is float64, because ridge with alpha down to 1e-2 on a 1750 x 1750 kernel is ill-conditioned.
 */
export interface LinalgBackend {
  /** Stable identifier, e.g. "native-openblas" or "js". */
  readonly name: string;
  /** One line for `doctor` and run provenance (library, version, threads). */
  readonly description: string;

  /** op(A) · op(B) in float32, where op(M) is M or Mᵀ. A: [m, k] after op, B: [k, n] after op. */
  matmul32(a: Matrix32, b: Matrix32, transA?: boolean, transB?: boolean): Matrix32;
  /** op(A) · op(B) in float64. */
  matmul64(a: Matrix64, b: Matrix64, transA?: boolean, transB?: boolean): Matrix64;
  /**
   * Ã · Ãᵀ for A: [n, k] (Ã = A transformed column-wise when `transform` is given) as a full
   * symmetric float64 [n, n] (accumulated as the backend can; see impl docs).
   */
  gram(a: Matrix32 | Matrix64, transform?: ColumnTransform): Matrix64;
  /**
   * Ã · B̃ᵀ in float64 for A: [m, k], B: [n, k], both transformed column-wise by `transform`
   * first (float32 data are widened in blocks, so no float64 copy of either is made).
   */
  crossGram(a: Matrix32 | Matrix64, b: Matrix32 | Matrix64, transform?: ColumnTransform): Matrix64;
  /** Symmetric eigendecomposition A = V diag(w) Vᵀ: w ascending, V's columns the eigenvectors. */
  eigh(a: Matrix64): { values: Float64Array; vectors: Matrix64 };
  /**
   * Optional float32 engine for large eigensystems (native only; the planner in
   * solvers/ridge-plan.ts uses it when present): A = V diag(w) Vᵀ of the float32-rounded A by
   * ssyevd's divide and conquer, w ascending in float64, V: float32 with the eigenvectors as columns.
   */
  eigh32?(a: Matrix64): { values: Float64Array; vectors: Matrix32 };
  /** Optional (native only): as `gram` for float32 A, summed in float32 within column blocks and in float64 across them. */
  gram32?(a: Matrix32, transform?: ColumnTransform): Matrix64;
  /** Solves A X = B for symmetric positive definite A: [n, n], B: [n, m]; throws NtError NUMERIC if not SPD. */
  solveSpd(a: Matrix64, b: Matrix64): Matrix64;
  /**
   * ridge-cv's leave-one-out squared errors for many alphas at once: [nAlphas, B] (see loo-sse.ts).
   * One call per target batch, so the per-alpha float32 products and reductions stay in the engine.
   */
  looSse(args: LooSseArgs): Matrix64;
  /** Column sums [cols] in float64, accumulated in row order (so every backend gives the same bits). */
  columnSums(a: Matrix32 | Matrix64): Float64Array;
}
