import { useState } from "react";
import type { BestLayerClaim } from "@neurotranslator/data/schema";
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

/** The map's inference by direction (the API's `corrections` and `bestLayer`); empty for maps stored before them. */
export interface MapInferenceInput {
  corrections: Record<string, { nCells: number; method: string }>;
  bestLayer: Record<string, Record<string, BestLayerClaim>>;
}

/**
 * The area x layer map as a table: each cell coloured by its value on a scale symmetric about 0, with
 * the value, its bootstrap 95% CI and its p corrected over the map's cells (FWE) written in it, and a
 * star when that corrected p < 0.05; cells are focusable and labelled. Below it, the best layer per
 * area, or "not distinguishable" when a paired bootstrap does not separate it from the others.
 */
export function Heatmap({ items, inference, roiOrder, layerOrder }: { items: readonly CellInput[]; inference?: MapInferenceInput; roiOrder?: readonly string[]; layerOrder?: readonly string[] }) {
  const [metric, setMetric] = useState<string | undefined>(undefined);
  const grid = mapGrid(items, { ...(metric ? { metric } : {}), ...(roiOrder ? { roiOrder } : {}), ...(layerOrder ? { layerOrder } : {}) });
  const limit = gridLimit(grid);
  const shown = metric ?? (typeof items[0]?.metric["summaryMetric"] === "string" ? (items[0].metric["summaryMetric"] as string) : "featureR");
  const direction = shown === "encodingR" ? "encoding" : "decoding";
  const corrected = grid.cells.some((row) => row.some((c) => typeof c?.summary?.pAdjusted === "number"));
  const nCells = inference?.corrections[direction]?.nCells;
  const claims = inference?.bestLayer[direction];
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
          {cellMetricLabel(shown)} by visual area (rows) and feature layer (columns); colour scale ±{fmt(limit, 2)}, brackets: bootstrap 95% CI;{" "}
          {corrected
            ? `★ p < 0.05, FWE-corrected (max-statistic over the ${nCells ?? "map's"} cells, same permutations); p_FWE in each cell`
            : "p uncorrected (this map was stored before corrections; no stars)"}
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
                const pFwe = typeof s?.pAdjusted === "number" ? s.pAdjusted : null;
                const star = pFwe !== null && pFwe < 0.05;
                const label = s
                  ? `${roi} x ${layer}: ${cellMetricLabel(shown)} ${fmt(s.value)} ${s.ci95 ? `95% CI ${fmtCi(s.ci95)}` : ""} ${s.null ? `${fmtP(s.p)} uncorrected` : ""}${pFwe !== null ? `, FWE-corrected ${fmtP(pFwe)}${star ? " (significant)" : ""}` : ""}${cell?.nVoxels ? `, ${cell.nVoxels} voxels` : ""}`
                  : `${roi} x ${layer}: no value`;
                return (
                  <td key={layer} tabIndex={0} aria-label={label} title={label} style={{ background: colour.fill, color: colour.text }}>
                    {s ? (
                      <>
                        <span className="cell-value">
                          {fmt(s.value)}
                          {star && <span className="cell-star" aria-hidden="true">★</span>}
                        </span>
                        {s.ci95 && <span className="cell-ci">{fmtCi(s.ci95, 2)}</span>}
                        {s.null && <span className="cell-p">{pFwe !== null ? fmtP(pFwe).replace("p", "p_FWE") : `${fmtP(s.p)} (unc.)`}</span>}
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
      {claims && Object.keys(claims).length > 0 && (
        <ul className="best-layers" aria-label={`Best layer per area, ${direction}`}>
          {grid.rows
            .filter((roi) => claims[roi])
            .map((roi) => (
              <li key={roi}>
                <strong>{roi}</strong>: {claimText(claims[roi]!)}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

/** "conv2d_1, +0.041 [0.012, 0.070] over conv2d_3" or "not distinguishable (conv2d_3 vs conv2d_5: +0.004 [-0.010, 0.019])". */
function claimText(c: BestLayerClaim): string {
  if (c.layer === null) return "no value";
  if (c.runnerUp === null || c.difference === null) return c.layer;
  const d = `${c.difference >= 0 ? "+" : ""}${fmt(c.difference)}${c.ci95 ? ` ${fmtCi(c.ci95)}` : ""}`;
  if (c.distinguishable === true) return `${shortLayer(c.layer)}, ${d} over ${shortLayer(c.runnerUp)} (paired bootstrap over test images)`;
  if (c.distinguishable === false) return `not distinguishable (${shortLayer(c.layer)} vs ${shortLayer(c.runnerUp)}: ${d})`;
  return `${shortLayer(c.layer)} (not tested: no bootstrap)`;
}
