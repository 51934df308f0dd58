/** Per-image area shares and agreement as runs with `--attribution` store them in ImageResult.extra. */

/** What a share is, in the words the viewer shows beside the bars (README: "Per-image area shares"). */
export const AREA_SHARE_DEFINITION =
  "Each area's share of this image's translation: the signed projection of the area's part of the prediction onto the image's deviation from the baseline prediction (what the decoder predicts for the average training response), divided by that deviation's squared length. Shares add up to 1; a negative share pulls against the other areas, and a share above 1 means the others pull back. Agreement r: Pearson r over features between the area's part and the image's true features minus the baseline (does the area push the translation the right way?).";

export interface AreaShare {
  area: string;
  share: number;
  /** Pearson r over features of the area's part with the true features' deviation from the baseline; null when not stored. */
  agreement: number | null;
}

/** The image's shares in `order` (the dataset's area order; unknown areas after), or null when the run stored none. */
export function areaShares(
  extra: Record<string, unknown>,
  order: readonly string[] = [],
): AreaShare[] | null {
  const shares = record(extra["areaShares"]);
  if (!shares) return null;
  const agreement = record(extra["areaAgreement"]) ?? {};
  const names = Object.keys(shares);
  const sorted = [...order.filter((n) => names.includes(n)), ...names.filter((n) => !order.includes(n))];
  return sorted.map((area) => ({ area, share: shares[area]!, agreement: agreement[area] ?? null }));
}

function record(v: unknown): Record<string, number> | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const entries = Object.entries(v as Record<string, unknown>).filter(
    (e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]),
  );
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** The area with the largest share (the one that drives the image's translation most), or null. */
export function leadingArea(shares: readonly AreaShare[]): AreaShare | null {
  return shares.reduce<AreaShare | null>(
    (best, s) => (best === null || s.share > best.share ? s : best),
    null,
  );
}
