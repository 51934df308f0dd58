import { NtError } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";

/** Gray images in [0, 1]: data [n, height, width] row-major. */
interface Stack {
  data: Float32Array;
  height: number;
  width: number;
}

/** The Gabor bank; defaults give 3 scales x 4 orientations x 4x4 cells = 192 features. */
export interface GaborBankOptions {
  /** Working resolution: images are resampled (bilinear, pixel centres) to size x size. Default 64. */
  size?: number;
  /** Carrier wavelengths in working pixels, coarse to fine. Default [16, 8, 4]. */
  wavelengths?: number[];
  /** Orientations θ_k = kπ / orientations of the carrier's wave vector. Default 4. */
  orientations?: number;
  /** Energy is averaged over a grid x grid tiling of the image. Default 4. */
  grid?: number;
}

interface Kernel {
  radius: number;
  even: Float64Array;
  odd: Float64Array;
}

/**
 * A quadrature pair at wavelength λ, orientation θ: Gaussian envelope σ = 0.56 λ (about one octave
 * of bandwidth) times cos / sin of 2π (x cos θ + y sin θ) / λ, truncated at 2σ. The even kernel is
 * made zero-mean (no response to uniform luminance) and both have unit L2 norm, so channels of
 * different scales are comparable.
 */
export function gaborPair(lambda: number, theta: number): Kernel {
  const sigma = 0.56 * lambda;
  const radius = Math.ceil(2 * sigma);
  const side = 2 * radius + 1;
  const even = new Float64Array(side * side);
  const odd = new Float64Array(side * side);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  let envelopeSum = 0;
  let evenSum = 0;
  const envelope = new Float64Array(side * side);
  for (let y = -radius; y <= radius; y++) {
    for (let x = -radius; x <= radius; x++) {
      const k = (y + radius) * side + (x + radius);
      const g = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
      const phase = (2 * Math.PI * (x * c + y * s)) / lambda;
      envelope[k] = g;
      even[k] = g * Math.cos(phase);
      odd[k] = g * Math.sin(phase);
      envelopeSum += g;
      evenSum += even[k]!;
    }
  }
  // Remove the even kernel's DC in proportion to the envelope, keeping its Gaussian shape.
  for (let k = 0; k < even.length; k++) even[k]! -= (evenSum / envelopeSum) * envelope[k]!;
  for (const kernel of [even, odd]) {
    let norm = 0;
    for (const v of kernel) norm += v * v;
    norm = Math.sqrt(norm);
    for (let k = 0; k < kernel.length; k++) kernel[k]! /= norm;
  }
  return { radius, even, odd };
}

/**
 * Gabor-energy features as in Kay et al. (2008)'s V1 model: each image is resampled to size x size,
 * its mean is removed, and every quadrature pair (even e, odd o) is applied at positions spaced one
 * wavelength apart (zero outside the image); the contrast energy √(e² + o²) is averaged over the
 * positions in each cell of a grid x grid tiling, then compressed by log(1 + x).
 * Feature order: scale (coarse to fine), orientation, cell row, cell column.
 * stimuli: [n, h, w]; rows: which images (default all) -> [rows.length, scales · orientations · grid²].
 */
