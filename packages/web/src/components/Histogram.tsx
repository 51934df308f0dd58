import { useRef } from "react";
import { slug } from "../lib/download.ts";
import { fmt } from "../lib/format.ts";
import { centre, histogram } from "../lib/histogram.ts";
import { linearScale } from "../lib/scale.ts";
import { Axis } from "./Axis.tsx";
import { ChartDownloads } from "./Downloads.tsx";

const W = 400;
const H = 196;
const PAD = { left: 46, right: 12, top: 12, bottom: 48 };

/**
 * A histogram of a vector (e.g. the 4,096 per-feature r of a run) with its mean marked; null entries
 * are counted apart. Axis titles: `xTitle` (the value and its unit) and `yTitle` (what is counted).
 */
export function Histogram({
  values,
  label,
  xTitle,
  yTitle = "count",
  bins = 40,
}: {
  values: readonly (number | null)[];
  label: string;
  xTitle: string;
  yTitle?: string;
  bins?: number;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const h = histogram(values, bins);
  const c = centre(values);
  const domain: [number, number] = [h.edges[0]!, h.edges[h.edges.length - 1]!];
  const x = linearScale(domain, [PAD.left, W - PAD.right]);
  const maxCount = Math.max(1, ...h.counts);
  const y = linearScale([0, maxCount], [H - PAD.bottom, PAD.top]);
  const describe = `Histogram of ${label}: ${h.nBinned} values from ${fmt(domain[0])} to ${fmt(domain[1])}${c ? `, mean ${fmt(c.mean)}, median ${fmt(c.median)}` : ""}${h.nMissing ? `, ${h.nMissing} undefined (left out)` : ""}`;
  return (
    <figure className="histogram">
      <svg ref={ref} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={describe}>
        <title>{describe}</title>
        {h.counts.map((count, k) => (
          <rect
            key={k}
            className="bar"
            x={x(h.edges[k]!) + 0.5}
            width={Math.max(0.5, x(h.edges[k + 1]!) - x(h.edges[k]!) - 1)}
            y={y(count)}
            height={y(0) - y(count)}
          />
        ))}
        {c && <line className="mean" x1={x(c.mean)} x2={x(c.mean)} y1={PAD.top - 4} y2={H - PAD.bottom} />}
        {domain[0] < 0 && domain[1] > 0 && (
          <line className="zero" x1={x(0)} x2={x(0)} y1={PAD.top} y2={H - PAD.bottom} />
        )}
        <text className="count-label" x={PAD.left - 4} y={PAD.top + 4} textAnchor="end">
          {maxCount}
        </text>
        <text className="count-label" x={PAD.left - 4} y={H - PAD.bottom} textAnchor="end">
          0
        </text>
        <Axis domain={domain} x={x} y={H - PAD.bottom} count={5} />
        <text className="axis-title" x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle">
          {xTitle}
        </text>
        <text
          className="axis-title"
          transform={`translate(12,${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yTitle}
        </text>
      </svg>
      <figcaption>
        {label}: mean {fmt(c?.mean)}, median {fmt(c?.median)} over {h.nBinned}
        {h.nMissing ? ` (${h.nMissing} undefined, left out)` : ""}{" "}
        <ChartDownloads svgRef={ref} name={slug(label)} what={label} />
      </figcaption>
    </figure>
  );
}
