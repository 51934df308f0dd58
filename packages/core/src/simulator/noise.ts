import type { Prng } from "../random/prng.ts";
import type { SignalMatrix } from "./tuning.ts";

/**
 * Per-voxel noise parameters. For voxel v of area a(v), one measurement (repeat r, image i) is
 *
 *   y_r[i, v] = s[i, v] + σ_v · ( √c · b_vᵀ u_r[i] + √(1 − c) · ε_r[i, v] )
 *
 * with s the noise-free response (unit variance), σ_v² = 1 / SNR_v, c the shared fraction,
 * ε ~ N(0, 1) independent, and u_r[i] ~ N(0, I) the shared factors of that measurement:
 * `globalFactors` seen by every voxel, then `areaFactors` per area. b_v is non-zero only on the
 * global factors and its own area's factors and has unit norm, so the noise variance is exactly
 * σ_v² and noise correlations between voxels are c · b_vᵀ b_w (low rank). The first global
 * loading is drawn positive (|N(0,1)| + 1 before normalising): a global signal such as
 * physiological or scanner drift, which makes most voxels' noise positively correlated.
 * With factorDecay d, loading j of each group (global, area; 1-based) is scaled by j^(-d/2) before
 * normalising, so the factors' variances fall as 1/j^d: a few components dominate (low effective
 * rank, as in real voxel noise). With spatialFwhm > 0, ε is white noise smoothed by a Gaussian of
 * that FWHM on each area's voxel grid (voxel k of an area at row ⌊k / W⌋, column k mod W, W =
 * ⌈√nVoxels⌉), scaled back to unit variance: neighbouring voxels share noise. With signalAligned a
 * > 0 the area factors load the voxels along signal patterns (alignedLoadings) and carry a share a
 * of each voxel's shared noise variance, the global factors 1 − a. With evokedFraction e > 0 a share
 * e of each responsive voxel's noise variance is evoked-like: w₁ s[j₁] + w₂ s[j₂], the noise-free
 * patterns of two random training images with N(0, ½) weights, drawn anew for every measurement, so
 * this noise has exactly the signal's voxel covariance, at full rank (ongoing activity resembles
 * evoked activity; Kenet et al. 2003). No voxel pooling separates it from the signal; the
 * independent part shrinks to 1 − c − e. A voxel with SNR 0
 * (silent: no signal) gets σ_v = 1.
 */
export interface NoiseModel {
  nVoxels: number;
  /** Area index (0-based, ROI code - 1) of each voxel: [nVoxels]. */
  area: Int32Array;
  nAreas: number;
  globalFactors: number;
  areaFactors: number;
  /** σ_v √c b_v over [global, own-area] factors, factor-major: [globalFactors + areaFactors, nVoxels]. */
  sharedGain: Float64Array;
  /** σ_v √(1 − c): [nVoxels]. */
  independentGain: Float64Array;
  /** Smoothing of ε (absent: independent voxels). */
  spatial?: SpatialSmoothing;
  /** Evoked-like noise σ_v √e per voxel ([nVoxels]; 0 for silent voxels) and the training rows it samples (absent: none). */
  evoked?: { gain: Float64Array; nTrain: number };
}

/** A 1-D kernel with unit sum of squares (so the separable 2-D smoothing keeps unit variance) and each area's grid. */
interface SpatialSmoothing {
  kernel: Float64Array;
  radius: number;
  areas: { first: number; count: number; width: number; height: number }[];
}

/** The area of every voxel: area: [nVoxels] 0-based indices below nAreas. */
export interface VoxelAreas {
  area: Int32Array;
  nAreas: number;
}

/** What the noise takes from the signal (both optional). */
export interface NoiseFromSignal {
  /** Area-factor loadings ([nVoxels, areaFactors], see alignedLoadings); used when shared.signalAligned > 0. */
  areaLoadings?: Float64Array;
  /** Training rows of the signal, needed for evoked-like noise (shared.evokedFraction > 0); default 0. */
  nTrain?: number;
}