export function gaborEnergyFeatures(
  stimuli: Stack,
  rows?: Int32Array,
  options: GaborBankOptions = {},
): Matrix32 {
  const size = options.size ?? 64;
  const wavelengths = options.wavelengths ?? [16, 8, 4];
  const nOrient = options.orientations ?? 4;
  const grid = options.grid ?? 4;
  if (
    !Number.isInteger(size) ||
    size < 4 ||
    !Number.isInteger(grid) ||
    grid < 1 ||
    grid > size ||
    !Number.isInteger(nOrient) ||
    nOrient < 1
  ) {
    throw new NtError(
      "BAD_INPUT",
      `gabor bank: size ${size}, grid ${grid}, orientations ${nOrient} must be integers with 4 <= size, 1 <= grid <= size, orientations >= 1`,
    );
  }
  if (wavelengths.length === 0 || wavelengths.some((l) => !(l >= 2 && l <= size))) {
    throw new NtError(
      "BAD_INPUT",
      `gabor bank: wavelengths [${wavelengths.join(", ")}] must be non-empty, each in [2, ${size}] pixels`,
    );
  }
  const { height: h, width: w } = stimuli;
  const n = stimuli.data.length / (h * w);
  const index = rows ?? Int32Array.from({ length: n }, (_, i) => i);
  const kernels = wavelengths.map((lambda) =>
    Array.from({ length: nOrient }, (_, k) => gaborPair(lambda, (k * Math.PI) / nOrient)),
  );
  const cells = grid * grid;
  const d = wavelengths.length * nOrient * cells;
  const out = new Float32Array(index.length * d);
  const img = new Float64Array(size * size);
  const sum = new Float64Array(cells);
  const count = new Float64Array(cells);
  for (const [i, row] of index.entries()) {
    if (!(row >= 0 && row < n))
      throw new NtError("BAD_INPUT", `gabor bank: image row ${row} outside the ${n} stimuli`);
    resample(stimuli.data.subarray(row * h * w, (row + 1) * h * w), h, w, size, img);
    for (const [si, lambda] of wavelengths.entries()) {
      const step = Math.max(1, Math.round(lambda));
      for (const [oi, kernel] of (kernels[si] as Kernel[]).entries()) {
        sum.fill(0);
        count.fill(0);
        for (let cy = step / 2; cy < size; cy += step) {
          for (let cx = step / 2; cx < size; cx += step) {
            const [e, o] = apply(img, size, kernel, Math.floor(cy), Math.floor(cx));
            const cell = Math.floor((cy * grid) / size) * grid + Math.floor((cx * grid) / size);
            sum[cell]! += Math.sqrt(e * e + o * o);
            count[cell]! += 1;
          }
        }
        const base = i * d + (si * nOrient + oi) * cells;
        for (let c = 0; c < cells; c++) out[base + c] = count[c]! > 0 ? Math.log1p(sum[c]! / count[c]!) : 0;
      }
    }
  }
  return { rows: index.length, cols: d, data: out };
}

/** Bilinear resample of one [h, w] image to [size, size] (pixel centres), minus its mean. */
function resample(src: Float32Array, h: number, w: number, size: number, out: Float64Array): void {
  let mean = 0;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / size - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / size - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = src[y0 * w + x0]! * (1 - tx) + src[y0 * w + x1]! * tx;
      const bottom = src[y1 * w + x0]! * (1 - tx) + src[y1 * w + x1]! * tx;
      const v = top * (1 - ty) + bottom * ty;
      out[y * size + x] = v;
      mean += v;
    }
  }
  mean /= size * size;
  for (let k = 0; k < out.length; k++) out[k]! -= mean;
}

/** Even and odd responses of the pair centred at (cy, cx); pixels outside the image count as 0 (the mean). */
function apply(img: Float64Array, size: number, kernel: Kernel, cy: number, cx: number): [number, number] {
  const { radius, even, odd } = kernel;
  const side = 2 * radius + 1;
  let e = 0;
  let o = 0;
  const y0 = Math.max(-radius, -cy);
  const y1 = Math.min(radius, size - 1 - cy);
  const x0 = Math.max(-radius, -cx);
  const x1 = Math.min(radius, size - 1 - cx);
  for (let dy = y0; dy <= y1; dy++) {
    const irow = (cy + dy) * size + cx;
    const krow = (dy + radius) * side + radius;
    for (let dx = x0; dx <= x1; dx++) {
      const p = img[irow + dx]!;
      e += p * even[krow + dx]!;
      o += p * odd[krow + dx]!;
    }
  }
  return [e, o];
}
