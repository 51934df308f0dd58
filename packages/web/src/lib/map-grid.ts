import { MetricSummary } from "@neurotranslator/data/schema";

/** One heatmap cell: a summary of how well an area's voxels predict a layer's features. */
export interface GridCell {
  roi: string;
  layer: string;
  summary: MetricSummary | null;
  nVoxels: number | null;
  D: number | null;
}

/** An area x layer table: rows are areas, columns layers, `cells[row][column]` null where no cell was stored. */
export interface MapGrid {
  rows: string[];
  columns: string[];
  cells: (GridCell | null)[][];
  /** The summary metrics found in the cells (e.g. featureR, sampleR, r2), for the metric picker. */
  metrics: string[];
}

interface CellInput {
  roi: string;
  layer: string;
  metric: Record<string, unknown>;
}

/**
 * Arranges map cells (MapCell.metric as runAreaLayerMap writes it: `summaryMetric` names the default
 * summary, each summary a MetricSummary under its name) into a grid showing summary `metric`
 * (default: the cells' `summaryMetric`). Rows follow `roiOrder` (the dataset's areas; "all" and unknown
 * areas after them), columns follow `layerOrder` (the feature set's layers), each then in first-seen order.
 */
export function mapGrid(
  items: readonly CellInput[],
  options: { metric?: string; roiOrder?: readonly string[]; layerOrder?: readonly string[] } = {},
): MapGrid {
  const metrics = [
    ...new Set(
      items.flatMap((c) => Object.keys(c.metric).filter((k) => MetricSummary.safeParse(c.metric[k]).success)),
    ),
  ];
  const rows = ordered(
    items.map((c) => c.roi),
    options.roiOrder ?? [],
  );
  const columns = ordered(
    items.map((c) => c.layer),
    options.layerOrder ?? [],
  );
  const cells = rows.map(() => columns.map((): GridCell | null => null));
  for (const c of items) {
    const key =
      options.metric ??
      (typeof c.metric["summaryMetric"] === "string" ? c.metric["summaryMetric"] : "featureR");
    const parsed = MetricSummary.safeParse(c.metric[key]);
    const count = (k: string) => (typeof c.metric[k] === "number" ? (c.metric[k] as number) : null);
    cells[rows.indexOf(c.roi)]![columns.indexOf(c.layer)] = {
      roi: c.roi,
      layer: c.layer,
      summary: parsed.success ? parsed.data : null,
      nVoxels: count("nVoxels"),
      D: count("D"),
    };
  }
  return { rows, columns, cells, metrics };
}

/** Distinct names: those in `order` first (in that order), then the rest as first seen. */
function ordered(names: readonly string[], order: readonly string[]): string[] {
  const seen = [...new Set(names)];
  return [...order.filter((n) => seen.includes(n)), ...seen.filter((n) => !order.includes(n))];
}
