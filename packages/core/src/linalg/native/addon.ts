import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { NtError } from "@neurotranslator/schema";
import type { NtErrorCode } from "@neurotranslator/schema";

/** The raw exports of native/src/addon.cc. All matrices are row-major; sizes are validated in C++. */
export interface NativeAddon {
  sgemm(
    a: Float32Array,
    aRows: number,
    aCols: number,
    b: Float32Array,
    bRows: number,
    bCols: number,
    transA: boolean,
    transB: boolean,
  ): Float32Array;
  dgemm(
    a: Float64Array,
    aRows: number,
    aCols: number,
    b: Float64Array,
    bRows: number,
    bCols: number,
    transA: boolean,
    transB: boolean,
  ): Float64Array;
  ssyrk(a: Float32Array, n: number, k: number): Float32Array;
  dsyrk(a: Float64Array, n: number, k: number): Float64Array;
  /**
   * Ã·Ãᵀ of float32 A: [n, k], Ã = (A − shift) · invScale column-wise when given, widened blockCols
   * columns at a time and summed by dsyrk (0 = default 512).
   */
  gram32to64(
    a: Float32Array,
    n: number,
    k: number,
    blockCols: number,
    shift?: Float64Array,
    invScale?: Float64Array,
  ): Float64Array;
  /** Ã·B̃ᵀ of float32 A: [m, k] and B: [n, k], transformed and widened as in gram32to64, summed by dgemm. */
  cross32to64(
    a: Float32Array,
    m: number,
    b: Float32Array,
    n: number,
    k: number,
    blockCols: number,
    shift?: Float64Array,
    invScale?: Float64Array,
  ): Float64Array;
  colsums32(a: Float32Array, rows: number, cols: number): Float64Array;
  colsums64(a: Float64Array, rows: number, cols: number): Float64Array;
  dsyevd(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array };
  /** ssyevd's divide and conquer, blocked back-transformation (evr false), or ssyevr (evr true) of the float32-rounded A; vectors row-major, eigenvectors as columns. */
  ssyev(a: Float64Array, n: number, evr: boolean): { values: Float64Array; vectors: Float32Array };
  /** Ã·Ãᵀ by ssyrk per block of blockCols columns (0 = 1024), blocks summed in float64. */
  gram32(
    a: Float32Array,
    n: number,
    k: number,
    blockCols: number,
    shift?: Float64Array,
    invScale?: Float64Array,
  ): Float64Array;
  dposv(a: Float64Array, n: number, b: Float64Array, m: number): Float64Array;
  /** ridge-cv's fused leave-one-out loop; see native/src/ridge_ops.cc. */
  looSse(
    u: Float32Array,
    n: number,
    r: number,
    z: Float64Array,
    b: number,
    y: Float64Array,
    filters: Float64Array,
    diags: Float64Array,
    shifts: Float64Array,
    na: number,
  ): Float64Array;
  describe(): { config: string; corename: string; threads: number; procs: number };
  /** Sets OpenBLAS's (process-wide) thread count; returns the count now in effect. */
  setThreads(threads: number): number;
}

/** Where scripts/build-native.mjs puts the addon, resolved from this file (not the cwd). */
export const NATIVE_ADDON_PATH = fileURLToPath(
  new URL("../../../native/build/Release/nt_linalg.node", import.meta.url),
);

/** One line naming what to install to get the native engine on this platform. */
export function nativeInstallHint(): string {
  if (process.platform === "darwin")
    return "brew install openblas, then run `pnpm --filter @neurotranslator/core build`";
  if (process.platform === "win32") return "the native engine is not supported on Windows";
  return "apt-get install libopenblas-dev liblapacke-dev, then run `pnpm --filter @neurotranslator/core build`";
}

export type NativeLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

let cached: NativeLoad | undefined;

/** Loads the addon once per process; on failure says why (not built, or a library is missing). */
export function loadNativeAddon(): NativeLoad {
  cached ??= tryLoad();
  return cached;
}

function tryLoad(): NativeLoad {
  if (!existsSync(NATIVE_ADDON_PATH)) {
    return {
      ok: false,
      reason: `native addon not built (${NATIVE_ADDON_PATH} missing): ${nativeInstallHint()}`,
    };
  }
  try {
    const addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
    return { ok: true, addon };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, reason: `native addon failed to load (${message}): ${nativeInstallHint()}` };
  }
}

const CODES = new Set<string>(["BAD_INPUT", "NUMERIC", "LIMIT", "INTERNAL"]);

/** Runs an addon call, turning its errors (which carry `ntCode`) into NtError. */
export function callNative<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof NtError) throw error;
    const ntCode = (error as { ntCode?: unknown }).ntCode;
    const code: NtErrorCode =
      typeof ntCode === "string" && CODES.has(ntCode) ? (ntCode as NtErrorCode) : "ENGINE";
    const message = error instanceof Error ? error.message : String(error);
    throw new NtError(code, `${op} (native-openblas): ${message}`, { cause: error });
  }
}
