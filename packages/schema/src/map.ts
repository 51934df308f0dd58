import { z } from "zod";

/**
 * Map-level inference stored with the cells of an area x layer map (MapCell.metric): the
 * multiple-comparison correction of the cells' p-values, and the per-area best-layer claim.
 */

/** How a map's `pAdjusted` values were computed. */
export const MAP_FWE_DEFINITION =
  "family-wise error, single-step max-statistic (Westfall & Young; Nichols & Holmes 2002): every cell of the direction is scored under the same image-pairing permutations; each cell's statistic is standardised by the mean and sd of its own permutation distribution (observed value included); pAdjusted = (1 + #{permutations whose largest standardised statistic over the cells >= the cell's observed one}) / (1 + nPermutations)";

export const MapCorrection = z.object({
  method: z.literal("max-statistic"),
  errorRate: z.literal("FWE"),
  /** Cells in the family (the direction's areas x layers with a value); each summary metric is its own family. */
  nCells: z.number().int().nonnegative(),
  nPermutations: z.number().int().nonnegative(),
  definition: z.string(),
});
export type MapCorrection = z.infer<typeof MapCorrection>;

/** How `distinguishable` is decided. */
export const BEST_LAYER_DEFINITION =
  "paired percentile bootstrap over test images (the same resamples for every cell of the direction; per-image influence-function pseudo-values of the cell's mean r): the best layer is claimed only when the 95% CI of its difference from every other layer of the area lies above 0";

/** Per area: the layer of highest value, whether it beats the others, and by how much over the runner-up. */
export const BestLayerClaim = z.object({
  /** Highest value in the area's row (null when no cell has a value). */
  layer: z.string().nullable(),
  value: z.number().nullable(),
  /** The second-highest layer, and value(layer) - value(runnerUp) with its paired bootstrap 95% CI. */
  runnerUp: z.string().nullable(),
  difference: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** True: the paired CI against every other layer lies above 0. False: "not distinguishable". Null: not tested (no bootstrap, or one layer). */
  distinguishable: z.boolean().nullable(),
});
export type BestLayerClaim = z.infer<typeof BestLayerClaim>;

/** The map-level facts kept in each MapCell.metric: `corrections` per direction, and `bestLayer` per direction on the best cell of an area. */
export const MapCellInference = z.object({
  pAdjusted: z.number().min(0).max(1).nullable().optional(),
  corrections: z.record(z.string(), MapCorrection).optional(),
  bestLayer: z.record(z.string(), BestLayerClaim).optional(),
});

/** A map's inference, gathered from its cells: per direction the correction and the best-layer claim per area. */
export interface MapInference {
  corrections: Record<string, MapCorrection>;
  bestLayer: Record<string, Record<string, BestLayerClaim>>;
}

/**
 * Collects the map-level inference from stored cells (any order): `corrections` by direction and
 * `bestLayer[direction][area]`. Maps stored before corrections existed give empty records.
 */
export function mapInference(
  cells: readonly { roi: string; layer: string; metric: Record<string, unknown> }[],
): MapInference {
  const out: MapInference = { corrections: {}, bestLayer: {} };
  for (const c of cells) {
    const parsed = MapCellInference.safeParse(c.metric);
    if (!parsed.success) continue;
    Object.assign(out.corrections, parsed.data.corrections ?? {});
    for (const [direction, claim] of Object.entries(parsed.data.bestLayer ?? {}))
      (out.bestLayer[direction] ??= {})[c.roi] = claim;
  }
  return out;
}
