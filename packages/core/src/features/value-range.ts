import type { NdArray } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { RangeNormalisation } from "./preparation.ts";

/** The value interval [lo, hi] that maps to [0, 1]. */
export interface ValueInterval {
  lo: number;
  hi: number;
}

const HISTOGRAM_BINS = 4096;

/**
 * The dataset-wide interval for "robust-global", "minmax-global" and "clip"; undefined for
 * "per-image" (each image gets its own). Percentiles: see `histogramPercentiles`.
 */
export function globalInterval(images: NdArray, range: RangeNormalisation): ValueInterval | undefined {
  switch (range.mode) {
    case "per-image":
      return undefined;
    case "clip":
      return { lo: range.min, hi: range.max };
    case "minmax-global": {
      const { min, max } = minMax(images.data as ArrayLike<number>);
      return { lo: min, hi: max };
    }
    case "robust-global": {
      const [lo = 0, hi = 1] = histogramPercentiles(images.data as ArrayLike<number>, [
        range.lowPercentile,
        range.highPercentile,
      ]);
      return { lo, hi };
    }
  }
}

/** Min and max of finite values; throws NtError NUMERIC on NaN/Infinity or an empty array. */
export function minMax(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v))
      throw new NtError("NUMERIC", `stimuli: value ${v} at flat index ${i} is not finite`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) throw new NtError("NUMERIC", "stimuli: no values");
  return { min, max };
}

/**
 * Percentiles (0..100) of `values` from a 4096-bin histogram over [min, max]: the value where the
 * cumulative count reaches p/100 * (N - 1) + 1 (numpy's "linear" rank convention), interpolated
 * linearly inside the bin. Error is below (max - min) / 4096. Two passes, no sort, no copy.
 */
export function histogramPercentiles(values: ArrayLike<number>, percentiles: number[]): number[] {
  const { min, max } = minMax(values);
  if (max === min) return percentiles.map(() => min);
  const counts = new Float64Array(HISTOGRAM_BINS);
  const scale = HISTOGRAM_BINS / (max - min);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(((values[i] as number) - min) * scale));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return percentiles.map((p) => {
    const target = (p / 100) * (values.length - 1) + 1; // 1-based rank
    let cumulative = 0;
    for (let b = 0; b < HISTOGRAM_BINS; b++) {
      const c = counts[b] as number;
      if (cumulative + c >= target && c > 0) {
        const within = (target - cumulative) / c;
        return min + (b + within) / scale;
      }
      cumulative += c;
    }
    return max;
  });
}

/** Maps `values` in place so `interval` becomes [0, 1], then clips to [0, 1]. A zero-width interval gives 0.5. */
export function mapToUnit(values: Float32Array, interval: ValueInterval): Float32Array {
  const width = interval.hi - interval.lo;
  if (!(width > 0)) return values.fill(0.5);
  for (let i = 0; i < values.length; i++) {
    const v = ((values[i] as number) - interval.lo) / width;
    values[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return values;
}
