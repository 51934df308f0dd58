import { z } from "zod";

/**
 * The comparison of two or more runs (`runs compare`, GET /runs/compare, the viewer's compare page):
 * named columns, each headline metric per run, and each run's difference from the first (the base)
 * with a paired bootstrap CI over the test images the two runs share.
 */

/** How `differences[k].ci95` is computed. */
export const COMPARE_DEFINITION =
  "paired percentile bootstrap over the shared test images: every run is resampled with the same image draws (per-image values; featureR and r2 as their per-image pseudo-values), the CI is the 2.5th and 97.5th percentiles of (resampled mean of run k) - (resampled mean of the base run); runs on different datasets share no test images and get no CI";

const Ci95 = z.tuple([z.number(), z.number()]);

/** One run as a column head: enough to tell runs apart without opening them. */
export const CompareColumn = z.object({
  id: z.uuid(),
  shortId: z.string(),
  dataset: z.string(),
  /** The dataset was made by the simulator (its numbers say nothing about a brain). */
  simulated: z.boolean(),
  featureSet: z.string(),
  layer: z.string(),
  /** "all areas" or "V1 + V2". */
  areas: z.string(),
  solver: z.string(),
});
export type CompareColumn = z.infer<typeof CompareColumn>;

/** Run k minus the base run; ci95 and excludesZero null when the two runs share no test images or lack per-image values. */
export const PairedDifference = z.object({
  delta: z.number(),
  ci95: Ci95.nullable(),
  /** True when the paired CI lies entirely above or below 0. */
  excludesZero: z.boolean().nullable(),
});
export type PairedDifference = z.infer<typeof PairedDifference>;

export const MetricComparison = z.object({
  metric: z.string(),
  /** For ranks: smaller is better, so a negative difference is an improvement. */
  lowerIsBetter: z.boolean(),
  /** Per column: the run's stored value and bootstrap 95% CI (null where the run lacks the metric). */
  values: z.array(z.number().nullable()),
  ci95: z.array(Ci95.nullable()),
  /** Per column: the difference from the base (null for the base itself and where either value is missing). */
  differences: z.array(PairedDifference.nullable()),
});
export type MetricComparison = z.infer<typeof MetricComparison>;

export const RunComparison = z.object({
  columns: z.array(CompareColumn),
  metrics: z.array(MetricComparison),
  nBootstrap: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  definition: z.string(),
  /** Plain-language caveats, e.g. which runs share no test images with the base. */
  notes: z.array(z.string()),
});
export type RunComparison = z.infer<typeof RunComparison>;
