import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { createJsBackend } from "../linalg/js/index.ts";
import type { Prng } from "../random/prng.ts";
import type { Nonlinearity, ResolvedArea, SimulatorConfig } from "./config.ts";
import { drawTuningWeights, writeSignal, type ColumnBlock, type SignalMatrix } from "./tuning.ts";

/** What the generator planted in one area's noise-free responses (stored in its AreaGroundTruth). */
export interface AreaTuning {
  /** Non-constant source features (the projections' input space). */
  nFeatures: number;
  /** Source features each voxel (linear) or hidden unit (non-linear) weights. */
  perVoxel: number;
  /** Hidden units and units per voxel (0 for a linear area). */
  hiddenUnits: number;
  unitsPerVoxel: number;
}

/** How an area's signal is drawn: the simulator's config, the training rows and the area's stream. */
export interface AreaSignalOptions {
  config: SimulatorConfig;
  nTrain: number;
  /** The area's own stream (weights), so areas never share draws. */
  rng: Prng;
  backend?: LinalgBackend;
}

/**
 * Writes the noise-free responses of one area's voxels, each with unit variance over the training
 * rows, into the block `out` (area.nVoxels columns) of an [nAll, *] matrix.
 * z: [nAll, D] the area's standardised source features (training rows first).
 *
 *   linear:      s_v = κ_v Σ_j w_vj z_j                      (w_v sparse N(0, 1), as tuning.ts)
 *   non-linear:  h_k = std(g(std(z · u_k))),  s_v = κ_v Σ_k c_vk h_k
 *
 * with u_k sparse random projections (featureFraction of the features, N(0, 1)), std = centred and
 * scaled to unit training variance, g the area's nonlinearity, c_v N(0, 1) on unitsPerVoxel of the
 * hiddenUnits units. A linear read-out of z then explains only part of s: that is the model
 * mismatch of real data, where no analysed layer is what a voxel computes.
 */
export function writeAreaSignal(
  area: ResolvedArea,
  z: Matrix32,
  out: ColumnBlock,
  options: AreaSignalOptions,
): AreaTuning {
  const { config, nTrain, rng, backend } = options;
  const perVoxel = Math.max(1, Math.round(config.featureFraction * z.cols));
  if (area.nonlinearity === "linear") {
    const w = drawTuningWeights(z.cols, area.nVoxels, perVoxel, rng);
    writeSignal(z, w, nTrain, out, backend);
    return { nFeatures: z.cols, perVoxel, hiddenUnits: 0, unitsPerVoxel: 0 };
  }
  const k = config.mismatch.hiddenUnits;
  const unitsPerVoxel = Math.min(k, config.mismatch.unitsPerVoxel);
  const hidden = new Float32Array(z.rows * k);
  const source = config.mismatch.whiten ? whiten(z, nTrain, backend ?? createJsBackend()) : z;
  const reads = Math.max(1, Math.round(config.featureFraction * source.cols));
  const hiddenBlock = { data: hidden, cols: k, offset: 0 };
  writeSignal(source, drawTuningWeights(source.cols, k, reads, rng), nTrain, hiddenBlock, backend);
  applyNonlinearity(hidden, area.nonlinearity);
  standardizeColumns(hidden, z.rows, k, nTrain);
  writeSignal(
    { rows: z.rows, cols: k, data: hidden },
    drawTuningWeights(k, area.nVoxels, unitsPerVoxel, rng),
    nTrain,
    out,
    backend,
  );
  return { nFeatures: z.cols, perVoxel: reads, hiddenUnits: k, unitsPerVoxel };
}

/**
 * Whitened features: z · V Λ^(-1/2) over the eigenvectors of zᵀz / nTrain (training rows) whose
 * eigenvalues exceed 1e-6 of the largest. Hidden units reading random directions of these weight
 * every direction of the layer alike, not the few dominant ones a CNN layer's correlated features
 * share: the voxels then carry a random low-dimensional part of the layer, not its principal axes.
 */
