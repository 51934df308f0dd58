import { partitionFromCells, type PartitionRecord } from "@neurotranslator/data/schema";

/** One segment of an area's stacked bar: a layer's unique share, or the shared share; negatives stack left of 0. */
export interface BarSegment {
  label: string;
  /** "unique" (one layer's) or "shared" (more than one layer's). */
  kind: "unique" | "shared";
  /** Index of the layer (colour), -1 for shared. */
  layer: number;
  value: number;
  ci95: [number, number] | null;
  /** Where the segment starts and ends on the R² axis. */
  from: number;
  to: number;
  significant: boolean;
}

export interface AreaBar {
  roi: string;
  joint: { value: number; ci95: [number, number] | null; significant: boolean };
  segments: BarSegment[];
  uniqueLayers: string[];
}

export interface PartitionBars {
  layers: string[];
  areas: AreaBar[];
  /** The axis: the smallest and largest stacked end over all areas (0 included). */
  domain: [number, number];
  nUniqueCells: number;
  record: PartitionRecord;
}

/**
 * Stacked bars of a map --joint run from its map cells: per area each layer's unique share then the
 * shared share (R²(all) − Σ unique), positives stacked right of 0 (ending at the joint R²), negative
 * estimates stacked left of 0 (shown, not clipped). Areas and layers in the given orders when known.
 * Null when no cell carries a partition.
 */
export function partitionBars(
  items: readonly { roi: string; layer: string; metric: Record<string, unknown> }[],
  roiOrder: readonly string[] = [],
  layerOrder: readonly string[] = [],
): PartitionBars | null {
  const record = partitionFromCells(items);
  if (!record) return null;
  const rank = (order: readonly string[], x: string) => (order.includes(x) ? order.indexOf(x) : order.length);
  const layers = [...record.layers].sort((a, b) => rank(layerOrder, a) - rank(layerOrder, b));
  const areas = [...record.areas].sort((a, b) => rank(roiOrder, a.roi) - rank(roiOrder, b.roi));
  let [lo, hi] = [0, 0];
  const bars = areas.map((area): AreaBar => {
    let [pos, neg] = [0, 0];
    const place = (
      label: string,
      kind: BarSegment["kind"],
      layer: number,
      s: { value: number; ci95: [number, number] | null; pAdjusted?: number | null | undefined },
    ): BarSegment => {
      const from = s.value >= 0 ? pos : neg;
      const to = from + s.value;
      if (s.value >= 0) pos = to;
      else neg = to;
      return {
        label,
        kind,
        layer,
        value: s.value,
        ci95: s.ci95,
        from,
        to,
        significant: typeof s.pAdjusted === "number" && s.pAdjusted < 0.05,
      };
    };
    const segments = layers.flatMap((name, k) => {
      const l = area.layers.find((x) => x.layer === name);
      return l ? [place(name, "unique", k, l.unique)] : [];
    });
    segments.push(place("shared", "shared", -1, area.sharedTotal));
    [lo, hi] = [Math.min(lo, neg), Math.max(hi, pos, area.joint.value)];
    return {
      roi: area.roi,
      joint: {
        value: area.joint.value,
        ci95: area.joint.ci95,
        significant: typeof area.joint.pAdjusted === "number" && area.joint.pAdjusted < 0.05,
      },
      segments,
      uniqueLayers: area.uniqueLayers,
    };
  });
  return {
    layers,
    areas: bars,
    domain: [lo, hi > lo ? hi : lo + 1],
    nUniqueCells: record.corrections.unique.nCells,
    record,
  };
}
