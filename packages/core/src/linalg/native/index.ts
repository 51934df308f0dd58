import { NtError, formatShape } from "@neurotranslator/data/errors";
import type { Matrix32, Matrix64 } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../backend.ts";
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
 * with small ridge penalties). eigh (dsyevd) and solveSpd (dpotrf + dpotrs) are float64.
 */
export function createNativeBackend(options: NativeBackendOptions = {}): LinalgBackend | undefined {
  const load = loadNativeAddon();
  if (!load.ok) return undefined;
  const addon = load.addon;
  if (options.threads !== undefined) callNative("setThreads", () => addon.setThreads(options.threads ?? 1));
  const info = addon.describe();
  const forced = load.coreType === undefined ? "" : `, OPENBLAS_CORETYPE=${load.coreType}`;
  const description = `${info.config.split(" ").slice(0, 2).join(" ")} + LAPACKE (kernels ${info.corename}${forced}, ${info.threads} threads)`;
  return {
    name: "native-openblas",
    description,
    matmul32: (a, b, transA = false, transB = false) => matmul32(addon, a, b, transA, transB),
    matmul64: (a, b, transA = false, transB = false) => matmul64(addon, a, b, transA, transB),
    gram: (a) => gram(addon, a),
    eigh: (a) => eigh(addon, a),
    solveSpd: (a, b) => solveSpd(addon, a, b),
  };
}

function matmul32(addon: NativeAddon, a: Matrix32, b: Matrix32, transA: boolean, transB: boolean): Matrix32 {
  const [rows, cols] = checkMatmul("matmul32", a, b, transA, transB);
  const data = callNative("matmul32", () => addon.sgemm(a.data, a.rows, a.cols, b.data, b.rows, b.cols, transA, transB));
  return { rows, cols, data };
}

function matmul64(addon: NativeAddon, a: Matrix64, b: Matrix64, transA: boolean, transB: boolean): Matrix64 {
  const [rows, cols] = checkMatmul("matmul64", a, b, transA, transB);
  const data = callNative("matmul64", () => addon.dgemm(a.data, a.rows, a.cols, b.data, b.rows, b.cols, transA, transB));
  return { rows, cols, data };
}

function gram(addon: NativeAddon, a: Matrix32 | Matrix64): Matrix64 {
  checkMatrix("gram", "A", a);
  const n = a.rows;
  const data = callNative("gram", () =>
    a.data instanceof Float32Array ? addon.gram32to64(a.data, n, a.cols, 0) : addon.dsyrk(a.data, n, a.cols),
  );
  return { rows: n, cols: n, data };
}

function eigh(addon: NativeAddon, a: Matrix64): { values: Float64Array; vectors: Matrix64 } {
  checkSquare("eigh", "A", a);
  checkFinite("eigh", "A", a);
  const n = a.rows;
  const { values, vectors } = callNative("eigh", () => addon.dsyevd(a.data, n));
  return { values, vectors: { rows: n, cols: n, data: vectors } };
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
