import { Prng } from "../random/index.ts";

/** Gray images [n, height, width] in [0, 1], row-major, as an image folder reader returns them. */
export interface SyntheticImages {
  files: string[];
  height: number;
  width: number;
  data: Float32Array;
}

/**
 * Synthetic natural-like images from the "dead leaves" model (Matheron; Lee, Mumford & Huang 2001):
 * opaque discs of random gray level dropped one over another, radii drawn from a power law
 * p(r) ∝ r^-3 between `minRadius` and `maxRadius` pixels. Such images share the statistics of
 * natural scenes that matter to a CNN's early layers (a ~1/f² power spectrum, occluding edges at
 * all scales, flat regions), so a simulation on them is not trivially easy; they hold no objects,
 * so ImageNet class comparisons on them mean little. For a bare clone without the Kay stimuli.
 * Deterministic for `seed`.
 */
export function deadLeavesImages(
  n: number,
  options: { size?: number; seed?: number; leaves?: number; minRadius?: number; maxRadius?: number } = {},
): SyntheticImages {
  const size = options.size ?? 128;
  const leaves = options.leaves ?? 400;
  const rMin = options.minRadius ?? 1.5;
  const rMax = options.maxRadius ?? size / 2;
  const prng = new Prng(options.seed ?? 0);
  const rand = () => prng.nextFloat();
  const data = new Float32Array(n * size * size);
  for (let k = 0; k < n; k++) {
    const img = data.subarray(k * size * size, (k + 1) * size * size);
    img.fill(rand());
    // Painted back to front: the last disc drawn is the nearest leaf.
    for (let l = 0; l < leaves; l++) {
      // Inverse CDF of p(r) ∝ r^-3 on [rMin, rMax].
      const u = rand();
      const r = 1 / Math.sqrt(1 / (rMin * rMin) - u * (1 / (rMin * rMin) - 1 / (rMax * rMax)));
      const cx = rand() * size;
      const cy = rand() * size;
      const gray = rand();
      const [y0, y1] = [Math.max(0, Math.floor(cy - r)), Math.min(size - 1, Math.ceil(cy + r))];
      const [x0, x1] = [Math.max(0, Math.floor(cx - r)), Math.min(size - 1, Math.ceil(cx + r))];
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) img[y * size + x] = gray;
      }
    }
  }
  return { files: Array.from({ length: n }, (_, i) => `dead-leaves-${i}`), height: size, width: size, data };
}
