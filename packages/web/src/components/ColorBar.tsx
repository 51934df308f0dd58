import { useRef } from "react";
import { fmt } from "../lib/format.ts";
import { linearScale, ticks, type ColourScale } from "../lib/scale.ts";
import { ChartDownloads } from "./Downloads.tsx";

const W = 320;
const H = 58;
const PAD = { left: 12, right: 12 };

/** The colour key of a heatmap: the scale's gradient with labelled ticks, its title and units, and optional marks (e.g. the null mean). */
export function ColorBar({
  scale,
  title,
  marks = [],
  name,
}: {
  scale: ColourScale;
  title: string;
  marks?: { value: number; label: string }[];
  name: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [lo, hi] = scale.domain;
  const x = linearScale([lo, hi], [PAD.left, W - PAD.right]);
  const stops = Array.from({ length: 11 }, (_, k) => lo + ((hi - lo) * k) / 10);
  const step = ticks(lo, hi, 5);
  const digits =
    step.length > 1 ? Math.max(0, Math.min(4, -Math.floor(Math.log10(Math.abs(step[1]! - step[0]!))))) : 2;
  // A mark within rounding of an end (e.g. a null mean of -0.0001 on a scale from 0) sits on that end.
  const eps = 1e-3 * (hi - lo);
  const inside = (v: number) => v >= lo - eps && v <= hi + eps;
  const shown = marks
    .filter((m) => inside(m.value))
    .map((m) => ({ ...m, value: Math.min(hi, Math.max(lo, m.value)) }));
  const outside = marks.filter((m) => !inside(m.value));
  const id = `cbar-${name}`;
  return (
    <figure className="colorbar">
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`Colour scale: ${title}, ${fmt(lo)} to ${fmt(hi)}, ${scale.note}`}
      >
        <defs>
          <linearGradient id={id} x1="0" x2="1" y1="0" y2="0">
            {stops.map((v, k) => (
              <stop key={k} offset={`${k * 10}%`} stopColor={scale.colour(v).fill} />
            ))}
          </linearGradient>
        </defs>
        <text className="axis-title" x={W / 2} y={10} textAnchor="middle">
          {title}
        </text>
        <rect
          x={PAD.left}
          y={16}
          width={W - PAD.left - PAD.right}
          height={12}
          fill={`url(#${id})`}
          stroke="#9ca3af"
        />
        {shown.map((m) => (
          <g key={m.label}>
            <line className="mark" x1={x(m.value)} x2={x(m.value)} y1={13} y2={31} />
          </g>
        ))}
        <g className="axis">
          {step.map((v) => (
            <g key={v} transform={`translate(${x(v)},28)`}>
              <line y2={4} />
              <text y={15} textAnchor="middle">
                {fmt(v, digits)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption>
        Scale {scale.kind === "diverging" ? "blue (negative) – white (0) – red (positive), " : ""}
        {scale.note}.{shown.map((m) => ` Tick: ${m.label} ${fmt(m.value)}.`)}
        {outside.map((m) => ` ${m.label} ${fmt(m.value)} (off the scale).`)}{" "}
        <ChartDownloads svgRef={ref} name={name} what="the colour scale" />
      </figcaption>
    </figure>
  );
}
