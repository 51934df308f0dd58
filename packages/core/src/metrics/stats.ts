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
export function permutationPValue(observed: number, nullValues: Float64Array, higherIsBetter = true): number {
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

/**
 * Bias-corrected percentile 95% interval (Efron's BC): the percentiles move by z0 = Φ⁻¹(share of
 * replicates below the estimate), so a statistic whose resamples are biased (a ratio such as R²)
 * still gets an interval around its estimate. z0 = 0 gives the plain percentile interval.
 */
export function biasCorrectedCi95(replicates: Float64Array, estimate: number): [number, number] {
  const sorted = Float64Array.from(replicates).sort();
  let below = 0;
  let ties = 0;
  for (const x of sorted) {
    if (x < estimate) below++;
    else if (x === estimate) ties++;
  }
  const n = sorted.length;
  // Clamped so that an estimate outside every replicate still gives finite percentiles.
  const share = Math.min(1 - 0.5 / n, Math.max(0.5 / n, (below + ties / 2) / n));
  const z0 = normalQuantile(share);
  const at = (z: number) => quantileSorted(sorted, normalCdf(2 * z0 + z));
  return [at(-1.959963984540054), at(1.959963984540054)];
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9), p in (0, 1). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