/** Draws the loadings b_v and fixes the gains from per-voxel SNRs (snr: [nVoxels]). */
export function makeNoiseModel(
  snr: Float64Array,
  voxelAreas: VoxelAreas,
  shared: {
    fraction: number;
    globalFactors: number;
    areaFactors: number;
    factorDecay?: number;
    spatialFwhm?: number;
    signalAligned?: number;
    evokedFraction?: number;
  },
  rng: Prng,
  fromSignal: NoiseFromSignal = {},
): NoiseModel {
  const { area, nAreas } = voxelAreas;
  const { areaLoadings, nTrain = 0 } = fromSignal;
  const evokedShare = nTrain > 0 ? (shared.evokedFraction ?? 0) : 0;
  const evokedGain = evokedShare > 0 ? new Float64Array(snr.length) : undefined;
  const aligned = areaLoadings && (shared.signalAligned ?? 0) > 0 ? shared.signalAligned! : 0;
  const decay = shared.factorDecay ?? 0;
  const factorScale = Float64Array.from({ length: shared.globalFactors + shared.areaFactors }, (_, j) => {
    const rank = j < shared.globalFactors ? j + 1 : j - shared.globalFactors + 1;
    return decay === 0 ? 1 : rank ** (-decay / 2);
  });
  const nVoxels = snr.length;
  const k = shared.globalFactors + shared.areaFactors;
  const sharedGain = new Float64Array(nVoxels * k);
  const independentGain = new Float64Array(nVoxels);
  const b = new Float64Array(k);
  for (let v = 0; v < nVoxels; v++) {
    const sigma = snr[v]! > 0 ? 1 / Math.sqrt(snr[v]!) : 1;
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const x = rng.normal();
      b[j] = (j === 0 && shared.globalFactors > 0 ? Math.abs(x) + 1 : x) * factorScale[j]!;
      norm += b[j]! * b[j]!;
    }
    if (aligned > 0 && alignLoadings(b, shared.globalFactors, areaLoadings!, v, aligned)) norm = 1;
    const g = k > 0 ? (sigma * Math.sqrt(shared.fraction)) / Math.sqrt(norm) : 0;
    for (let j = 0; j < k; j++) sharedGain[j * nVoxels + v] = b[j]! * g;
    const e = evokedGain && snr[v]! > 0 ? evokedShare : 0;
    if (evokedGain) evokedGain[v] = sigma * Math.sqrt(e);
    independentGain[v] = sigma * Math.sqrt(Math.max(0, (k > 0 ? 1 - shared.fraction : 1) - e));
  }
  const spatial =
    (shared.spatialFwhm ?? 0) > 0 ? spatialSmoothing(area, nAreas, shared.spatialFwhm!) : undefined;
  return {
    nVoxels,
    area,
    nAreas,
    globalFactors: shared.globalFactors,
    areaFactors: shared.areaFactors,
    sharedGain,
    independentGain,
    ...(spatial ? { spatial } : {}),
    ...(evokedGain ? { evoked: { gain: evokedGain, nTrain } } : {}),
  };
}

/**
 * Replaces voxel v's area loadings by its signal-aligned ones and gives the area part norm √share,
 * the global part √(1 − share) (so b has unit norm). False (b untouched) for a voxel whose aligned
 * loadings are all 0 (a silent voxel).
 */
function alignLoadings(
  b: Float64Array,
  kg: number,
  areaLoadings: Float64Array,
  v: number,
  share: number,
): boolean {
  const ka = b.length - kg;
  let na = 0;
  for (let j = 0; j < ka; j++) na += areaLoadings[v * ka + j]! ** 2;
  if (na === 0) return false;
  let ng = 0;
  for (let j = 0; j < kg; j++) ng += b[j]! ** 2;
  const ga = Math.sqrt(share / na);
  const gg = ng > 0 ? Math.sqrt((1 - share) / ng) : 0;
  for (let j = 0; j < kg; j++) b[j] = b[j]! * gg;
  for (let j = 0; j < ka; j++) b[kg + j] = areaLoadings[v * ka + j]! * ga;
  return true;
}

/**
 * Signal-aligned area-factor loadings: factor j of an area loads voxel v with s[i_j, v], the
 * noise-free response to a training image i_j drawn at random (per area, per factor). Noise along
 * these patterns has the signal's own voxel covariance (noise correlations follow signal
 * correlations, as measured in cortex), so pooling voxels cannot average it away: it limits what a
 * decoder can read, unlike noise in random directions. signal: [nAll, nVoxels]. -> [nVoxels, areaFactors]
 */
export function alignedLoadings(
  matrix: SignalMatrix,
  voxelAreas: VoxelAreas,
  areaFactors: number,
  rng: Prng,
): Float64Array {
  const { data: signal, cols: nVoxels, nTrain } = matrix;
  const { area, nAreas } = voxelAreas;
  const out = new Float64Array(nVoxels * areaFactors);
  for (let a = 0; a < nAreas; a++) {
    const images = Array.from({ length: areaFactors }, () => rng.intBelow(nTrain));
    for (let v = 0; v < nVoxels; v++) {
      if (area[v] !== a) continue;
      for (let j = 0; j < areaFactors; j++) out[v * areaFactors + j] = signal[images[j]! * nVoxels + v]!;
    }
  }
  return out;
}

/** Areas must be contiguous runs of voxels (as the simulator lays them out). */
function spatialSmoothing(area: Int32Array, nAreas: number, fwhm: number): SpatialSmoothing {
  const sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, t) =>
    Math.exp(-((t - radius) ** 2) / (2 * sigma * sigma)),
  );
  const norm = Math.sqrt(kernel.reduce((s, x) => s + x * x, 0));
  for (let t = 0; t < kernel.length; t++) kernel[t]! /= norm;
  const areas: SpatialSmoothing["areas"] = [];
  for (let a = 0; a < nAreas; a++) {
    const first = area.indexOf(a);
    if (first < 0) continue;
    let count = 0;
    while (first + count < area.length && area[first + count] === a) count++;
    const width = Math.ceil(Math.sqrt(count));
    areas.push({ first, count, width, height: Math.ceil(count / width) });
  }
  return { kernel, radius, areas };
}

