/** Equal-width histogram of the finite entries of a vector (null/NaN entries are counted, not binned). */
export interface Histogram {
  /** bins + 1 edges, ascending; bin k covers [edges[k], edges[k+1]) and the last bin includes its right edge. */
  edges: number[];
  counts: number[];
  /** Entries that were binned, and entries left out (null, NaN, ±Infinity, or outside a given range). */
  nBinned: number;
  nMissing: number;
}

/**
 * Bins `values` into `bins` equal-width bins over `range` (default: min..max of the finite values).
 * A range of zero width (all values equal) becomes [x - 0.5, x + 0.5] so the bar is visible.
 */
export function histogram(
  values: ArrayLike<number | null>,
  bins: number,
  range?: readonly [number, number],
): Histogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`histogram: bins must be a positive integer, got ${bins}`);
  let lo = range ? range[0] : Infinity;
  let hi = range ? range[1] : -Infinity;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x !== null && x !== undefined && Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    }
  }
  if (!(hi >= lo)) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const counts = new Array<number>(bins).fill(0);
  let nBinned = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === null || x === undefined || !Number.isFinite(x) || x < lo || x > hi) continue;
    const k = Math.min(bins - 1, Math.floor((x - lo) / width));
    counts[k] = (counts[k] ?? 0) + 1;
    nBinned++;
  }
  return { edges, counts, nBinned, nMissing: values.length - nBinned };
}

/** Mean and median of the finite entries; null when there are none. */
export function centre(values: ArrayLike<number | null>): { mean: number; median: number; n: number } | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== null && x !== undefined && Number.isFinite(x)) finite.push(x);
  }
  if (finite.length === 0) return null;
  finite.sort((a, b) => a - b);
  const mid = finite.length >> 1;
  const median = finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, median, n: finite.length };
}
