import type { JsonObject, MapCell } from "@neurotranslator/data";

/** Columns of `runs export --table map`: one row per (area, layer, direction, metric). */
export const MAP_CSV_COLUMNS = [
  "area",
  "layer",
  "direction",
  "metric",
  "value",
  "ci_low",
  "ci_high",
  "p",
  "p_adjusted",
  "null_mean",
] as const;

type Row = (string | number | null)[];

/** A MetricSummary-shaped entry of a stored cell ({ value, ci95, null, p, ... }). */
function isSummary(x: unknown): x is JsonObject & { value: number } {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as JsonObject)["value"] === "number" &&
    "p" in x
  );
}

const num = (x: unknown): number | null => (typeof x === "number" ? x : null);

function summaryRow(
  area: string,
  layer: string,
  direction: string,
  metric: string,
  s: JsonObject,
  pAdjusted: unknown,
): Row {
  const ci = Array.isArray(s["ci95"]) ? (s["ci95"] as unknown[]) : [];
  const nullMean =
    typeof s["null"] === "object" && s["null"] !== null ? (s["null"] as JsonObject)["mean"] : null;
  return [
    area,
    layer,
    direction,
    metric,
    num(s["value"]),
    num(ci[0]),
    num(ci[1]),
    num(s["p"]),
    num(s["pAdjusted"] ?? pAdjusted),
    num(nullMean),
  ];
}

/**
 * Tidy rows of a map run's cells: encoding (`encodingR`, the area's mean voxel r) and every decoding
 * summary (featureR, sampleR, ...). `p_adjusted` is the map-wide corrected p when the cell carries one
 * (`pAdjusted` on the summary, or on the cell for its primary summary), else empty.
 */
export function mapRows(cells: readonly MapCell[]): Row[] {
  const rows: Row[] = [];
  for (const { roi, layer, metric } of cells) {
    const primary = metric["summaryMetric"];
    const cellAdjusted = (name: string) => (name === primary ? metric["pAdjusted"] : undefined);
    const encoding = metric["encodingR"];
    if (isSummary(encoding)) {
      const details =
        typeof metric["encoding"] === "object" && metric["encoding"] !== null
          ? (metric["encoding"] as JsonObject)
          : {};
      rows.push(
        summaryRow(
          roi,
          layer,
          "encoding",
          "encodingR",
          encoding,
          details["pAdjusted"] ?? cellAdjusted("encodingR"),
        ),
      );
    }
    for (const [name, value] of Object.entries(metric)) {
      if (name === "encodingR" || !isSummary(value)) continue;
      rows.push(summaryRow(roi, layer, "decoding", name, value, cellAdjusted(name)));
    }
  }
  return rows;
}
