/** Linear scales and colours for the hand-written SVG charts. */

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (x: number) => number {
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
  for (const x of values) if (x !== null && x !== undefined && Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
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
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(decimals)));
  return out;
}

/**
 * Diverging colour for a value in [-limit, limit]: blue (negative) through white (0) to red (positive),
 * clamped outside. Returns the fill and a text colour readable on it (WCAG contrast of dark vs white text).
 */
export function divergingColor(value: number | null, limit: number): { fill: string; text: string } {
  if (value === null || !Number.isFinite(value) || !(limit > 0)) return { fill: "#e5e7eb", text: "#111827" };
  const t = Math.max(-1, Math.min(1, value / limit));
  const [r, g, b] = t >= 0 ? mix([255, 255, 255], [178, 24, 43], t) : mix([255, 255, 255], [33, 102, 172], -t);
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
