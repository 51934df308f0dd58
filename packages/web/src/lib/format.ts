/** Number formatting shared by tables, cards and chart labels. */

/** `x` with `digits` decimals (exponent form below 1e-4); "—" for null/undefined/NaN (values the API could not compute). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(1);
  const s = x.toFixed(digits);
  // No "-0.00": a value that rounds to zero prints unsigned.
  return Number(s) === 0 ? s.replace("-", "") : s;
}

/** A permutation p-value as people read it: "p < 0.001" below 0.001, else "p = 0.034"; "—" when absent. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "p —";
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

/** A 95% interval as "[lo, hi]"; "" when absent. */
export function fmtCi(ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci ? `[${fmt(ci[0], digits)}, ${fmt(ci[1], digits)}]` : "";
}

/** Seconds as "850 ms", "12.3 s" or "4 min 5 s". */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return "—";
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** An ISO timestamp as "2026-01-31 12:00" (UTC, so every reader sees the same text). */
export function fmtDate(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/** The areas of a run: "all areas" for the empty list (all areas together), else "V1 + V2". */
export function fmtRois(rois: readonly string[]): string {
  return rois.length === 0 ? "all areas" : rois.join(" + ");
}
