import type { Run } from "@neurotranslator/data";
import { HEADLINE_METRICS, summaryOf, type HeadlineMetric } from "./describe.ts";

/** One metric of `runs compare A B`: delta = A - B (all headline metrics are higher-is-better). */
export interface MetricComparison {
  metric: HeadlineMetric;
  a: number;
  b: number;
  delta: number;
  /** "a", "b" or "tie" (equal values). */
  better: "a" | "b" | "tie";
  /** True when the two bootstrap 95% CIs do not overlap; null when either run has no CI. */
  exceedsCi: boolean | null;
}

/** Compares the metrics both runs have; a metric missing from either (e.g. no classifier head) is left out. */
export function compareRuns(a: Run, b: Run): MetricComparison[] {
  return HEADLINE_METRICS.flatMap((metric) => {
    const sa = summaryOf(a.metrics, metric);
    const sb = summaryOf(b.metrics, metric);
    if (!sa || !sb) return [];
    const delta = sa.value - sb.value;
    const exceedsCi = sa.ci95 && sb.ci95 ? sa.ci95[0] > sb.ci95[1] || sb.ci95[0] > sa.ci95[1] : null;
    return [{ metric, a: sa.value, b: sb.value, delta, better: delta > 0 ? "a" : delta < 0 ? "b" : "tie", exceedsCi } satisfies MetricComparison];
  });
}
