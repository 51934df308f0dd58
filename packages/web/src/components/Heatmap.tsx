import { useState } from "react";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";
import { gridLimit, mapGrid } from "../lib/map-grid.ts";
import { metricLabel } from "../lib/metric-list.ts";
import { divergingColor } from "../lib/scale.ts";

interface CellInput {
  roi: string;
  layer: string;
  metric: Record<string, unknown>;
}

/** Cell summaries by direction: `encodingR` (layer features -> area voxels) is written by runAreaLayerMap beside the decoding summaries. */
function cellMetricLabel(key: string): string {
  return key === "encodingR" ? "Encoding r (layer → area voxels)" : metricLabel(key);
}

/** Short layer names for column heads ("MobilenetV1/Conv2d_13_pointwise/avg" -> "Conv2d_13_pointwise/avg"). */
function shortLayer(layer: string): string {
  const parts = layer.split("/");
  return parts.length > 2 ? parts.slice(-2).join("/") : layer;
}

/**
 * The area x layer map as a table: each cell coloured by its value on a scale symmetric about 0, with
 * the value, its bootstrap 95% CI and its permutation p written in it; cells are focusable and labelled.
 */
export function Heatmap({ items, roiOrder, layerOrder }: { items: readonly CellInput[]; roiOrder?: readonly string[]; layerOrder?: readonly string[] }) {
  const [metric, setMetric] = useState<string | undefined>(undefined);
  const grid = mapGrid(items, { ...(metric ? { metric } : {}), ...(roiOrder ? { roiOrder } : {}), ...(layerOrder ? { layerOrder } : {}) });
  const limit = gridLimit(grid);
  const shown = metric ?? (typeof items[0]?.metric["summaryMetric"] === "string" ? (items[0].metric["summaryMetric"] as string) : "featureR");
  return (
    <div className="heatmap">
      {grid.metrics.length > 1 && (
        <label className="control">
          Direction and metric{" "}
          <select value={shown} onChange={(e) => setMetric(e.target.value)}>
            {[
              ["Encoding (layer features → area voxels)", grid.metrics.filter((m) => m === "encodingR")] as const,
              ["Decoding (area voxels → layer features)", grid.metrics.filter((m) => m !== "encodingR")] as const,
            ]
              .filter(([, keys]) => keys.length > 0)
              .map(([group, keys]) => (
                <optgroup key={group} label={group}>
                  {keys.map((m) => (
                    <option key={m} value={m}>
                      {cellMetricLabel(m)}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </label>
      )}
      <table className="heatmap-table">
        <caption>
          {cellMetricLabel(shown)} by visual area (rows) and feature layer (columns); colour scale ±{fmt(limit, 2)}, brackets: bootstrap 95% CI
        </caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            {grid.columns.map((layer) => (
              <th key={layer} scope="col" title={layer}>
                {shortLayer(layer)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((roi, i) => (
            <tr key={roi}>
              <th scope="row">{roi}</th>
              {grid.columns.map((layer, j) => {
                const cell = grid.cells[i]![j]!;
                const s = cell?.summary ?? null;
                const colour = divergingColor(s?.value ?? null, limit);
                const label = s
                  ? `${roi} x ${layer}: ${cellMetricLabel(shown)} ${fmt(s.value)} ${s.ci95 ? `95% CI ${fmtCi(s.ci95)}` : ""} ${s.null ? fmtP(s.p) : ""}${cell?.nVoxels ? `, ${cell.nVoxels} voxels` : ""}`
                  : `${roi} x ${layer}: no value`;
                return (
                  <td key={layer} tabIndex={0} aria-label={label} title={label} style={{ background: colour.fill, color: colour.text }}>
                    {s ? (
                      <>
                        <span className="cell-value">{fmt(s.value)}</span>
                        {s.ci95 && <span className="cell-ci">{fmtCi(s.ci95, 2)}</span>}
                        {s.null && <span className="cell-p">{fmtP(s.p)}</span>}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
