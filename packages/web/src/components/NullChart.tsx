import type { MetricSummary } from "@neurotranslator/data/schema";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";
import { extent, linearScale } from "../lib/scale.ts";
import { Axis } from "./Axis.tsx";

const W = 340;
const H = 54;
const PAD = 14;

/**
 * One metric against its permutation null, drawn from the stored null summary (the store keeps mean,
 * sd, p05 and p95, not the samples): the 5-95% band, mean ± sd, the null mean, the chance level when it
 * has a closed form, and the observed value with its bootstrap 95% CI.
 */
export function NullChart({ label, summary }: { label: string; summary: MetricSummary }) {
  const n = summary.null;
  const domain = extent([summary.value, ...(summary.ci95 ?? []), ...(n ? [n.p05, n.p95, n.mean - n.sd, n.mean + n.sd] : []), summary.chance], 0.08);
  const x = linearScale(domain, [PAD, W - PAD]);
  const describe = [
    `${label}: observed ${fmt(summary.value)}`,
    summary.ci95 ? `95% CI ${fmtCi(summary.ci95)}` : "",
    n ? `permutation null mean ${fmt(n.mean)}, sd ${fmt(n.sd)}, 5-95% ${fmt(n.p05)} to ${fmt(n.p95)}, ${fmtP(summary.p)}` : "no permutation null",
    summary.chance !== undefined ? `chance ${fmt(summary.chance)}` : "",
  ]
    .filter((s) => s !== "")
    .join("; ");
  return (
    <svg className="null-chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={describe}>
      <title>{describe}</title>
      {n && (
        <g>
          <rect className="null-band" x={x(n.p05)} width={Math.max(1, x(n.p95) - x(n.p05))} y={8} height={22} />
          <rect className="null-sd" x={x(n.mean - n.sd)} width={Math.max(1, x(n.mean + n.sd) - x(n.mean - n.sd))} y={12} height={14} />
          <line className="null-mean" x1={x(n.mean)} x2={x(n.mean)} y1={6} y2={32} />
        </g>
      )}
      {summary.chance !== undefined && <line className="chance" x1={x(summary.chance)} x2={x(summary.chance)} y1={2} y2={36} />}
      {summary.ci95 && (
        <g className="ci">
          <line x1={x(summary.ci95[0])} x2={x(summary.ci95[1])} y1={19} y2={19} />
          <line x1={x(summary.ci95[0])} x2={x(summary.ci95[0])} y1={14} y2={24} />
          <line x1={x(summary.ci95[1])} x2={x(summary.ci95[1])} y1={14} y2={24} />
        </g>
      )}
      <circle className="observed" cx={x(summary.value)} cy={19} r={5} />
      <Axis domain={domain} x={x} y={38} count={4} />
    </svg>
  );
}

/** The key to NullChart's marks, shown once above the metrics table. */
export function NullChartLegend() {
  return (
    <p className="legend" aria-hidden="true">
      <svg width={14} height={10}><rect className="null-band" width={14} height={10} /></svg> permutation null, 5–95%
      <svg width={14} height={10}><rect className="null-sd" width={14} height={10} /></svg> null mean ± sd
      <svg width={14} height={10}><circle className="observed" cx={7} cy={5} r={4} /></svg> observed, with bootstrap 95% CI
      <svg width={14} height={10}><line className="chance" x1={7} x2={7} y1={0} y2={10} /></svg> chance
    </p>
  );
}
