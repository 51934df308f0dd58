import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../backend.ts";
import {
  applyColumnTransform,
  checkColumnTransform,
  checkCrossGram,
  type ColumnTransform,
} from "../column-transform.ts";
import { checkLooSse, type LooSseArgs } from "../loo-sse.ts";
import { checkFinite, checkMatmul, checkMatrix, checkSquare } from "../shapes.ts";
import { callNative, loadNativeAddon } from "./addon.ts";
import type { NativeAddon } from "./addon.ts";

export { loadNativeAddon, nativeInstallHint, NATIVE_ADDON_PATH } from "./addon.ts";
export type { NativeAddon, NativeLoad } from "./addon.ts";

export interface NativeBackendOptions {
  /** OpenBLAS threads (process-wide). Default: OpenBLAS's own choice (OPENBLAS_NUM_THREADS or all cores). */
  threads?: number;
}

/**
 * The OpenBLAS + LAPACKE backend, or undefined when the addon is not built or cannot load
 * (`loadNativeAddon()` says why).
 *
 * Precision: matmul32 is sgemm (float32 in, float32 accumulate: the voxel data are float32 and
 * their noise is far above float32 rounding). gram() of float32 data widens to float64 and runs
 * dsyrk, so the kernel is exact up to float64 summation (float32 summation over 8,428 voxels
 * would lose up to ~1e-4 relative on nearly-cancelling entries, and the kernel is then factorised
 * with small ridge penalties); with a column transform it centres/scales while widening, so no
 * float64 copy of the data is made. eigh (dsyevd's method) and solveSpd (dpotrf + dpotrs) are
 * float64. looSse runs its per-alpha products as sgemm and its reductions in float64 (see gcv.ts
 * for how near ties are re-checked). eigh32 (the same method in float32; native/src/eigen_ops.cc)
 * is the float32 eigensolver ridge-cv's planner picks for large eigensystems (solvers/ridge-plan.ts).
 */
export function createNativeBackend(options: NativeBackendOptions = {}): LinalgBackend | undefined {
  const load = loadNativeAddon();
  if (!load.ok) return undefined;
  const addon = load.addon;
  if (options.threads !== undefined) callNative("setThreads", () => addon.setThreads(options.threads ?? 1));
  const info = addon.describe();
  const description = `${info.config.split(" ").slice(0, 2).join(" ")} + LAPACKE (kernels ${info.corename}, ${info.threads} threads)`;
  return {
    name: "native-openblas",
    description,
    matmul32: (a, b, transA = false, transB = false) => matmul32(addon, a, b, transA, transB),
    matmul64: (a, b, transA = false, transB = false) => matmul64(addon, a, b, transA, transB),
    gram: (a, transform) => gram(addon, a, transform),
    crossGram: (a, b, transform) => crossGram(addon, a, b, transform),
    eigh: (a) => eigh(addon, a),
    eigh32: (a) => eigh32(addon, a),
    gram32: (a, transform) => gram32(addon, a, transform),
    solveSpd: (a, b) => solveSpd(addon, a, b),
    looSse: (args) => looSse(addon, args),
    columnSums: (a) => columnSums(addon, a),
  };
}

function matmul32(addon: NativeAddon, a: Matrix32, b: Matrix32, transA: boolean, transB: boolean): Matrix32 {
  const [rows, cols] = checkMatmul("matmul32", a, b, transA, transB);
  const data = callNative("matmul32", () =>
    addon.sgemm(a.data, a.rows, a.cols, b.data, b.rows, b.cols, transA, transB),
  );
  return { rows, cols, data };
}

function matmul64(addon: NativeAddon, a: Matrix64, b: Matrix64, transA: boolean, transB: boolean): Matrix64 {
  const [rows, cols] = checkMatmul("matmul64", a, b, transA, transB);
  const data = callNative("matmul64", () =>
    addon.dgemm(a.data, a.rows, a.cols, b.data, b.rows, b.cols, transA, transB),
  );
  return { rows, cols, data };
}

