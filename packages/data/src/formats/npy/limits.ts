import { NtError, formatShape } from "@neurotranslator/schema";

/**
 * Caps on what a reader will allocate for one array, checked against the header's claims before
 * any allocation (a file's header is never trusted).
 */
export interface ReadLimits {
  /** Most bytes of array data (as stored in the file) one array may claim. */
  maxBytes: number;
  /** Most elements one array may claim. */
  maxElements: number;
}

/** 4 GiB and 2^30 elements: far above any fMRI matrix we read, far below what breaks a process. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 4 * 1024 ** 3, maxElements: 2 ** 30 };

/**
 * Longest .npy header accepted, in characters. Mirrors NumPy's default `max_header_size`
 * (10000); headers of the dtypes we support are under 200 characters.
 */
export const MAX_HEADER_CHARS = 10_000;

/** Most dimensions an array may have (NumPy 2 allows 64). */
export const MAX_NDIM = 64;

/** Human-readable byte count: 118 MB, 12 bytes. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const units = ["kB", "MB", "GB", "TB", "PB", "EB"];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toPrecision(3)} ${units[unit]}`;
}

/**
 * Number of elements of `shape`, or throws LIMIT when it exceeds `limits.maxElements`
 * (checked step by step so a huge product never loses precision unnoticed).
 */
export function countElements(
  shape: readonly number[],
  limits: ReadLimits,
  label: string,
  dtypeName: string,
): number {
  if (shape.some((d) => d === 0)) return 0;
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count > limits.maxElements) {
      throw new NtError(
        "LIMIT",
        `${label}: header claims shape ${formatShape(shape)} ${dtypeName} with more than ${limits.maxElements} elements (limit maxElements)`,
      );
    }
  }
  return count;
}

/** Throws LIMIT when `byteSize` exceeds `limits.maxBytes`. */
export function checkByteLimit(
  byteSize: number,
  shape: readonly number[],
  dtypeName: string,
  limits: ReadLimits,
  label: string,
): void {
  if (byteSize > limits.maxBytes) {
    throw new NtError(
      "LIMIT",
      `${label}: header claims shape ${formatShape(shape)} ${dtypeName} = ${formatBytes(byteSize)}, above the limit of ${formatBytes(limits.maxBytes)} (limit maxBytes)`,
    );
  }
}

/** Validates caller-supplied limits (positive integers). */
export function resolveLimits(limits: Partial<ReadLimits> | undefined): ReadLimits {
  const merged = { ...DEFAULT_READ_LIMITS, ...limits };
  for (const [key, value] of Object.entries(merged)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new NtError(
        "BAD_INPUT",
        `read limits: ${key} must be a non-negative number, got ${String(value)}`,
      );
    }
  }
  return merged;
}