function whiten(z: Matrix32, nTrain: number, backend: LinalgBackend): Matrix32 {
  const d = z.cols;
  const train = { rows: nTrain, cols: d, data: z.data.subarray(0, nTrain * d) };
  const cov = { rows: d, cols: d, data: new Float64Array(d * d) };
  for (let i = 0; i < nTrain; i++) {
    for (let a = 0; a < d; a++) {
      const x = train.data[i * d + a]!;
      if (x === 0) continue;
      for (let b = 0; b < d; b++) cov.data[a * d + b]! += x * train.data[i * d + b]!;
    }
  }
  for (let k = 0; k < cov.data.length; k++) cov.data[k]! /= nTrain;
  const { values, vectors } = backend.eigh(cov);
  const max = values[values.length - 1]!;
  const keep = Array.from(values.keys()).filter((j) => values[j]! > 1e-6 * max);
  const w = new Float32Array(d * keep.length);
  for (let a = 0; a < d; a++)
    for (const [c, j] of keep.entries())
      w[a * keep.length + c] = vectors.data[a * d + j]! / Math.sqrt(values[j]!);
  return backend.matmul32(z, { rows: d, cols: keep.length, data: w });
}

function applyNonlinearity(x: Float32Array, g: Exclude<Nonlinearity, "linear">): void {
  if (g === "compressive") for (let i = 0; i < x.length; i++) x[i] = Math.sqrt(Math.abs(x[i]!));
  else for (let i = 0; i < x.length; i++) x[i] = x[i]! > 0 ? x[i]! * x[i]! : 0;
}

/** Centres and scales each column of x: [rows, cols] to zero mean, unit variance over the first nTrain rows (constant columns are left at 0). */
export function standardizeColumns(x: Float32Array, rows: number, cols: number, nTrain: number): void {
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let i = 0; i < nTrain; i++) for (let j = 0; j < cols; j++) mean[j]! += x[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= nTrain;
  for (let i = 0; i < nTrain; i++) {
    for (let j = 0; j < cols; j++) {
      const d = x[i * cols + j]! - mean[j]!;
      sq[j]! += d * d;
    }
  }
  const inv = Float64Array.from(sq, (s) => (s > 0 ? 1 / Math.sqrt(s / nTrain) : 0));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) x[i * cols + j] = (x[i * cols + j]! - mean[j]!) * inv[j]!;
}

/**
 * Mixes image factors that no feature holds into every area's responses: for each area, L: [nAll,
 * latentFactors] i.i.d. N(0, 1) per image (the same in every repeat, so it counts as signal in the
 * noise ceiling) and voxel loadings N(0, 1); s_v ← √(1 − f) s_v + √f · std(L b_v), f =
 * latentFraction. Signals stay at unit training variance (up to the two parts' sample correlation,
 * removed by a final rescale). signal: [nAll, nVoxels], changed in place.
 */
export function mixLatentFactors(
  matrix: SignalMatrix,
  areas: readonly { first: number; nVoxels: number }[],
  mismatch: SimulatorConfig["mismatch"],
  rng: Prng,
): void {
  const { data: signal, rows: nAll, cols: nVoxels, nTrain } = matrix;
  const f = mismatch.latentFraction;
  if (f === 0) return;
  const q = mismatch.latentFactors;
  for (const area of areas) {
    const latent: Matrix32 = {
      rows: nAll,
      cols: q,
      data: Float32Array.from({ length: nAll * q }, () => rng.normal()),
    };
    const part = new Float32Array(nAll * area.nVoxels);
    const weights = drawTuningWeights(q, area.nVoxels, q, rng);
    writeSignal(latent, weights, nTrain, { data: part, cols: area.nVoxels, offset: 0 });
    const a = Math.sqrt(1 - f);
    const b = Math.sqrt(f);
    for (let i = 0; i < nAll; i++) {
      for (let v = 0; v < area.nVoxels; v++) {
        const k = i * nVoxels + area.first + v;
        signal[k] = a * signal[k]! + b * part[i * area.nVoxels + v]!;
      }
    }
    rescaleColumns(matrix, area.first, area.nVoxels);
  }
}

