import { NtError, formatShape } from "@neurotranslator/schema";
import type { NoiseCeiling } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";
import { columnCorrelations } from "./correlation.ts";
import { mean, median, withoutNaN } from "./stats.ts";

/** Repeated measurements in C order: data[(rep * nImages + image) * nVoxels + voxel]. */
export interface RepeatedResponses {
  nRepeats: number;
  nImages: number;
  nVoxels: number;
  data: Float32Array | Float64Array;
}

/**
 * Split-half reliability per voxel with the Spearman-Brown correction.
 * For each of nSplits random splits of the repeats into two halves of floor(nRepeats / 2) (with
 * an odd count one repeat sits out), average each half over its repeats, correlate the two halves
 * across images per voxel (r), and average r over splits. The reliability of the mean of all
 * repeats is then estimated as 2r / (1 + r). Voxels with a constant half are NaN and excluded.
 * repeats: [nRepeats, nImages, nVoxels] -> reliability: [nVoxels]
 */
export function splitHalfReliability(
  repeats: RepeatedResponses,
  options: { nSplits?: number; seed?: number } = {},
): { reliability: Float64Array; summary: NoiseCeiling } {
  const { nRepeats: R, nImages: N, nVoxels: V } = repeats;
  const nSplits = options.nSplits ?? 20;
  if (repeats.data.length !== R * N * V) {
    throw new NtError(
      "BAD_INPUT",
      `repeats claim shape ${formatShape([R, N, V])} but hold ${repeats.data.length} values`,
    );
  }
  if (R < 2 || N < 3 || V < 1) {
    throw new NtError(
      "BAD_INPUT",
      `split-half reliability needs >= 2 repeats and >= 3 images, got shape ${formatShape([R, N, V])}`,
    );
  }
  if (!Number.isSafeInteger(nSplits) || nSplits < 1) {
    throw new NtError("BAD_INPUT", `nSplits must be a positive integer, got ${nSplits}`);
  }
  for (let k = 0; k < repeats.data.length; k++) {
    if (!Number.isFinite(repeats.data[k]!)) {
      throw new NtError(
        "NUMERIC",
        `repeats have a non-finite value ${repeats.data[k]} at flat index ${k} of ${formatShape([R, N, V])}`,
      );
    }
  }
  const rng = new Prng(options.seed ?? 0);
  const half = Math.floor(R / 2);
  const rSum = new Float64Array(V);
  const a = new Float64Array(N * V);
  const b = new Float64Array(N * V);
  for (let s = 0; s < nSplits; s++) {
    const order = rng.permutation(R);
    halfMean(repeats, order.subarray(0, half), a);
    halfMean(repeats, order.subarray(half, 2 * half), b);
    const r = columnCorrelations(a, 0, b, N, V);
    for (let v = 0; v < V; v++) rSum[v]! += r[v]!;
  }
  const reliability = Float64Array.from(rSum, (sum) => {
    const r = sum / nSplits;
    return Number.isNaN(r) || r <= -1 ? Number.NaN : (2 * r) / (1 + r);
  });
  const valid = withoutNaN(reliability);
  if (valid.length === 0) {
    throw new NtError(
      "NUMERIC",
      `no voxel of ${formatShape([R, N, V])} has a defined split-half reliability (all halves constant)`,
    );
  }
  return {
    reliability,
    summary: {
      nRepeats: R,
      nImages: N,
      nVoxels: V,
      nSplits,
      meanReliability: mean(valid),
      medianReliability: median(valid),
      excludedVoxels: V - valid.length,
    },
  };
}

/** Mean over the chosen repeats: out [nImages, nVoxels]. */
function halfMean(x: RepeatedResponses, reps: Int32Array, out: Float64Array): void {
  out.fill(0);
  const size = x.nImages * x.nVoxels;
  for (const rep of reps) {
    const off = rep * size;
    for (let k = 0; k < size; k++) out[k]! += x.data[off + k]!;
  }
  for (let k = 0; k < size; k++) out[k]! /= reps.length;
}
