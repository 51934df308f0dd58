import { NtError } from "@neurotranslator/schema";
import {
  COMPARE_DEFINITION,
  type CompareColumn,
  type MetricComparison,
  type MetricSummary,
  type PairedDifference,
  type RunComparison,
  type RunMetrics,
} from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";
import { percentileCi95 } from "../metrics/stats.ts";
import type { PerImageValues } from "./per-image-values.ts";

/** The metrics a comparison reports, per-feature r first (the number to read), in the run page's order. */
export const COMPARED_METRICS = [
  "featureR",
  "r2",
  "sampleR",
  "cosine",
  "identification",
  "rank",
  "rankPercentile",
  "pairwise",
  "top1Agreement",
  "top5Overlap",
] as const;
const LOWER_IS_BETTER = new Set<string>(["rank"]);

/** One run to compare: its column head, its test set (dataset id and size), stored metrics and per-image values. */
export interface CompareInput {
  column: CompareColumn;
  datasetId: string;
  metrics: RunMetrics;
  /** Per test image, in image-index order; metrics missing here get a difference without CI. */
  perImage: PerImageValues;
}

export interface RunCompareOptions {
  /** Paired bootstrap resamples (default 2000; 0 = no CIs on differences). */
  nBootstrap?: number;
  seed?: number;
}

/**
 * Compares runs against the first (the base): for each metric any run has, its value and CI per run,
 * and run k - base with a paired percentile bootstrap CI over the test images both share (the same
 * resampled images for every run, so image difficulty cancels). Runs on another dataset, or with
 * another number of test images, share no test images with the base: their differences have no CI,
 * and a note says so. Pure: the caller loads the runs (compareStoredRuns in the API package).
 */
export function compareRuns(inputs: readonly CompareInput[], options: RunCompareOptions = {}): RunComparison {
  const nBootstrap = options.nBootstrap ?? 2000;
  const seed = options.seed ?? 0;
  if (inputs.length < 2)
    throw new NtError("BAD_INPUT", `compare needs at least 2 runs, got ${inputs.length}`);
  const base = inputs[0]!;
  const notes: string[] = [];
  const shares = inputs.map((r) => r.datasetId === base.datasetId && r.metrics.nTest === base.metrics.nTest);
  inputs.forEach((r, k) => {
    if (!shares[k])
      notes.push(
        `run ${r.column.shortId} is on dataset ${r.column.dataset}, not the base's ${base.column.dataset}: no shared test images, so its differences have no CI`,
      );
  });
  if (inputs.some((r) => r.column.simulated))
    notes.push(
      "simulated data: runs marked simulated were fitted on a dataset made by the simulator, not measured responses",
    );
  const weights = resampleWeights(base.metrics.nTest, nBootstrap, seed);
  const metrics: MetricComparison[] = [];
  for (const metric of COMPARED_METRICS) {
    const summaries = inputs.map((r) => summaryOf(r.metrics, metric));
    if (summaries.every((s) => s === undefined)) continue;
    const lowerIsBetter = LOWER_IS_BETTER.has(metric);
    const baseReplicates = base.perImage[metric] ? bootMeans(base.perImage[metric], weights) : null;
    const differences = inputs.map((r, k): PairedDifference | null => {
      const [a, b] = [summaries[k], summaries[0]];
      if (k === 0 || a === undefined || b === undefined) return null;
      const delta = a.value - b.value;
      const values = r.perImage[metric];
      if (!shares[k] || !baseReplicates || !values || weights.length === 0)
        return { delta, ci95: null, excludesZero: null };
      const own = bootMeans(values, weights);
      const ci95 = percentileCi95(own.map((x, i) => x - baseReplicates[i]!));
      return { delta, ci95, excludesZero: ci95[0] > 0 || ci95[1] < 0 };
    });
    metrics.push({
      metric,
      lowerIsBetter,
      values: summaries.map((s) => s?.value ?? null),
      ci95: summaries.map((s) => s?.ci95 ?? null),
      differences,
    });
  }
  return {
    columns: inputs.map((r) => r.column),
    metrics,
    nBootstrap,
    seed,
    definition: COMPARE_DEFINITION,
    notes,
  };
}

function summaryOf(metrics: RunMetrics, key: string): MetricSummary | undefined {
  const s = (metrics as unknown as Record<string, MetricSummary | undefined>)[key];
  return s && typeof s === "object" && typeof s.value === "number" ? s : undefined;
}

/** nBootstrap resamples of n images with replacement, as counts per image (the same draws for every run). */
function resampleWeights(n: number, nBootstrap: number, seed: number): Int32Array[] {
  const rng = new Prng(seed);
  return Array.from({ length: n > 0 ? nBootstrap : 0 }, () => {
    const w = new Int32Array(n);
    for (let i = 0; i < n; i++) w[rng.intBelow(n)]!++;
    return w;
  });
}

/** The resampled mean of x under each weight vector. */
function bootMeans(x: Float64Array, weights: readonly Int32Array[]): Float64Array {
  return Float64Array.from(weights, (w) => {
    let s = 0;
    for (let i = 0; i < w.length; i++) if (w[i]! > 0) s += w[i]! * x[i]!;
    return s / w.length;
  });
}
