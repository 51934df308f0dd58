import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { Prng } from "../random/prng.ts";

/**
 * Standardised features of the selected images: z[i, j] = (F[index[i], kept[j]] - m_j) / s_j, with
 * m, s (ddof 0) over the TRAINING rows only (index[0 .. nTrain-1]), as an analysis would see them.
 * Features constant over the training rows carry no tuning and are dropped (`kept` lists the rest).
 * f: [n, D], index: [nAll] rows of f -> z: [nAll, kept.length].
 */
export function standardizeFeatures(
  f: Matrix32,
  index: Int32Array,
  nTrain: number,
  layer: string,
): { z: Matrix32; kept: Int32Array } {
  const { cols: d, data } = f;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < nTrain; i++) {
    const row = index[i]! * d;
    for (let j = 0; j < d; j++) mean[j]! += data[row + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= nTrain;
  for (let i = 0; i < nTrain; i++) {
    const row = index[i]! * d;
    for (let j = 0; j < d; j++) {
      const x = data[row + j]! - mean[j]!;
      sq[j]! += x * x;
    }
  }
  const keptList: number[] = [];
  for (let j = 0; j < d; j++) if (sq[j]! / nTrain > 1e-12 * (1 + mean[j]! * mean[j]!)) keptList.push(j);
  if (keptList.length === 0) {
    throw new NtError(
      "BAD_INPUT",
      `features "${layer}" ${formatShape([f.rows, d])}: every feature is constant over the ${nTrain} training images`,
    );
  }
  const kept = Int32Array.from(keptList);
  const k = kept.length;
  const z = new Float32Array(index.length * k);
  const inv = Float64Array.from(kept, (j) => 1 / Math.sqrt(sq[j]! / nTrain));
  for (let i = 0; i < index.length; i++) {
    const row = index[i]! * d;
    for (let c = 0; c < k; c++) {
      const j = kept[c]!;
      z[i * k + c] = (data[row + j]! - mean[j]!) * inv[c]!;
    }
  }
  return { z: { rows: index.length, cols: k, data: z }, kept };
}

/**
 * Sparse random tuning weights: each voxel weights `perVoxel` distinct features of the D drawn
 * uniformly, with N(0, 1) weights (all other weights are 0). Stored by voxel:
 * feature[v * perVoxel + t], weight[v * perVoxel + t].
 */
export interface SparseTuning {
  nFeatures: number;
  nVoxels: number;
  perVoxel: number;
  feature: Int32Array;
  weight: Float64Array;
}

export function drawTuningWeights(d: number, nVoxels: number, perVoxel: number, rng: Prng): SparseTuning {
  const feature = new Int32Array(nVoxels * perVoxel);
  const weight = new Float64Array(nVoxels * perVoxel);
  const order = new Int32Array(d);
  for (let v = 0; v < nVoxels; v++) {
    for (let j = 0; j < d; j++) order[j] = j;
    // Partial Fisher-Yates: the first perVoxel entries are a uniform subset.
    for (let t = 0; t < perVoxel; t++) {
      const r = t + rng.intBelow(d - t);
      const tmp = order[t]!;
      order[t] = order[r]!;
      order[r] = tmp;
      feature[v * perVoxel + t] = order[t]!;
      weight[v * perVoxel + t] = rng.normal();
    }
  }
  return { nFeatures: d, nVoxels, perVoxel, feature, weight };
}

/** The same weights as a dense W: [D, nVoxels] float32 (for a backend's matmul32). */
export function denseWeights(w: SparseTuning): Matrix32 {
  const data = new Float32Array(w.nFeatures * w.nVoxels);
  for (let v = 0; v < w.nVoxels; v++) {
    for (let t = 0; t < w.perVoxel; t++)
      data[w.feature[v * w.perVoxel + t]! * w.nVoxels + v] = w.weight[v * w.perVoxel + t]!;
  }
  return { rows: w.nFeatures, cols: w.nVoxels, data };
}

/** Noise-free responses [rows, cols] (row-major), the first nTrain rows the training images. */
export interface SignalMatrix extends Matrix32 {
  nTrain: number;
}

/** Where voxel responses are written: columns offset .. offset + nVoxels - 1 of data: [*, cols]. */
export interface ColumnBlock {
  data: Float32Array;
  cols: number;
  offset: number;
}

/**
 * Noise-free voxel responses s = z · W, each column then scaled to unit variance over the training
 * rows (z has zero training mean, so s does too). Written into the block `out` of an [nAll, *]
 * matrix. With `backend`, z · W is its dense matmul32 (bytes are then
 * those of that backend); otherwise a JS loop over the sparse weights (perVoxel multiply-adds per
 * response, float64 accumulation). Returns the per-voxel scale applied: [nVoxels].
 */
export function writeSignal(
  z: Matrix32,
  w: SparseTuning,
  nTrain: number,
  out: ColumnBlock,
  backend?: LinalgBackend,
): Float64Array {
  const { data: dest, cols: outCols, offset } = out;
  const n = z.rows;
  const k = z.cols;
  const { nVoxels: v, perVoxel, feature, weight } = w;
  if (w.nFeatures !== k)
    throw new NtError("INTERNAL", `tuning weights span ${w.nFeatures} features but z has ${k}`);
  const s = backend ? backend.matmul32(z, denseWeights(w)).data : new Float32Array(n * v);
  if (!backend) {
    for (let i = 0; i < n; i++) {
      const zi = i * k;
      for (let j = 0; j < v; j++) {
        let acc = 0;
        for (let t = j * perVoxel, end = t + perVoxel; t < end; t++)
          acc += z.data[zi + feature[t]!]! * weight[t]!;
        s[i * v + j] = acc;
      }
    }
  }
  const scale = new Float64Array(v);
  for (let i = 0; i < nTrain; i++) for (let j = 0; j < v; j++) scale[j]! += s[i * v + j]! * s[i * v + j]!;
  for (let j = 0; j < v; j++) {
    const variance = scale[j]! / nTrain;
    if (!(variance > 0))
      throw new NtError(
        "NUMERIC",
        `voxel ${offset + j}: its noise-free response is constant over the training images`,
      );
    scale[j] = 1 / Math.sqrt(variance);
  }
  for (let i = 0; i < n; i++) {
    const row = i * outCols + offset;
    for (let j = 0; j < v; j++) dest[row + j] = s[i * v + j]! * scale[j]!;
  }
  return scale;
}
