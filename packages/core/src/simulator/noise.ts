import type { Prng } from "../random/prng.ts";

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
 */
export interface NoiseModel {
  nVoxels: number;
  /** Area index (0-based, ROI code - 1) of each voxel: [nVoxels]. */
  area: Int32Array;
  nAreas: number;
  globalFactors: number;
  areaFactors: number;
  /** σ_v √c b_v over [global, own-area] factors: [nVoxels, globalFactors + areaFactors]. */
  sharedGain: Float64Array;
  /** σ_v √(1 − c): [nVoxels]. */
  independentGain: Float64Array;
}

/** Draws the loadings b_v and fixes the gains from per-voxel SNRs (snr: [nVoxels]). */
export function makeNoiseModel(
  snr: Float64Array,
  area: Int32Array,
  nAreas: number,
  shared: { fraction: number; globalFactors: number; areaFactors: number },
  rng: Prng,
): NoiseModel {
  const nVoxels = snr.length;
  const k = shared.globalFactors + shared.areaFactors;
  const sharedGain = new Float64Array(nVoxels * k);
  const independentGain = new Float64Array(nVoxels);
  const b = new Float64Array(k);
  for (let v = 0; v < nVoxels; v++) {
    const sigma = 1 / Math.sqrt(snr[v]!);
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const x = rng.normal();
      b[j] = j === 0 && shared.globalFactors > 0 ? Math.abs(x) + 1 : x;
      norm += b[j]! * b[j]!;
    }
    const g = k > 0 ? (sigma * Math.sqrt(shared.fraction)) / Math.sqrt(norm) : 0;
    for (let j = 0; j < k; j++) sharedGain[v * k + j] = b[j]! * g;
    independentGain[v] = sigma * Math.sqrt(k > 0 ? 1 - shared.fraction : 1);
  }
  return { nVoxels, area, nAreas, globalFactors: shared.globalFactors, areaFactors: shared.areaFactors, sharedGain, independentGain };
}

/**
 * Adds `nRepeats` noisy measurements of the noise-free rows signal[rowStart .. rowStart+nRows-1]
 * ([*, nVoxels]) and writes their mean into mean: [nRows, nVoxels]; when `repeats` is given
 * ([nRepeats, nRows, nVoxels]) each single measurement is kept there too. Draw order (repeat,
 * image, factors then voxels) is fixed, so the bytes depend only on the generator's seed.
 */
export function measure(
  model: NoiseModel,
  signal: Float32Array,
  rowStart: number,
  nRows: number,
  nRepeats: number,
  rng: Prng,
  mean: Float32Array,
  repeats?: Float32Array,
): void {
  const { nVoxels: nv, globalFactors: kg, areaFactors: ka, area, sharedGain, independentGain } = model;
  const k = kg + ka;
  const u = new Float64Array(kg + model.nAreas * ka);
  // Summed in place in float32 (2-13 terms of order 1: rounding far below the noise).
  const acc = mean.subarray(0, nRows * nv).fill(0);
  for (let r = 0; r < nRepeats; r++) {
    for (let i = 0; i < nRows; i++) {
      for (let j = 0; j < u.length; j++) u[j] = rng.normal();
      const sRow = (rowStart + i) * nv;
      const aRow = i * nv;
      const rep = repeats ? (r * nRows + i) * nv : -1;
      for (let v = 0; v < nv; v++) {
        let shared = 0;
        const g = v * k;
        for (let j = 0; j < kg; j++) shared += sharedGain[g + j]! * u[j]!;
        const uArea = kg + area[v]! * ka;
        for (let j = 0; j < ka; j++) shared += sharedGain[g + kg + j]! * u[uArea + j]!;
        const y = signal[sRow + v]! + shared + independentGain[v]! * rng.normal();
        acc[aRow + v]! += y;
        if (repeats) repeats[rep + v] = y;
      }
    }
  }
  for (let x = 0; x < acc.length; x++) acc[x] = acc[x]! / nRepeats;
}
