import { useState } from "react";
import type { BestLayerClaim } from "@neurotranslator/data/schema";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";
import { mapGrid } from "../lib/map-grid.ts";
import { metricLabel, metricUnit } from "../lib/metric-list.ts";
import { colourScale } from "../lib/scale.ts";
import { ColorBar } from "./ColorBar.tsx";
import { CsvDownload } from "./Downloads.tsx";

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
  corrections: Record<string, { nCells: number; method: string; nPermutations?: number }>;
  bestLayer: Record<string, Record<string, BestLayerClaim>>;
}

/**
 * The area x layer map as a table: each cell coloured on the metric's own scale (colour bar below),
 * with the value, its bootstrap 95% CI and its p corrected over the map's cells (FWE) written in it,
 * and a star when that corrected p < 0.05; cells are focusable and labelled. The area's best layer
 * (when a paired bootstrap separates it) is outlined, the layer a simulation planted is marked ◆.
 * Below it, the best layer per area, or "not distinguishable".
 */
export function Heatmap({
  items,
  inference,
  roiOrder,
  layerOrder,
  planted,
  name = "map",
}: {
  items: readonly CellInput[];
  inference?: MapInferenceInput;
  roiOrder?: readonly string[];
  layerOrder?: readonly string[];
  planted?: ReadonlyMap<string, string>;
  name?: string;
}) {
  const [metric, setMetric] = useState<string | undefined>(undefined);
  const grid = mapGrid(items, {
    ...(metric ? { metric } : {}),
    ...(roiOrder ? { roiOrder } : {}),
    ...(layerOrder ? { layerOrder } : {}),
  });
  const values = grid.cells.flatMap((row) => row.map((c) => c?.summary?.value ?? null));
  const scale = colourScale(values);
  const shown =
    metric ??
    (typeof items[0]?.metric["summaryMetric"] === "string"
      ? (items[0].metric["summaryMetric"] as string)
      : "featureR");
  const direction = shown === "encodingR" ? "encoding" : "decoding";
  const corrected = grid.cells.some((row) => row.some((c) => typeof c?.summary?.pAdjusted === "number"));
  const correction = inference?.corrections[direction];
  const nCells = correction?.nCells;
  // The smallest p that n permutations can give: (1 + 0) / (1 + n).
  const nPerm = correction?.nPermutations ?? null;
  const pFloor = nPerm !== null && nPerm > 0 ? 1 / (1 + nPerm) : null;
  const atFloor = (p: number) => pFloor !== null && p <= pFloor * (1 + 1e-9);
  const claims = inference?.bestLayer[direction];
  const nullMeans = grid.cells.flatMap((row) =>
    row.flatMap((c) => (c?.summary?.null ? [c.summary.null.mean] : [])),
  );
  const nullMean = nullMeans.length > 0 ? nullMeans.reduce((a, b) => a + b, 0) / nullMeans.length : null;
  const bestOf = (roi: string) => (claims?.[roi]?.distinguishable === true ? claims[roi]!.layer : null);
  const csvRows = () =>
    grid.rows.flatMap((roi, i) =>
      grid.columns.map((layer, j) => {
        const s = grid.cells[i]![j]?.summary ?? null;
        return [
          roi,
          layer,
          shown,
          s?.value ?? null,
          s?.ci95?.[0] ?? null,
          s?.ci95?.[1] ?? null,
          s?.null?.mean ?? null,
          s?.p ?? null,
          typeof s?.pAdjusted === "number" ? s.pAdjusted : null,
          bestOf(roi) === layer ? 1 : 0,
          planted?.get(roi) === layer ? 1 : 0,
        ];
      }),
    );
  return (
    <div className="heatmap">
      {grid.metrics.length > 1 && (
        <label className="control">
          Direction and metric{" "}
          <select value={shown} onChange={(e) => setMetric(e.target.value)}>
            {[
              [
                "Encoding (layer features → area voxels)",
                grid.metrics.filter((m) => m === "encodingR"),
              ] as const,
              [
                "Decoding (area voxels → layer features)",
                grid.metrics.filter((m) => m !== "encodingR"),
              ] as const,
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
      <p className="map-caption" id={`${name}-caption`}>
        {cellMetricLabel(shown)} by visual area (rows) and feature layer (columns, early to late); brackets:
        bootstrap 95% CI;{" "}
        {corrected
          ? `★ p < 0.05, FWE-corrected (max-statistic over the ${nCells ?? "map's"} cells, same permutations); p_FWE in each cell`
          : "p uncorrected (this map was stored before corrections; no stars)"}
        {pFloor !== null &&
          `. With ${nPerm} permutations the smallest possible p is 1/(1 + ${nPerm}) = ${fmt(pFloor, 4)}: "p ≤ ${fmt(pFloor, 4)}" means no permutation reached the observed value`}
        . Outlined: the area's best layer (paired bootstrap); ◆: the layer the simulation planted.
      </p>
      <div className="table-scroll">
        <table className="heatmap-table" aria-describedby={`${name}-caption`}>
          <caption className="sr-only">{cellMetricLabel(shown)} by visual area and feature layer</caption>
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
                  const colour = scale.colour(s?.value ?? null);
                  const pFwe = typeof s?.pAdjusted === "number" ? s.pAdjusted : null;
                  const star = pFwe !== null && pFwe < 0.05;
                  const best = bestOf(roi) === layer;
                  const isPlanted = planted?.get(roi) === layer;
                  const pText = (p: number, name: string) =>
                    atFloor(p) ? `${name} ≤ ${fmt(pFloor, 4)}` : fmtP(p).replace("p", name);
                  const label = s
                    ? `${roi} x ${layer}: ${cellMetricLabel(shown)} ${fmt(s.value)} ${s.ci95 ? `95% CI ${fmtCi(s.ci95)}` : ""} ${s.null ? `${fmtP(s.p)} uncorrected` : ""}${pFwe !== null ? `, FWE-corrected ${fmtP(pFwe)}${star ? " (significant)" : ""}` : ""}${cell?.nVoxels ? `, ${cell.nVoxels} voxels` : ""}${best ? ", best layer of the area" : ""}${isPlanted ? ", planted layer" : ""}`
                    : `${roi} x ${layer}: no value`;
                  return (
                    <td
                      key={layer}
                      tabIndex={0}
                      aria-label={label}
                      title={label}
                      className={best ? "best" : undefined}
                      style={{ background: colour.fill, color: colour.text }}
                    >
                      {s ? (
                        <>
                          <span className="cell-value">
                            {fmt(s.value)}
                            {star && (
                              <span className="cell-star" aria-hidden="true">
                                ★
                              </span>
                            )}
                            {isPlanted && (
                              <span className="cell-planted" aria-hidden="true">
                                {" "}
                                ◆
                              </span>
                            )}
                          </span>
                          {s.ci95 && <span className="cell-ci">{fmtCi(s.ci95, 2)}</span>}
                          {s.null && (
                            <span className="cell-p">
                              {pFwe !== null ? pText(pFwe, "p_FWE") : `${pText(s.p ?? 1, "p")} (unc.)`}
                            </span>
                          )}
                          {best && <span className="cell-tag">best</span>}
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
      <div className="map-footer">
        <ColorBar
          scale={scale}
          title={`${cellMetricLabel(shown)} (${metricUnit(shown)})`}
          marks={nullMean === null ? [] : [{ value: nullMean, label: "mean of the permutation nulls" }]}
          name={`${name}-${shown}-scale`}
        />
        <p className="downloads-line">
          Table as{" "}
          <CsvDownload
            headers={[
              "area",
              "layer",
              "metric",
              "value",
              "ci_low",
              "ci_high",
              "null_mean",
              "p",
              "p_fwe",
              "best",
              "planted",
            ]}
            rows={csvRows}
            name={`${name}-${shown}`}
            what="the map"
          />
        </p>
      </div>
      {claims && Object.keys(claims).length > 0 && (
        <ul className="best-layers" aria-label={`Best layer per area, ${direction}`}>
          {grid.rows
            .filter((roi) => claims[roi])
            .map((roi) => (
              <li key={roi}>
                <strong>{roi}</strong>: {claimText(claims[roi]!)}
                {planted?.has(roi) && (
                  <span
                    className={
                      planted.get(roi) === claims[roi]!.layer && claims[roi]!.distinguishable
                        ? "planted-ok"
                        : "planted-miss"
                    }
                  >
                    {" "}
                    (planted: {shortLayer(planted.get(roi)!)})
                  </span>
                )}
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
  if (c.distinguishable === true)
    return `${shortLayer(c.layer)}, ${d} over ${shortLayer(c.runnerUp)} (paired bootstrap over test images)`;
  if (c.distinguishable === false)
    return `not distinguishable (${shortLayer(c.layer)} vs ${shortLayer(c.runnerUp)}: ${d})`;
  return `${shortLayer(c.layer)} (not tested: no bootstrap)`;
}
