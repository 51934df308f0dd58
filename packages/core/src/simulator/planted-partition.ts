import { NtError } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";
import { makeNoiseModel, measure } from "./noise.ts";

/**
 * A simulation with PLANTED variance-partition shares (SIMULATED data, for testing banded ridge and
 * variance partitioning). Every layer b has features [P_b | C]: P_b (dim columns) its own, C
 * (sharedDim columns) carried by every layer, all i.i.d. N(0, 1) over images. Voxel v of area a:
 *
 *   s[i, v] = Σ_b √u_ab · P_b[i] β_bv + √h_a · C[i] β_cv       (each β of unit norm: unit-variance parts)
 *   y[i, v] = s[i, v] + noise                                   (noise.ts: shared global and area factors)
 *
 * so with noise variance σ² = 1 / snr_a the population shares of the measured variance are
 * unique_b = u_ab / (S_a + σ²), sharedTotal = h_a / (S_a + σ²), joint = S_a / (S_a + σ²) with
 * S_a = Σ_b u_ab + h_a (for two or more layers: C is in every layer, so removing one loses only P_b).
 */
export interface PlantedPartitionSpec {
  nTrain: number;
  nTest: number;
  seed: number;
  layers: { name: string; dim: number }[];
  /** Columns common to every layer (the shared component). */
  sharedDim: number;
  /** Per area: signal variance only layer b carries (u, one per layer), carried by all (h), and the SNR. */
  areas: { name: string; nVoxels: number; unique: number[]; shared: number; snr: number }[];
  /** Shared-noise structure (noise.ts); default 30% of the noise on 1 global + 2 area factors. */
  noise?: { fraction: number; globalFactors: number; areaFactors: number };
}

export interface PlantedPartition {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: string[];
  layers: Map<string, { train: Matrix32; test: Matrix32 }>;
  /** Per area the population shares of the measured variance. */
  truth: { area: string; joint: number; sharedTotal: number; unique: number[] }[];
}

/** Simulates the planted-partition dataset of `spec` (reproducible from spec.seed). */
export function simulatePlantedPartition(spec: PlantedPartitionSpec): PlantedPartition {
  const nb = spec.layers.length;
  for (const a of spec.areas) {
    if (a.unique.length !== nb)
      throw new NtError(
        "BAD_INPUT",
        `planted partition: area "${a.name}" has ${a.unique.length} unique shares for ${nb} layers`,
      );
    if ([...a.unique, a.shared].some((x) => !(x >= 0)) || !(a.snr > 0))
      throw new NtError("BAD_INPUT", `planted partition: area "${a.name}" needs shares >= 0 and snr > 0`);
  }
  const rng = new Prng(spec.seed);
  const n = spec.nTrain + spec.nTest;
  const gauss = (rows: number, cols: number) =>
    Float32Array.from({ length: rows * cols }, () => rng.normal());
  const privateBlocks = spec.layers.map((l) => gauss(n, l.dim));
  const common = gauss(n, spec.sharedDim);
  const nv = spec.areas.reduce((s, a) => s + a.nVoxels, 0);
  const signal = new Float32Array(n * nv);
  const roi = new Int32Array(nv);
  const snr = new Float64Array(nv);
  let v0 = 0;
  spec.areas.forEach((area, a) => {
    for (let v = v0; v < v0 + area.nVoxels; v++) {
      roi[v] = a + 1;
      snr[v] = area.snr;
      const parts: { block: Float32Array; dim: number; gain: number }[] = spec.layers.map((l, b) => ({
        block: privateBlocks[b]!,
        dim: l.dim,
        gain: Math.sqrt(area.unique[b]!),
      }));
      parts.push({ block: common, dim: spec.sharedDim, gain: Math.sqrt(area.shared) });
      for (const part of parts) {
        if (part.gain === 0 || part.dim === 0) continue;
        const beta = unitVector(part.dim, rng);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let k = 0; k < part.dim; k++) s += part.block[i * part.dim + k]! * beta[k]!;
          signal[i * nv + v]! += part.gain * s;
        }
      }
    }
    v0 += area.nVoxels;
  });
  const noiseModel = makeNoiseModel(
    snr,
    { area: Int32Array.from(roi, (c) => c - 1), nAreas: spec.areas.length },
    spec.noise ?? { fraction: 0.3, globalFactors: 1, areaFactors: 2 },
    rng,
  );
  const measured = new Float32Array(n * nv);
  measure(noiseModel, signal, { rowStart: 0, nRows: n, nRepeats: 1, rng, mean: measured });
  const rows = (data: Float32Array, cols: number, from: number, count: number): Matrix32 => ({
    rows: count,
    cols,
    data: data.slice(from * cols, (from + count) * cols),
  });
  const layers = new Map<string, { train: Matrix32; test: Matrix32 }>();
  spec.layers.forEach((l, b) => {
    const d = l.dim + spec.sharedDim;
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      x.set(privateBlocks[b]!.subarray(i * l.dim, (i + 1) * l.dim), i * d);
      x.set(common.subarray(i * spec.sharedDim, (i + 1) * spec.sharedDim), i * d + l.dim);
    }
    layers.set(l.name, { train: rows(x, d, 0, spec.nTrain), test: rows(x, d, spec.nTrain, spec.nTest) });
  });
  const truth = spec.areas.map((a) => {
    const s = a.unique.reduce((p, q) => p + q, 0) + a.shared;
    const total = s + 1 / a.snr;
    return {
      area: a.name,
      joint: s / total,
      sharedTotal: (nb >= 2 ? a.shared : 0) / total,
      unique: a.unique.map((u) => (nb >= 2 ? u : u + a.shared) / total),
    };
  });
  return {
    responsesTrain: rows(measured, nv, 0, spec.nTrain),
    responsesTest: rows(measured, nv, spec.nTrain, spec.nTest),
    roi,
    roiNames: ["Other", ...spec.areas.map((a) => a.name)],
    layers,
    truth,
  };
}

function unitVector(d: number, rng: Prng): Float64Array {
  const x = Float64Array.from({ length: d }, () => rng.normal());
  const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
  return x.map((v) => v / norm);
}
