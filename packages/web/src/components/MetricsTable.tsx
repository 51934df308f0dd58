import type { RunMetrics } from "@neurotranslator/data/schema";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";
import { summaryMetrics } from "../lib/metric-list.ts";
import { fmtPWithFloor, pFloor } from "./Headline.tsx";
import { NullChart, NullChartLegend } from "./NullChart.tsx";

/**
 * Every summary metric of a run beside its permutation null, bootstrap CI and the training-mean
 * baseline (the training-set mean feature vector predicted for every image, no brain data), plus the
 * random-vector baseline. `nullSamples` (metric key -> samples): the null drawn as a histogram where
 * given, else from the stored summary.
 */
export function MetricsTable({
  metrics,
  nullSamples,
}: {
  metrics: RunMetrics;
  nullSamples?: Readonly<Record<string, readonly number[]>>;
}) {
  const rows = summaryMetrics(metrics);
  const histograms = rows.some(({ info }) => (nullSamples?.[info.key]?.length ?? 0) > 0);
  const b = metrics.randomBaseline;
  const c = metrics.constantBaseline;
  return (
    <div>
      <p className="muted">
        {metrics.nTest} test images, D = {metrics.D} features, {metrics.nPermutations} permutations (shuffled
        image pairing), {metrics.nBootstrap} bootstrap resamples, seed {metrics.seed}.
      </p>
      <NullChartLegend histograms={histograms} />
      <div className="table-scroll">
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Observed</th>
              <th scope="col">95% CI</th>
              <th scope="col">Null mean [5%, 95%]</th>
              <th scope="col">p</th>
              {c && (
                <th
                  scope="col"
                  title="the training-set mean feature vector predicted for every test image (no brain data)"
                >
                  Training-mean baseline
                </th>
              )}
              <th scope="col">Against the null (axis: the metric&apos;s value)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ info, summary }) => (
              <tr key={info.key}>
                <th scope="row" title={info.help}>
                  {info.label}
                  <span className="help">{info.help}</span>
                </th>
                <td className="num strong">{fmt(summary.value)}</td>
                <td className="num">{fmtCi(summary.ci95)}</td>
                <td className="num">
                  {summary.null
                    ? `${fmt(summary.null.mean)} ${fmtCi([summary.null.p05, summary.null.p95], 2)}`
                    : "—"}
                </td>
                <td className="num" title={fmtPWithFloor(summary.p, metrics.nPermutations)}>
                  {pFloor(metrics.nPermutations) !== null &&
                  summary.p !== null &&
                  summary.p <= pFloor(metrics.nPermutations)! * (1 + 1e-9)
                    ? `p ≤ ${fmt(pFloor(metrics.nPermutations), 4)}*`
                    : fmtP(summary.p)}
                </td>
                {c && <td className="num">{constantValue(c, info.key)}</td>}
                <td>
                  <NullChart label={info.label} summary={summary} samples={nullSamples?.[info.key]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {metrics.nPermutations > 0 &&
          `* p ≤ ${fmt(pFloor(metrics.nPermutations), 4)}: no permutation reached the observed value; with ${metrics.nPermutations} permutations 1/(1 + ${metrics.nPermutations}) is the smallest p possible. `}
        {c &&
          "Training-mean baseline: per-feature r is undefined for a constant prediction; identification ties count against it. "}
        Random vectors in place of the predictions ({b.method}, mean {fmt(b.mean)}, sd {fmt(b.sd)}) score
        per-image r {fmt(b.sampleR)} and cosine {fmt(b.cosine)}.
        {metrics.edgeCases.excludedFeatures > 0 &&
          ` ${metrics.edgeCases.excludedFeatures} features constant over the test images were left out of the per-feature metrics.`}
        {metrics.noiseCeiling &&
          ` Noise ceiling: mean voxel reliability ${fmt(metrics.noiseCeiling.meanReliability)} (${metrics.noiseCeiling.nRepeats} repeats).`}
      </p>
    </div>
  );
}

/** The training-mean prediction's score on a metric: "undefined" for per-feature r, "—" where it is not computed. */
function constantValue(c: NonNullable<RunMetrics["constantBaseline"]>, key: string): string {
  if (key === "featureR") return "undefined";
  const v = (c as unknown as Record<string, number | null | undefined>)[key];
  return typeof v === "number" ? fmt(v) : "—";
}
