// Test support: is a screenshot blank? Decodes the PNG with pngjs and looks at its colours.
import { PNG } from "pngjs";

export interface PngStats {
  width: number;
  height: number;
  /** Distinct RGB colours (alpha ignored). */
  colours: number;
  /** Share of pixels that have the most common colour (a blank page: 1). */
  dominantShare: number;
}

export function pngStats(bytes: Uint8Array): PngStats {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const counts = new Map<number, number>();
  const d = png.data;
  for (let p = 0; p < d.length; p += 4) {
    const key = (d[p]! << 16) | (d[p + 1]! << 8) | d[p + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const max = Math.max(...counts.values());
  return {
    width: png.width,
    height: png.height,
    colours: counts.size,
    dominantShare: max / (png.width * png.height),
  };
}

/** Throws unless the screenshot has real content: at least `minColours` colours and no colour over `maxDominant` of the pixels. */
export function assertNotBlank(
  bytes: Uint8Array,
  what: string,
  minColours = 32,
  maxDominant = 0.97,
): PngStats {
  const s = pngStats(bytes);
  if (s.colours < minColours || s.dominantShare > maxDominant) {
    throw new Error(
      `${what}: screenshot ${s.width}x${s.height} looks blank (${s.colours} colours, most common colour on ${(100 * s.dominantShare).toFixed(1)}% of pixels)`,
    );
  }
  return s;
}
