/** Linear scales and colours for the hand-written SVG charts. */

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/** The smallest [lo, hi] holding every finite input, padded by `pad` of its width on each side. */
export function extent(values: readonly (number | null | undefined)[], pad = 0.05): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values)
    if (x !== null && x !== undefined && Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  if (!(hi >= lo)) return [0, 1];
  const w = hi - lo || Math.abs(hi) || 1;
  return [lo - pad * w, hi + pad * w];
}

/** "Nice" tick values (steps of 1, 2 or 5 x 10^k) covering [lo, hi], about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  // Round to the step's decimals so 0.30000000000000004 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toFixed(decimals)));
  return out;
}

/**
 * Diverging colour for a value in [-limit, limit]: blue (negative) through white (0) to red (positive),
 * clamped outside. Returns the fill and a text colour readable on it (WCAG contrast of dark vs white text).
 */
export function divergingColor(value: number | null, limit: number): { fill: string; text: string } {
  if (value === null || !Number.isFinite(value) || !(limit > 0)) return { fill: "#e5e7eb", text: "#111827" };
  const t = Math.max(-1, Math.min(1, value / limit));
  const [r, g, b] =
    t >= 0 ? mix([255, 255, 255], [178, 24, 43], t) : mix([255, 255, 255], [33, 102, 172], -t);
  const fill = `rgb(${r}, ${g}, ${b})`;
  const l = luminance(r, g, b);
  // Pick the text colour with the higher contrast ratio against the fill.
  const dark = (l + 0.05) / (DARK_TEXT_LUMINANCE + 0.05);
  const light = 1.05 / (l + 0.05);
  return { fill, text: dark >= light ? "#111827" : "#ffffff" };
}

const DARK_TEXT_LUMINANCE = 0.0106; // #111827

function mix(a: readonly number[], b: readonly number[], t: number): [number, number, number] {
  const c = (i: number) => Math.round(a[i]! + (b[i]! - a[i]!) * t);
  return [c(0), c(1), c(2)];
}

/** Relative luminance (sRGB), as WCAG defines it. */
export function luminance(r: number, g: number, b: number): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A heatmap's colour scale for one metric: its kind, its domain, and the colour of a value. */
export interface ColourScale {
  kind: "diverging" | "sequential";
  domain: [number, number];
  /** Why the scale is what it is, for the caption ("symmetric about 0", "from 0.981, not 0"). */
  note: string;
  colour(value: number | null): { fill: string; text: string };
}

/**
 * The scale a map's metric needs, from the values shown (not a fixed ±1, which washes out a cosine
 * map whose cells all sit near 1): values of both signs get a diverging scale symmetric about 0;
 * positive values a white-to-red scale from 0, or from the smallest value when the values are
 * clustered far from 0 (smallest above half the largest) so their differences stay visible; negative
 * values a blue-to-white scale up to 0.
 */
export function colourScale(values: readonly (number | null | undefined)[]): ColourScale {
  const finite = values.filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
  const lo = finite.length > 0 ? Math.min(...finite) : 0;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    return {
      kind: "diverging",
      domain: [-m, m],
      note: "symmetric about 0",
      colour: (v) => divergingColor(v, m),
    };
  }
  if (hi <= 0) {
    const from = lo < 0 ? lo : -1;
    return {
      kind: "sequential",
      domain: [from, 0],
      note: "all values ≤ 0",
      colour: (v) => divergingColor(v === null ? null : Math.min(0, v), -from),
    };
  }
  const start = lo > 0.5 * hi && hi > lo ? lo : 0;
  const width = hi - start || 1;
  return {
    kind: "sequential",
    domain: [start, hi],
    note: start === 0 ? "from 0" : `from ${start.toPrecision(3)}, not 0: the values are close together`,
    colour: (v) =>
      v === null || !Number.isFinite(v)
        ? divergingColor(null, 1)
        : divergingColor(Math.max(0, Math.min(1, (v - start) / width)), 1),
  };
}
