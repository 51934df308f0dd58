import type { MetricSummary } from "@neurotranslator/data/schema";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";
import { histogram } from "../lib/histogram.ts";
import { extent, linearScale } from "../lib/scale.ts";
import { Axis } from "./Axis.tsx";

const W = 340;
const H = 54;
const PAD = 14;
const BINS = 30;

/**
 * One metric against its permutation null. With the run's null samples (runs that kept them): a
 * histogram of the samples; otherwise from the stored null summary (mean, sd, p05, p95): the 5-95%
 * band and mean ± sd. Both mark the null mean, the chance level when it has a closed form, and the
 * observed value with its bootstrap 95% CI.
 */
export function NullChart({
  label,
  summary,
  samples,
}: {
  label: string;
  summary: MetricSummary;
  samples?: readonly number[] | undefined;
}) {
  const n = summary.null;
  const drawn = samples && samples.length > 0 ? samples : undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of drawn ?? []) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const spread = drawn ? [lo, hi] : n ? [n.p05, n.p95, n.mean - n.sd, n.mean + n.sd] : [];
  const domain = extent([summary.value, ...(summary.ci95 ?? []), ...spread, summary.chance], 0.08);
  const x = linearScale(domain, [PAD, W - PAD]);
  const describe = [
    `${label}: observed ${fmt(summary.value)}`,
    summary.ci95 ? `95% CI ${fmtCi(summary.ci95)}` : "",
    drawn ? `histogram of ${drawn.length} permutation-null samples from ${fmt(lo)} to ${fmt(hi)}` : "",
    n
      ? `permutation null mean ${fmt(n.mean)}, sd ${fmt(n.sd)}, 5-95% ${fmt(n.p05)} to ${fmt(n.p95)}, ${fmtP(summary.p)}`
      : "no permutation null",
    summary.chance !== undefined ? `chance ${fmt(summary.chance)}` : "",
  ]
    .filter((s) => s !== "")
    .join("; ");
  return (
    <svg
      className={drawn ? "null-chart null-hist" : "null-chart"}
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={describe}
    >
      <title>{describe}</title>
      {drawn ? (
        <NullBars samples={drawn} range={[lo, hi]} x={x} />
      ) : (
        n && (
          <g>
            <rect
              className="null-band"
              x={x(n.p05)}
              width={Math.max(1, x(n.p95) - x(n.p05))}
              y={8}
              height={22}
            />
            <rect
              className="null-sd"
              x={x(n.mean - n.sd)}
              width={Math.max(1, x(n.mean + n.sd) - x(n.mean - n.sd))}
              y={12}
              height={14}
            />
          </g>
        )
      )}
      {n && <line className="null-mean" x1={x(n.mean)} x2={x(n.mean)} y1={6} y2={32} />}
      {summary.chance !== undefined && (
        <line className="chance" x1={x(summary.chance)} x2={x(summary.chance)} y1={2} y2={36} />
      )}
      {summary.ci95 && (
        <g className="ci">
          <line x1={x(summary.ci95[0])} x2={x(summary.ci95[1])} y1={19} y2={19} />
          <line x1={x(summary.ci95[0])} x2={x(summary.ci95[0])} y1={14} y2={24} />
          <line x1={x(summary.ci95[1])} x2={x(summary.ci95[1])} y1={14} y2={24} />
        </g>
      )}
      {drawn && <line className="observed-line" x1={x(summary.value)} x2={x(summary.value)} y1={2} y2={36} />}
      <circle className="observed" cx={x(summary.value)} cy={19} r={5} />
      <Axis domain={domain} x={x} y={38} count={4} />
    </svg>
  );
}

/** The null samples as bars from the axis (y = 36) up, the tallest bin 30 high. */
function NullBars({
  samples,
  range,
  x,
}: {
  samples: readonly number[];
  range: [number, number];
  x: (v: number) => number;
}) {
  const h = histogram(samples, BINS, range);
  const top = Math.max(1, ...h.counts);
  return (
    <g className="null-bars">
      {h.counts.map((count, k) =>
        count === 0 ? null : (
          <rect
            key={k}
            className="null-bar"
            x={x(h.edges[k]!)}
            width={Math.max(1, x(h.edges[k + 1]!) - x(h.edges[k]!) - 0.5)}
            y={36 - (30 * count) / top}
            height={(30 * count) / top}
          />
        ),
      )}
    </g>
  );
}

/** The key to NullChart's marks, shown once above the metrics table (`histograms`: the null is drawn from its samples). */
export function NullChartLegend({ histograms = false }: { histograms?: boolean }) {
  return (
    <p className="legend" aria-hidden="true">
      {histograms ? (
        <>
          <svg width={14} height={10}>
            <rect className="null-bar" width={14} height={10} />
          </svg>{" "}
          permutation null (histogram of the samples)
        </>
      ) : (
        <>
          <svg width={14} height={10}>
            <rect className="null-band" width={14} height={10} />
          </svg>{" "}
          permutation null, 5–95%
          <svg width={14} height={10}>
            <rect className="null-sd" width={14} height={10} />
          </svg>{" "}
          null mean ± sd
        </>
      )}
      <svg width={14} height={10}>
        <line className="null-mean" x1={7} x2={7} y1={0} y2={10} />
      </svg>{" "}
      null mean
      <svg width={14} height={10}>
        <circle className="observed" cx={7} cy={5} r={4} />
      </svg>{" "}
      observed, with bootstrap 95% CI
      <svg width={14} height={10}>
        <line className="chance" x1={7} x2={7} y1={0} y2={10} />
      </svg>{" "}
      chance
    </p>
  );
}
