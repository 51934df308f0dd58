import { fmt } from "../lib/format.ts";
import { ticks } from "../lib/scale.ts";

/** A horizontal SVG axis at height `y`: a baseline and about `count` labelled ticks of the domain. */
export function Axis({
  domain,
  x,
  y,
  count = 5,
}: {
  domain: readonly [number, number];
  x: (v: number) => number;
  y: number;
  count?: number;
}) {
  const values = ticks(domain[0], domain[1], count);
  const step = values.length > 1 ? Math.abs(values[1]! - values[0]!) : 1;
  const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(step))));
  return (
    <g className="axis" aria-hidden="true">
      <line x1={x(domain[0])} x2={x(domain[1])} y1={y} y2={y} />
      {values.map((v) => (
        <g key={v} transform={`translate(${x(v)},${y})`}>
          <line y2={4} />
          <text y={15} textAnchor="middle">
            {fmt(v, digits)}
          </text>
        </g>
      ))}
    </g>
  );
}
