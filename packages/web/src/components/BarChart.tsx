import { useRef } from "react";
import { slug } from "../lib/download.ts";
import { fmt } from "../lib/format.ts";
import { linearScale } from "../lib/scale.ts";
import { Axis } from "./Axis.tsx";
import { ChartDownloads } from "./Downloads.tsx";

const W = 420;
const ROW = 20;
const PAD = { left: 70, right: 46, top: 8, bottom: 42 };

/** Horizontal bars, one per item, on [domain] with a titled axis (value and unit) and PNG/SVG download. */
export function BarChart({
  items,
  title,
  xTitle,
  domain,
}: {
  items: readonly { label: string; value: number | null }[];
  title: string;
  xTitle: string;
  domain: [number, number];
}) {
  const ref = useRef<SVGSVGElement>(null);
  const H = PAD.top + items.length * ROW + PAD.bottom;
  const x = linearScale(domain, [PAD.left, W - PAD.right]);
  const describe = `${title}: ${items.map((i) => `${i.label} ${fmt(i.value)}`).join(", ")}`;
  return (
    <figure className="bar-chart">
      <svg ref={ref} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={describe}>
        <title>{describe}</title>
        {items.map((item, k) => {
          const y = PAD.top + k * ROW;
          const v = item.value;
          return (
            <g key={item.label}>
              <text className="bar-label" x={PAD.left - 6} y={y + 14} textAnchor="end">
                {item.label}
              </text>
              {v !== null && (
                <rect
                  className="bar"
                  x={x(Math.max(domain[0], Math.min(0, v)))}
                  y={y + 3}
                  width={Math.max(0.5, Math.abs(x(v) - x(Math.max(domain[0], 0))))}
                  height={ROW - 6}
                />
              )}
              <text className="bar-label" x={(v === null ? x(domain[0]) : x(v)) + 4} y={y + 14}>
                {fmt(v, 2)}
              </text>
            </g>
          );
        })}
        <Axis domain={domain} x={x} y={H - PAD.bottom} count={5} />
        <text className="axis-title" x={(PAD.left + W - PAD.right) / 2} y={H - 8} textAnchor="middle">
          {xTitle}
        </text>
      </svg>
      <figcaption>
        {title} <ChartDownloads svgRef={ref} name={slug(title)} what={title} />
      </figcaption>
    </figure>
  );
}
