import type { NullDistribution } from "@neurotranslator/schema";

/** Mean of the values. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample standard deviation (n - 1 denominator); 0 for fewer than 2 values. */
export function sampleSd(x: ArrayLike<number>): number {
  if (x.length < 2) return 0;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** q-quantile of already ascending-sorted values with linear interpolation (NumPy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac;
}

/** q-quantile (linear interpolation) of unsorted values; does not modify the input. */
export function quantile(x: ArrayLike<number>, q: number): number {
  return quantileSorted(Float64Array.from(x).sort(), q);
}

/** Median of the values. */
export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

/** The values that are not NaN (excluded features and images are NaN in per-item arrays). */
export function withoutNaN(x: Float64Array): Float64Array {
  return x.filter((v) => !Number.isNaN(v));
}

/** Mean, sd, 5th and 95th percentiles of a null distribution. */
export function summariseNull(nullValues: Float64Array): NullDistribution {
  const sorted = Float64Array.from(nullValues).sort();
  return {
    mean: mean(sorted),
    sd: sampleSd(sorted),
    p05: quantileSorted(sorted, 0.05),
    p95: quantileSorted(sorted, 0.95),
  };
}

/**
 * Permutation p-value (1 + #{null at least as extreme}) / (1 + nPerm), so never 0.
 * higherIsBetter: "at least as extreme" means null >= observed; otherwise null <= observed.
 * A relative tolerance of 1e-12 counts float round-off ties as ties.
 */
export function permutationPValue(
  observed: number,
  nullValues: Float64Array,
  higherIsBetter = true,
): number {
  const tol = 1e-12 * Math.max(1, Math.abs(observed));
  let count = 0;
  for (let i = 0; i < nullValues.length; i++) {
    const v = nullValues[i]!;
    if (higherIsBetter ? v >= observed - tol : v <= observed + tol) count++;
  }
  return (1 + count) / (1 + nullValues.length);
}

/** Percentile 95% interval [2.5th, 97.5th] of bootstrap replicates. */
export function percentileCi95(replicates: Float64Array): [number, number] {
  const sorted = Float64Array.from(replicates).sort();
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}