/** Smoothed unit-variance noise for every voxel of every area into eps: [nVoxels] (white noise drawn on each grid padded by the kernel's radius). */
function smoothNoise(s: SpatialSmoothing, rng: Prng, eps: Float64Array): void {
  const { kernel, radius } = s;
  for (const a of s.areas) {
    const pw = a.width + 2 * radius;
    const ph = a.height + 2 * radius;
    const white = new Float64Array(pw * ph);
    for (let k = 0; k < white.length; k++) white[k] = rng.normal();
    const rows = new Float64Array(ph * a.width);
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < a.width; x++) {
        let acc = 0;
        for (let t = 0; t < kernel.length; t++) acc += kernel[t]! * white[y * pw + x + t]!;
        rows[y * a.width + x] = acc;
      }
    }
    for (let k = 0; k < a.count; k++) {
      const y = Math.floor(k / a.width);
      const x = k % a.width;
      let acc = 0;
      for (let t = 0; t < kernel.length; t++) acc += kernel[t]! * rows[(y + t) * a.width + x]!;
      eps[a.first + k] = acc;
    }
  }
}

/** Which rows `measure` measures, how often, with which stream, and where the results go. */
export interface Measurement {
  rowStart: number;
  nRows: number;
  nRepeats: number;
  rng: Prng;
  /** Receives the mean over the repeats: [nRows, nVoxels]. */
  mean: Float32Array;
  /** Receives every single measurement when given: [nRepeats, nRows, nVoxels]. */
  repeats?: Float32Array;
}

/**
 * Adds `nRepeats` noisy measurements of the noise-free rows signal[rowStart .. rowStart+nRows-1]
 * ([*, nVoxels]) and writes their mean into `mean`, and each single measurement into `repeats`
 * when given. Draw order (repeat, image, factors then voxels) is fixed, so the bytes depend only
 * on the generator's seed.
 */
export function measure(model: NoiseModel, signal: Float32Array, m: Measurement): void {
  const { rowStart, nRows, nRepeats, rng, mean, repeats } = m;
  const { nVoxels: nv, globalFactors: kg, areaFactors: ka, area, sharedGain, independentGain } = model;
  const u = new Float64Array(kg + model.nAreas * ka);
  const shared = new Float64Array(nv);
  const eps = model.spatial ? new Float64Array(nv) : undefined;
  // Summed in place in float32 (2-13 terms of order 1: rounding far below the noise).
  const acc = mean.subarray(0, nRows * nv).fill(0);
  for (let r = 0; r < nRepeats; r++) {
    for (let i = 0; i < nRows; i++) {
      for (let j = 0; j < u.length; j++) u[j] = rng.normal();
      if (eps) smoothNoise(model.spatial!, rng, eps);
      // Evoked-like noise: w1 s[j1] + w2 s[j2] for two random training images, w ~ N(0, 1/2): the signal's own covariance.
      const ev = model.evoked;
      const j1 = ev ? rng.intBelow(ev.nTrain) * nv : 0;
      const j2 = ev ? rng.intBelow(ev.nTrain) * nv : 0;
      const w1 = ev ? rng.normal() * Math.SQRT1_2 : 0;
      const w2 = ev ? rng.normal() * Math.SQRT1_2 : 0;
      const sRow = (rowStart + i) * nv;
      const aRow = i * nv;
      const rep = repeats ? (r * nRows + i) * nv : -1;
      // Factor-major sums (contiguous in v), in the same order per voxel: global factors, then its area's.
      shared.fill(0);
      for (let j = 0; j < kg; j++) {
        const c = u[j]!;
        const g = j * nv;
        for (let v = 0; v < nv; v++) shared[v]! += sharedGain[g + v]! * c;
      }
      for (let j = 0; j < ka; j++) {
        const g = (kg + j) * nv;
        for (let v = 0; v < nv; v++) shared[v]! += sharedGain[g + v]! * u[kg + area[v]! * ka + j]!;
      }
      if (ev)
        for (let v = 0; v < nv; v++)
          shared[v]! += ev.gain[v]! * (w1 * signal[j1 + v]! + w2 * signal[j2 + v]!);
      for (let v = 0; v < nv; v++) {
        const y = signal[sRow + v]! + shared[v]! + independentGain[v]! * (eps ? eps[v]! : rng.normal());
        acc[aRow + v]! += y;
        if (repeats) repeats[rep + v] = y;
      }
    }
  }
  for (let x = 0; x < acc.length; x++) acc[x] = acc[x]! / nRepeats;
}
