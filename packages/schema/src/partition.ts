import { z } from "zod";
import { MapCorrection } from "./map.ts";
import { MetricSummary } from "./metrics.ts";

/**
 * The variance partition of a map run (map --joint), as kept in each MapCell.metric.partition:
 * the cell's layer (unique, shared, alone, band weight) and its area's joint R², shared total and
 * layers with unique variance, the search and the corrections. Per-voxel values are the run array
 * "partition" (rows named by RunMetrics.partitionRows).
 */
const Corrected = MetricSummary.extend({ pAdjusted: z.number().min(0).max(1).nullable().optional() });

export const PARTITION_DEFINITION =
  "banded ridge per area over the layers (band weights and alpha by random search over the simplex x an alpha grid, GCV); test R² of the joint model, of the model without each layer and of each layer alone; unique = R²(all) − R²(all but the layer), shared = R²(layer alone) − unique, sharedTotal = R²(all) − Σ unique (negative estimates reported as they are); 95% CIs: percentile bootstrap over test images, R² recomputed on each resample; p: image-pairing permutations (joint, alone) and paired model swaps per test image (unique), FWE-corrected by the max-statistic over each family";

export const PartitionCell = z.object({
  layer: z.string(),
  unique: Corrected,
  shared: MetricSummary,
  alone: Corrected,
  bandWeight: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  joint: Corrected,
  sharedTotal: MetricSummary,
  uniqueLayers: z.array(z.string()),
  nVoxels: z.number().int().nonnegative(),
  nValidVoxels: z.number().int().nonnegative(),
  search: z.record(z.string(), z.unknown()),
  corrections: z.object({ joint: MapCorrection, unique: MapCorrection, alone: MapCorrection }),
  /** The areas and layers in the map's order (cells come back from the store sorted by name). */
  order: z.object({ areas: z.array(z.string()), layers: z.array(z.string()) }).optional(),
});
export type PartitionCell = z.infer<typeof PartitionCell>;

export interface PartitionAreaRecord {
  roi: string;
  nVoxels: number;
  nValidVoxels: number;
  joint: PartitionCell["joint"];
  sharedTotal: PartitionCell["sharedTotal"];
  uniqueLayers: string[];
  layers: Pick<PartitionCell, "layer" | "unique" | "shared" | "alone" | "bandWeight">[];
}

export interface PartitionRecord {
  definition: string;
  layers: string[];
  areas: PartitionAreaRecord[];
  search: Record<string, unknown>;
  corrections: PartitionCell["corrections"];
}

/** Gathers a run's partition from its map cells (in the cells' order); null when no cell has one. */
export function partitionFromCells(
  cells: readonly { roi: string; layer: string; metric: Record<string, unknown> }[],
): PartitionRecord | null {
  const areas = new Map<string, PartitionAreaRecord>();
  const layers: string[] = [];
  let first: PartitionCell | undefined;
  for (const c of cells) {
    const parsed = PartitionCell.safeParse(c.metric["partition"]);
    if (!parsed.success) continue;
    const p = parsed.data;
    first ??= p;
    if (!layers.includes(c.layer)) layers.push(c.layer);
    let area = areas.get(c.roi);
    if (!area)
      areas.set(
        c.roi,
        (area = {
          roi: c.roi,
          nVoxels: p.nVoxels,
          nValidVoxels: p.nValidVoxels,
          joint: p.joint,
          sharedTotal: p.sharedTotal,
          uniqueLayers: p.uniqueLayers,
          layers: [],
        }),
      );
    area.layers.push({
      layer: c.layer,
      unique: p.unique,
      shared: p.shared,
      alone: p.alone,
      bandWeight: p.bandWeight,
    });
  }
  if (!first) return null;
  const order = first.order;
  const rank = (list: readonly string[] | undefined, x: string) =>
    list?.includes(x) ? list.indexOf(x) : Infinity;
  layers.sort((a, b) => rank(order?.layers, a) - rank(order?.layers, b));
  const sorted = [...areas.values()].sort((a, b) => rank(order?.areas, a.roi) - rank(order?.areas, b.roi));
  for (const a of sorted)
    a.layers.sort((x, y) => rank(order?.layers, x.layer) - rank(order?.layers, y.layer));
  return {
    definition: PARTITION_DEFINITION,
    layers,
    areas: sorted,
    search: first.search,
    corrections: first.corrections,
  };
}
