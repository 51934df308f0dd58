import type { DType, NdArray } from "@neurotranslator/schema";

/** Size limits checked before any allocation a file header asks for. */
export interface MatLimits {
  /** Largest decoded variable, in bytes (default 4 GiB). */
  maxBytes: number;
  /** Largest element count of one variable (default 2^30, as the npy reader). */
  maxElements: number;
}

export const DEFAULT_MAT_LIMITS: MatLimits = { maxBytes: 4 * 1024 ** 3, maxElements: 2 ** 30 };

/** Most variables a MAT-file may hold (as the .npz member limit: a file of arrays holds a few). */
export const MAX_MAT_VARIABLES = 10_000;

export interface ReadMatOptions {
  /** Name used in error messages (file path or upload name); default "<bytes>". */
  source?: string;
  limits?: Partial<MatLimits>;
  /** v7.3: largest part of a variable read from HDF5 at once (default 64 MiB; for tests). */
  slabBytes?: number;
}

/** A variable as its header describes it: the dtype and shape `get` would return. */
export interface MatVariableInfo {
  dtype: DType;
  shape: number[];
}

/**
 * An opened MAT-file. Variables are decoded on `get` (lazily, one at a time).
 * Numeric arrays come back in C (row-major) order with MATLAB's shape: a MATLAB [25915 x 1750]
 * double is an NdArray of shape [25915, 1750] with the same value at (i, j). Char arrays become
 * dtype "unicode": a MATLAB [m x n] char is m strings (shape [m]).
 * Call `close()` when done: v7.3 files hold an HDF5 handle (and, from a path, a file descriptor).
 */
export interface MatFile {
  version: "5" | "7.3";
  /** Variable names in file order. */
  names: string[];
  has(name: string): boolean;
  /**
   * The dtype and shape `get(name)` returns, from headers only: nothing is inflated or read, so
   * callers can check shapes against each other and a memory budget first.
   */
  info(name: string): MatVariableInfo;
  /** Decodes one variable; throws NtError NOT_FOUND for unknown names, FORMAT for unsupported classes. */
  get(name: string): NdArray;
  close(): void;
}
