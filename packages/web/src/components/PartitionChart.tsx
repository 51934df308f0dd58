import { fmt, fmtCi } from "../lib/format.ts";
import { partitionBars } from "../lib/partition-bars.ts";

const WIDTH = 560;
const ROW = 26;
const LABEL = 70;

/** Categorical colour of layer k of n (shared: grey). */
function layerColor(k: number, n: number): string {
  return k < 0 ? "#9a9a9a" : `hsl(${Math.round((k * 300) / Math.max(n - 1, 1))}, 55%, 50%)`;
}

/**
 * The variance partition of a map --joint run, one stacked bar per area: each layer's unique share
 * of the test variance, then the share several layers explain together; the bar's right end is the
 * joint model's R². Negative estimates are drawn left of 0. Every segment is labelled (title) with
 * its value, 95% CI and whether its FWE-corrected p is below 0.05 (* in the legend line).
 */
export function PartitionChart({
  items,
  roiOrder,
  layerOrder,
}: {
  items: readonly { roi: string; layer: string; metric: Record<string, unknown> }[];
  roiOrder?: readonly string[];
  layerOrder?: readonly string[];
}) {
  const bars = partitionBars(items, roiOrder, layerOrder);
  if (!bars) return null;
  const [lo, hi] = bars.domain;
  const x = (v: number) => LABEL + ((v - lo) / (hi - lo)) * (WIDTH - LABEL - 10);
  const height = bars.areas.length * ROW + 24;
  return (
    <section className="partition" aria-label="Variance partition">
      <h4>
        Variance partition (banded ridge over {bars.layers.length} layers): which layer explains variance no
        other layer does
      </h4>
      <p className="muted">
        Test R² of one joint model per area, split into each layer's unique share (R² lost without it) and the
        shared rest; 95% CIs over test images; * unique share with p &lt; 0.05 FWE-corrected over the{" "}
        {bars.nUniqueCells} area x layer cells.
      </p>
      <svg
        role="img"
        aria-label="stacked bars of unique and shared variance per area"
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
      >
        <line x1={x(0)} x2={x(0)} y1={0} y2={height - 20} stroke="currentColor" strokeWidth={1} />
        {bars.areas.map((area, i) => (
          <g key={area.roi} transform={`translate(0, ${i * ROW})`}>
            <text x={LABEL - 6} y={ROW / 2 + 4} textAnchor="end" fontSize={12}>
              {area.roi}
            </text>
            {area.segments.map((s) => (
              <rect
                key={s.label}
                x={x(Math.min(s.from, s.to))}
                width={Math.max(Math.abs(x(s.to) - x(s.from)), 0.5)}
                y={4}
                height={ROW - 8}
                fill={layerColor(s.layer, bars.layers.length)}
                stroke={s.significant ? "#111" : "none"}
              >
                <title>{`${area.roi} · ${s.kind === "shared" ? "shared by several layers" : `unique to ${s.label}`}: ${fmt(s.value)} ${s.ci95 ? fmtCi(s.ci95) : ""}${s.significant ? " *" : ""}`}</title>
              </rect>
            ))}
            <text x={Math.min(x(area.joint.value) + 4, WIDTH - 90)} y={ROW / 2 + 4} fontSize={11}>
              {`R² ${fmt(area.joint.value)}${area.joint.significant ? "*" : ""}`}
            </text>
          </g>
        ))}
        <text x={x(0)} y={height - 6} fontSize={10} textAnchor="middle">
          0
        </text>
        <text x={x(hi)} y={height - 6} fontSize={10} textAnchor="end">
          {fmt(hi)}
        </text>
      </svg>
      <p className="legend">
        {bars.layers.map((l, k) => (
          <span key={l} style={{ marginRight: "1em" }}>
            <span
              style={{
                display: "inline-block",
                width: 10,
                height: 10,
                background: layerColor(k, bars.layers.length),
              }}
            />{" "}
            {l}
          </span>
        ))}
        <span>
          <span style={{ display: "inline-block", width: 10, height: 10, background: layerColor(-1, 0) }} />{" "}
          shared
        </span>
      </p>
      <ul className="partition-claims">
        {bars.areas.map((a) => (
          <li key={a.roi}>
            {a.roi}: joint R² {fmt(a.joint.value)} {a.joint.ci95 ? fmtCi(a.joint.ci95) : ""}; unique variance
            from {a.uniqueLayers.length > 0 ? a.uniqueLayers.join(", ") : "no layer"} (
            {a.segments
              .filter((s) => s.kind === "unique")
              .map((s) => `${s.label} ${fmt(s.value)}${s.significant ? "*" : ""}`)
              .join(", ")}
            )
          </li>
        ))}
      </ul>
    </section>
  );
}
