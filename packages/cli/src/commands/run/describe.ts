import type { BestLayerClaim, MetricSummary, Run, RunMetrics } from "@neurotranslator/data";

/**
 * The metrics printed in tables and compared by `runs compare` (higher is better for all of them).
 * Per-feature r leads: per-image r and cosine reward the features' shared mean profile, which a
 * constant prediction already scores well on (see the baselines line).
 */
export const HEADLINE_METRICS = [
  "featureR",
  "r2",
  "sampleR",
  "cosine",
  "identification",
  "pairwise",
  "top1Agreement",
  "top5Overlap",
] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export function summaryOf(metrics: RunMetrics, name: HeadlineMetric): MetricSummary | undefined {
  return metrics[name];
}

/** A run's dataset as tables and JSON name it: simulated data are labelled wherever a run is shown. */
export interface DatasetLabel {
  name: string;
  kind: string;
}

/** Dataset id -> its label, for every stored dataset (one query for a list of runs). */
export async function datasetLabels(store: {
  datasets: { list(): Promise<{ id: string; name: string; kind: string }[]> };
}): Promise<Map<string, DatasetLabel>> {
  return new Map((await store.datasets.list()).map((d) => [d.id, { name: d.name, kind: d.kind }]));
}

/** "demo-sim (simulated)", "kay", or "-" when unknown. */
export function datasetText(d: DatasetLabel | undefined): string {
  if (!d) return "-";
  return d.kind === "simulated" ? `${d.name} (simulated)` : d.name;
}

/**
 * The JSON of a run in every command's output: id, config, provenance, metrics (top1Agreement /
 * top5Overlap null when no head applied), and the dataset's name and kind with `simulated`
 * (true when the responses came from the simulator) when the caller knows the dataset.
 */
export function runJson(run: Run, dataset?: DatasetLabel) {
  return {
    runId: run.id,
    datasetId: run.datasetId,
    ...(dataset
      ? { datasetName: dataset.name, datasetKind: dataset.kind, simulated: dataset.kind === "simulated" }
      : {}),
    featureSetId: run.featureSetId,
    layer: run.layer,
    rois: run.rois,
    solver: run.solver,
    config: run.config,
    metrics: {
      ...run.metrics,
      top1Agreement: run.metrics.top1Agreement ?? null,
      top5Overlap: run.metrics.top5Overlap ?? null,
    },
    timings: run.timings,
    engine: run.engine,
    versions: run.versions,
    datasetHash: run.datasetHash,
    featureHash: run.featureHash,
    jobId: run.jobId,
    createdAt: run.createdAt.toISOString(),
  };
}

/** "control: name-order pairing, 1602-voxel subset" for a run with a control; undefined otherwise. */
export function controlText(run: Run): string | undefined {
  const c = run.config.controls;
  if (!c || (c.pairing === "as-stored" && c.voxelSubset === null)) return undefined;
  const parts = [
    c.pairing === "as-stored" ? "" : `${c.pairing} pairing (deliberately mispaired)`,
    c.voxelSubset === null ? "" : `${c.voxelSubset}-voxel random subset`,
  ].filter(Boolean);
  return `control: ${parts.join(", ")}`;
}

/** "0.412 (p 0.001)" or "-" for a missing summary. */
export function cell(s: MetricSummary | undefined): string {
  if (!s) return "-";
  return s.p === null ? s.value.toFixed(3) : `${s.value.toFixed(3)}${s.p < 0.05 ? "*" : ""}`;
}

/** One table row per run: dataset (labelled when simulated), area set, layer, solver (with its control) and the headline metrics (* = permutation p < 0.05). */
export function runRow(run: Run, dataset?: DatasetLabel): (string | number)[] {
  const control = run.config.controls;
  const solver =
    control && (control.pairing !== "as-stored" || control.voxelSubset !== null)
      ? `${run.solver} [control]`
      : run.solver;
  return [
    run.id.slice(0, 8),
    datasetText(dataset),
    run.rois.length === 0 ? "all" : run.rois.join(","),
    run.layer,
    solver,
    ...HEADLINE_METRICS.map((m) => cell(summaryOf(run.metrics, m))),
  ];
}

export const RUN_HEADERS = ["run", "dataset", "areas", "layer", "solver", ...HEADLINE_METRICS];

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
  "dataset_kind",
  "pairing",
  "voxel_subset",
];

export function runCsvRow(run: Run, dataset?: DatasetLabel): (string | number | null)[] {
  const metrics = HEADLINE_METRICS.flatMap((m) => {
    const s = summaryOf(run.metrics, m);
    return [s?.value ?? null, s?.ci95?.[0] ?? null, s?.ci95?.[1] ?? null, s?.p ?? null];
  });
  const c = run.config.controls;
  return [
    run.id,
    run.createdAt.toISOString(),
    run.datasetId,
    run.featureSetId,
    run.layer,
    run.rois.join(" ") || "all",
    run.solver,
    ...metrics,
    dataset?.kind ?? null,
    c?.pairing ?? "as-stored",
    c?.voxelSubset ?? null,
  ];
}

