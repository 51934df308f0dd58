import type { JsonObject, MapCell, NdArray } from "@neurotranslator/data";

/**
 * Columns of `runs export --table partition` (map --joint runs): one row per (area, layer, voxel,
 * quantity). Area rows leave `voxel` empty and carry the CI and p-values; voxel rows (voxel = the
 * column of the dataset's response matrix) carry only the value. Area-level quantities with no layer
 * (joint, shared_total) leave `layer` empty.
 */
export const PARTITION_CSV_COLUMNS = [
  "area",
  "layer",
  "voxel",
  "quantity",
  "value",
  "ci_low",
  "ci_high",
  "p",
  "p_adjusted",
] as const;

type Row = (string | number | null)[];

const num = (x: unknown): number | null => (typeof x === "number" ? x : null);
const obj = (x: unknown): JsonObject =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as JsonObject) : {};

function summaryRow(area: string, layer: string, quantity: string, s: JsonObject): Row {
  const ci = Array.isArray(s["ci95"]) ? (s["ci95"] as unknown[]) : [];
  return [
    area,
    layer,
    null,
    quantity,
    num(s["value"]),
    num(ci[0]),
    num(ci[1]),
    num(s["p"]),
    num(s["pAdjusted"]),
  ];
}

/** Area rows from the cells' `partition` blocks (each area's joint and shared total once), then voxel rows from the run array. */
export function partitionRows(
  cells: readonly MapCell[],
  array: NdArray | null,
  rowNames: readonly string[],
  voxelArea: (voxel: number) => string,
): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const { roi, layer, metric } of cells) {
    const p = obj(metric["partition"]);
    if (Object.keys(p).length === 0) continue;
    if (!seen.has(roi)) {
      seen.add(roi);
      rows.push(
        summaryRow(roi, "", "joint", obj(p["joint"])),
        summaryRow(roi, "", "shared_total", obj(p["sharedTotal"])),
      );
    }
    for (const q of ["unique", "shared", "alone"]) rows.push(summaryRow(roi, layer, q, obj(p[q])));
    rows.push([roi, layer, null, "band_weight", num(obj(p["bandWeight"])["mean"]), null, null, null, null]);
  }
  if (!array) return rows;
  const [nRows, nVoxels] = array.shape as [number, number];
  const data = array.data as ArrayLike<number>;
  for (let v = 0; v < nVoxels; v++) {
    if (Number.isNaN(data[v]!)) continue; // outside the mapped areas
    const area = voxelArea(v);
    for (let r = 0; r < nRows; r++) {
      const [quantity, layer] = (rowNames[r] ?? `row ${r}`).split(":") as [string, string | undefined];
      rows.push([area, layer ?? "", v, quantity, num(data[r * nVoxels + v]), null, null, null, null]);
    }
  }
  return rows;
}
