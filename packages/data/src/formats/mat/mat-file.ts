import type { NdArray } from "../../schema/ndarray.ts";

/** Size limits checked before any allocation a file header asks for. */
export interface MatLimits {
  /** Largest decoded variable, in bytes (default 4 GiB). */
  maxBytes: number;
  /** Largest element count of one variable (default 2^30, as the npy reader). */
  maxElements: number;
}

export const DEFAULT_MAT_LIMITS: MatLimits = { maxBytes: 4 * 1024 ** 3, maxElements: 2 ** 30 };

export interface ReadMatOptions {
  /** Name used in error messages (file path or upload name); default "<bytes>". */
  source?: string;
  limits?: Partial<MatLimits>;
}

/**
 * An opened MAT-file. Variables are decoded on `get` (lazily, one at a time).
 * Numeric arrays come back in C (row-major) order with MATLAB's shape: a MATLAB [25915 x 1750]
 * double is an NdArray of shape [25915, 1750] with the same value at (i, j). Char arrays become
 * dtype "unicode": a MATLAB [m x n] char is m strings (shape [m]).
 * Call `close()` when done: v7.3 files hold an HDF5 handle (and a temp file when read from bytes).
 */
export interface MatFile {
  version: "5" | "7.3";
  /** Variable names in file order. */
  names: string[];
  has(name: string): boolean;
  /** Decodes one variable; throws NtError NOT_FOUND for unknown names, FORMAT for unsupported classes. */
  get(name: string): NdArray;
  close(): void;
}
