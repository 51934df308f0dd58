import type { MetricSummary, Run, RunMetrics } from "@neurotranslator/data";

/** The metrics printed in tables and compared by `runs compare` (higher is better for all of them). */
export const HEADLINE_METRICS = ["sampleR", "cosine", "featureR", "r2", "identification", "pairwise", "top1Agreement", "top5Overlap"] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export function summaryOf(metrics: RunMetrics, name: HeadlineMetric): MetricSummary | undefined {
  return metrics[name];
}

/** The JSON of a run in every command's output: id, config, provenance, metrics (top1Agreement / top5Overlap null when no head applied). */
export function runJson(run: Run) {
  return {
    runId: run.id,
    datasetId: run.datasetId,
    featureSetId: run.featureSetId,
    layer: run.layer,
    rois: run.rois,
    solver: run.solver,
    config: run.config,
    metrics: { ...run.metrics, top1Agreement: run.metrics.top1Agreement ?? null, top5Overlap: run.metrics.top5Overlap ?? null },
    timings: run.timings,
    engine: run.engine,
    versions: run.versions,
    datasetHash: run.datasetHash,
    featureHash: run.featureHash,
    jobId: run.jobId,
    createdAt: run.createdAt.toISOString(),
  };
}

/** "0.412 (p 0.001)" or "-" for a missing summary. */
export function cell(s: MetricSummary | undefined): string {
  if (!s) return "-";
  return s.p === null ? s.value.toFixed(3) : `${s.value.toFixed(3)}${s.p < 0.05 ? "*" : ""}`;
}

/** One table row per run: area set, layer, solver and the headline metrics (* = permutation p < 0.05). */
export function runRow(run: Run): (string | number)[] {
  return [run.id.slice(0, 8), run.rois.length === 0 ? "all" : run.rois.join(","), run.layer, run.solver, ...HEADLINE_METRICS.map((m) => cell(summaryOf(run.metrics, m)))];
}

export const RUN_HEADERS = ["run", "areas", "layer", "solver", ...HEADLINE_METRICS];

/** `runs list --csv`: full ids and each headline metric's value, CI bounds and permutation p. */
export const RUN_CSV_COLUMNS = [
  "run_id",
  "created_at",
  "dataset_id",
  "feature_set_id",
  "layer",
  "areas",
  "solver",
  ...HEADLINE_METRICS.flatMap((m) => [m, `${m}_ci_low`, `${m}_ci_high`, `${m}_p`]),
];

export function runCsvRow(run: Run): (string | number | null)[] {
  const metrics = HEADLINE_METRICS.flatMap((m) => {
    const s = summaryOf(run.metrics, m);
    return [s?.value ?? null, s?.ci95?.[0] ?? null, s?.ci95?.[1] ?? null, s?.p ?? null];
  });
  return [run.id, run.createdAt.toISOString(), run.datasetId, run.featureSetId, run.layer, run.rois.join(" ") || "all", run.solver, ...metrics];
}

/** A run's metrics as text lines: value, 95% CI, null mean and p for each summary. */
export function metricLines(metrics: RunMetrics): string[] {
  return HEADLINE_METRICS.flatMap((name) => {
    const s = summaryOf(metrics, name);
    if (!s) return [];
    const ci = s.ci95 ? ` CI [${s.ci95[0].toFixed(3)}, ${s.ci95[1].toFixed(3)}]` : "";
    const nul = s.null ? ` null ${s.null.mean.toFixed(3)}` : "";
    const p = s.p === null ? "" : ` p ${s.p.toPrecision(2)}`;
    return [`  ${name.padEnd(15)} ${s.value.toFixed(4)}${ci}${nul}${p}`];
  });
}