/**
 * Smooths each area's noise-free responses over its voxel grid (voxel k at row ⌊k / W⌋, column
 * k mod W, W = ⌈√nVoxels⌉, as the noise's grid in noise.ts) with a Gaussian of `fwhm` voxels
 * (weights renormalised at the grid's edges), then rescales each voxel to unit training variance:
 * neighbouring voxels get similar tuning, as in cortex, so signal and spatially smooth noise share
 * the same low-dimensional voxel patterns and averaging over voxels removes less of the noise.
 * signal: [nAll, nVoxels], changed in place.
 */
export function smoothTuning(
  matrix: SignalMatrix,
  areas: readonly { first: number; nVoxels: number }[],
  fwhm: number,
): void {
  const { data: signal, rows: nAll, cols: nVoxels } = matrix;
  if (fwhm === 0) return;
  const sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, t) =>
    Math.exp(-((t - radius) ** 2) / (2 * sigma * sigma)),
  );
  for (const area of areas) {
    const n = area.nVoxels;
    const width = Math.ceil(Math.sqrt(n));
    const height = Math.ceil(n / width);
    // Normalising weights: the kernel mass that falls on existing voxels.
    const ones = new Float64Array(width * height);
    ones.fill(1, 0, n);
    const mass = blur(ones, width, height, kernel, radius);
    const grid = new Float64Array(width * height);
    for (let i = 0; i < nAll; i++) {
      const row = i * nVoxels + area.first;
      for (let k = 0; k < n; k++) grid[k] = signal[row + k]!;
      const smooth = blur(grid, width, height, kernel, radius);
      for (let k = 0; k < n; k++) signal[row + k] = smooth[k]! / mass[k]!;
    }
    rescaleColumns(matrix, area.first, n);
  }
}

/** Separable Gaussian blur of a [height, width] grid, zero outside. */
function blur(
  x: Float64Array,
  width: number,
  height: number,
  kernel: Float64Array,
  radius: number,
): Float64Array {
  const tmp = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < width; c++) {
      let acc = 0;
      for (let t = Math.max(-radius, -c); t <= Math.min(radius, width - 1 - c); t++)
        acc += kernel[t + radius]! * x[y * width + c + t]!;
      tmp[y * width + c] = acc;
    }
  }
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < width; c++) {
      let acc = 0;
      for (let t = Math.max(-radius, -y); t <= Math.min(radius, height - 1 - y); t++)
        acc += kernel[t + radius]! * tmp[(y + t) * width + c]!;
      out[y * width + c] = acc;
    }
  }
  return out;
}

/** Scales columns first .. first + count - 1 of the matrix (zero training mean) to unit training variance. */
function rescaleColumns(matrix: SignalMatrix, first: number, count: number): void {
  const { data: x, rows, cols, nTrain } = matrix;
  for (let v = first; v < first + count; v++) {
    let sq = 0;
    for (let i = 0; i < nTrain; i++) sq += x[i * cols + v]! ** 2;
    const s = sq > 0 ? 1 / Math.sqrt(sq / nTrain) : 0;
    for (let i = 0; i < rows; i++) x[i * cols + v] = x[i * cols + v]! * s;
  }
}

/** Marks round(fraction · nVoxels) voxels of each area silent (true), a uniform random subset per area. -> [total voxels] */
export function drawSilentVoxels(
  areas: readonly { first: number; nVoxels: number }[],
  total: number,
  fraction: number,
  rng: Prng,
): Uint8Array {
  const silent = new Uint8Array(total);
  if (fraction === 0) return silent;
  for (const area of areas) {
    const order = rng.permutation(area.nVoxels);
    const count = Math.round(fraction * area.nVoxels);
    for (let t = 0; t < count; t++) silent[area.first + order[t]!] = 1;
  }
  return silent;
}