function gram(addon: NativeAddon, a: Matrix32 | Matrix64, transform: ColumnTransform | undefined): Matrix64 {
  checkMatrix("gram", "A", a);
  checkColumnTransform("gram", transform, a.cols);
  const n = a.rows;
  const data = callNative("gram", () =>
    a.data instanceof Float32Array
      ? addon.gram32to64(a.data, n, a.cols, 0, transform?.shift, transform?.invScale)
      : addon.dsyrk(transform === undefined ? a.data : applyColumnTransform(a, transform).data, n, a.cols),
  );
  return { rows: n, cols: n, data };
}

function crossGram(
  addon: NativeAddon,
  a: Matrix32 | Matrix64,
  b: Matrix32 | Matrix64,
  transform: ColumnTransform | undefined,
): Matrix64 {
  const [rows, cols] = checkCrossGram(a, b, transform);
  if (a.data instanceof Float32Array && b.data instanceof Float32Array) {
    const [da, db] = [a.data, b.data];
    const data = callNative("crossGram", () =>
      addon.cross32to64(da, a.rows, db, b.rows, a.cols, 0, transform?.shift, transform?.invScale),
    );
    return { rows, cols, data };
  }
  return matmul64(addon, applyColumnTransform(a, transform), applyColumnTransform(b, transform), false, true);
}

function eigh(addon: NativeAddon, a: Matrix64): { values: Float64Array; vectors: Matrix64 } {
  checkSquare("eigh", "A", a);
  checkFinite("eigh", "A", a);
  const n = a.rows;
  const { values, vectors } = callNative("eigh", () => addon.dsyevd(a.data, n));
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

function eigh32(addon: NativeAddon, a: Matrix64): { values: Float64Array; vectors: Matrix32 } {
  checkSquare("eigh32", "A", a);
  const n = a.rows;
  const { values, vectors } = callNative("eigh32", () => addon.ssyev(a.data, n, false));
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

function gram32(addon: NativeAddon, a: Matrix32, transform: ColumnTransform | undefined): Matrix64 {
  checkMatrix("gram32", "A", a);
  checkColumnTransform("gram32", transform, a.cols);
  const data = callNative("gram32", () =>
    addon.gram32(a.data, a.rows, a.cols, 0, transform?.shift, transform?.invScale),
  );
  return { rows: a.rows, cols: a.rows, data };
}

function solveSpd(addon: NativeAddon, a: Matrix64, b: Matrix64): Matrix64 {
  checkSquare("solveSpd", "A", a);
  checkMatrix("solveSpd", "B", b);
  if (b.rows !== a.rows) {
    throw new NtError(
      "BAD_INPUT",
      `solveSpd: A has shape ${formatShape([a.rows, a.cols])} but B has shape ${formatShape([b.rows, b.cols])}: B needs ${a.rows} rows`,
    );
  }
  checkFinite("solveSpd", "A", a);
  checkFinite("solveSpd", "B", b);
  const data = callNative("solveSpd", () => addon.dposv(a.data, a.rows, b.data, b.cols));
  return { rows: b.rows, cols: b.cols, data };
}

function looSse(addon: NativeAddon, args: LooSseArgs): Matrix64 {
  checkLooSse(args);
  const { u, z, y, filters, diags, shifts } = args;
  const data = callNative("looSse", () =>
    addon.looSse(
      u.data,
      u.rows,
      u.cols,
      z.data,
      z.cols,
      y.data,
      filters.data,
      diags.data,
      shifts,
      shifts.length,
    ),
  );
  return { rows: shifts.length, cols: z.cols, data };
}

function columnSums(addon: NativeAddon, a: Matrix32 | Matrix64): Float64Array {
  checkMatrix("columnSums", "A", a);
  return callNative("columnSums", () =>
    a.data instanceof Float32Array
      ? addon.colsums32(a.data, a.rows, a.cols)
      : addon.colsums64(a.data, a.rows, a.cols),
  );
}