/** A run's metrics as text lines: value, 95% CI, null mean and p for each summary, then the baselines and the alpha choice. */
export function metricLines(metrics: RunMetrics): string[] {
  const lines = HEADLINE_METRICS.flatMap((name) => {
    const s = summaryOf(metrics, name);
    if (!s) return [];
    const ci = s.ci95 ? ` CI [${s.ci95[0].toFixed(3)}, ${s.ci95[1].toFixed(3)}]` : "";
    const nul = s.null ? ` null ${s.null.mean.toFixed(3)}` : "";
    const p = s.p === null ? "" : ` p ${s.p.toPrecision(2)}`;
    return [`  ${name.padEnd(15)} ${s.value.toFixed(4)}${ci}${nul}${p}`];
  });
  return [...lines, ...baselineLines(metrics), ...(alphaLine(metrics) ?? [])];
}

/** The trivial competitors: the training-mean prediction (runs stored before it existed lack it) and random vectors. */
export function baselineLines(metrics: RunMetrics): string[] {
  const c = metrics.constantBaseline;
  const b = metrics.randomBaseline;
  const out: string[] = [];
  if (c) {
    const cls =
      c.top1Agreement === undefined
        ? ""
        : `, top-1 ${c.top1Agreement.toFixed(3)}, top-5 ${(c.top5Overlap ?? 0).toFixed(3)}`;
    out.push(
      `  baseline, training mean for every image (no brain data): sampleR ${c.sampleR.toFixed(4)}, cosine ${c.cosine.toFixed(4)}, r2 ${c.r2 === null ? "-" : c.r2.toFixed(4)}, identification ${c.identification.toFixed(4)}${cls}; featureR undefined (a constant has no variance across images)`,
    );
  }
  out.push(
    `  baseline, random vectors (the 2020 study's): sampleR ${b.sampleR.toFixed(4)}, cosine ${b.cosine.toFixed(4)}`,
  );
  return out;
}

/** "ridge alphas: ..." for ridge runs: the grid's rule and how many features chose an edge of it. */
export function alphaLine(metrics: RunMetrics): string[] | undefined {
  const a = metrics.alphaSelection;
  if (!a) return undefined;
  const grid =
    a.rule === "relative" && a.relativeGrid && a.scale !== undefined
      ? `relative grid ${Math.min(...a.relativeGrid).toExponential(0)}..${Math.max(...a.relativeGrid).toExponential(0)} x scale ${a.scale.toPrecision(3)}`
      : `absolute grid${a.grid ? ` ${Math.min(...a.grid).toPrecision(2)}..${Math.max(...a.grid).toPrecision(2)}` : ""}`;
  return [
    `  ridge alphas: ${grid}; chosen median ${a.median.toPrecision(3)}; at the grid's edge: ${a.atLowEdge} low, ${a.atHighEdge} high of ${a.nTargets} features${a.undetermined > 0 ? ` (${a.undetermined} flat)` : ""}`,
  ];
}

/** Share of targets above which a run's edge alphas are worth a warning. */
export const EDGE_WARNING_FRACTION = 0.05;

/** A warning for stderr when more than 5% of the features chose an alpha at either end of the grid; undefined otherwise. */
export function alphaEdgeWarning(metrics: RunMetrics, label = "run"): string | undefined {
  const a = metrics.alphaSelection;
  if (!a || a.nTargets === 0) return undefined;
  const edge = a.atLowEdge + a.atHighEdge;
  if (edge / a.nTargets <= EDGE_WARNING_FRACTION) return undefined;
  const why = [
    a.atHighEdge > 0
      ? `${a.atHighEdge} at the largest alpha (no signal the grid can use for them: they predict about their training mean)`
      : "",
    a.atLowEdge > 0 ? `${a.atLowEdge} at the smallest (they may want even less shrinkage)` : "",
  ].filter(Boolean);
  return `warning: ${label}: ${edge} of ${a.nTargets} features (${((100 * edge) / a.nTargets).toFixed(1)}%) chose an alpha at the edge of the grid: ${why.join("; ")}. Widen it with --relative-alphas (or --alphas) if that is not expected.`;
}

/** "V1 conv2d_1 (+0.041 [0.012, 0.070] over conv2d_3), V2 not distinguishable (conv2d_3 vs conv2d_5 +0.004 [-0.010, 0.019])". */
export function claimsText(claims: Record<string, BestLayerClaim>): string {
  return Object.entries(claims)
    .map(([area, c]) => `${area} ${claimText(c)}`)
    .join(", ");
}

function claimText(c: BestLayerClaim): string {
  if (c.layer === null) return "-";
  if (c.runnerUp === null) return c.layer;
  const d = `${c.difference! >= 0 ? "+" : ""}${c.difference!.toFixed(3)}${c.ci95 ? ` [${c.ci95[0].toFixed(3)}, ${c.ci95[1].toFixed(3)}]` : ""}`;
  if (c.distinguishable === true) return `${c.layer} (${d} over ${c.runnerUp})`;
  if (c.distinguishable === false) return `not distinguishable (${c.layer} vs ${c.runnerUp} ${d})`;
  return `${c.layer}, not tested (no bootstrap)`;
}
