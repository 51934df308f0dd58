import type { Matrix32, Matrix64, MetricSummary } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { correlationPseudoValues } from "../metrics/linearised.ts";
import { median, percentileCi95, permutationPValue, summariseNull } from "../metrics/stats.ts";
import { Prng } from "../random/prng.ts";

/** Options of areaMeanVoxelR: resample counts and their seed, or the draws themselves. */
export interface AreaVoxelROptions {
  nPermutations: number;
  nBootstrap: number;
  seed: number;
  /** Draws shared with other calls (a map applies the same ones to every cell); made from `seed` when absent. */
  draws?: ResampleDraws;
}

/** Permutations of the test images and bootstrap resample counts, drawn once and applied to many statistics. */
export interface ResampleDraws {
  /** Each a permutation π of 0..n-1: prediction π(i) is paired with true image i. */
  permutations: Int32Array[];
  /** Resample counts [B, n] (row b: how often each test image was drawn), or null for no bootstrap. */
  counts: Matrix64 | null;
}

/** One group's score: mean test r over its voxels, with null, p and CI as a MetricSummary. */
export interface AreaVoxelR {
  summary: MetricSummary;
  /** Voxels whose measured test responses vary (the others have no r and are left out of the mean). */
  nValid: number;
  /** The permutation-null samples [nPermutations] and bootstrap replicates [nBootstrap] behind p and ci95. */
  nulls: Float64Array | null;
  replicates: Float64Array | null;
}

/**
 * Scores predicted voxel responses per group of voxels (a visual area): the mean over the group's
 * voxels of the test Pearson r between predicted and measured responses.
 * pred, truth: [nTest, V]; groups: per group the column indices into V.
 *
 * Null: shuffled image pairing (the same permutations for every group). Because each column is
 * centred and scaled to unit norm first, r_v(π) = Σ_i P̃[π(i), v] Ỹ[i, v], so the group mean is
 * Σ_i M[π(i), i] / n_valid with M = P̃_g Ỹ_gᵀ ([nTest, nTest], one GEMM per group): every
 * permutation then costs O(nTest), not O(nTest · V).
 * CI: percentile bootstrap over TEST IMAGES of the group's per-image influence-function
 * pseudo-values of mean r (correlationPseudoValues, as the decoding metrics): resampling them
 * includes each voxel's test mean and variance to first order and never recomputes r on a resample.
 * With shared draws, two groups' or layers' replicates differ by a paired bootstrap.
 * Voxels whose prediction is constant score r = 0; constant measured voxels are excluded.
 */
export function areaMeanVoxelR(
  pred: Matrix32,
  truth: Matrix32,
  groups: readonly Int32Array[],
  options: AreaVoxelROptions,
  backend: LinalgBackend,
): { voxelR: Float64Array; areas: AreaVoxelR[] } {
  const n = truth.rows;
  const v = truth.cols;
  const p = unitColumns(pred);
  const y = unitColumns(truth);
  const voxelR = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    if (!y.valid[j]) {
      voxelR[j] = NaN;
      continue;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += p.data[i * v + j]! * y.data[i * v + j]!;
    voxelR[j] = s;
  }
  const { permutations: perms, counts } =
    options.draws ?? drawResamples(n, options.nPermutations, options.nBootstrap, options.seed);
  const areas = groups.map((cols): AreaVoxelR => {
    const valid = Int32Array.from(Array.from(cols).filter((j) => y.valid[j]));
    const rs = Float64Array.from(valid, (j) => voxelR[j]!);
    const value = rs.length > 0 ? rs.reduce((s, x) => s + x, 0) / rs.length : NaN;
    let nullValues: Float64Array | null = null;
    if (perms.length > 0 && valid.length > 0) {
      const m = backend.matmul64(gather(p.data, n, v, valid), gather(y.data, n, v, valid), false, true).data;
      nullValues = Float64Array.from(perms, (perm) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += m[perm[i]! * n + i]!;
        return s / valid.length;
      });
    }
    const replicates =
      counts && valid.length > 0
        ? resampledMeans(counts, correlationPseudoValues(p.data, y.data, n, v, valid, voxelR))
        : null;
    const summary: MetricSummary = {
      value,
      median: rs.length > 0 ? median(rs) : NaN,
      ci95: replicates ? percentileCi95(replicates) : null,
      null: nullValues ? summariseNull(nullValues) : null,
      p: nullValues ? permutationPValue(value, nullValues) : null,
    };
    return { summary, nValid: valid.length, nulls: nullValues, replicates };
  });
  return { voxelR, areas };
}

/** `nPermutations` permutations and an [nBootstrap, n] count matrix, from independent seeded streams (seed, seed + 1). */
export function drawResamples(
  n: number,
  nPermutations: number,
  nBootstrap: number,
  seed: number,
): ResampleDraws {
  return {
    permutations: permutations(n, nPermutations, seed),
    counts: bootstrapCounts(n, nBootstrap, seed + 1),
  };
}

/** Per resample b: Σ_i counts[b, i] u_i / n. counts: [B, n], u: [n] -> [B]. */
export function resampledMeans(counts: Matrix64, u: Float64Array): Float64Array {
  const n = counts.cols;
  return Float64Array.from({ length: counts.rows }, (_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += counts.data[b * n + i]! * u[i]!;
    return s / n;
  });
}

/** Columns centred and scaled to unit Euclidean norm ([n, V] float64); `valid` false for a constant column (left at 0). */
function unitColumns(m: Matrix32): { data: Float64Array; valid: Uint8Array } {
  const { rows: n, cols: v } = m;
  const data = new Float64Array(n * v);
  const valid = new Uint8Array(v);
  for (let j = 0; j < v; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += m.data[i * v + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (m.data[i * v + j]! - mean) ** 2;
    // A relative threshold: float32 round-off of a constant column is not signal.
    if (!(ss > 1e-12 * n * Math.max(1, mean * mean))) continue;
    valid[j] = 1;
    const scale = 1 / Math.sqrt(ss);
    for (let i = 0; i < n; i++) data[i * v + j] = (m.data[i * v + j]! - mean) * scale;
  }
  return { data, valid };
}

/** Columns `cols` of a row-major [n, v] float64 array as a Matrix64 [n, cols.length]. */
function gather(data: Float64Array, n: number, v: number, cols: Int32Array) {
  const k = cols.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = data[i * v + cols[c]!]!;
  return { rows: n, cols: k, data: out };
}

/** `count` seeded Fisher-Yates permutations of 0..n-1. */
function permutations(n: number, count: number, seed: number): Int32Array[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => {
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.intBelow(i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    return perm;
  });
}

/** Resample counts [B, n]: row b counts how often each test image was drawn (n draws with replacement); null for B = 0. */
function bootstrapCounts(n: number, b: number, seed: number): Matrix64 | null {
  if (b === 0) return null;
  const rng = new Prng(seed);
  const data = new Float64Array(b * n);
  for (let r = 0; r < b; r++) for (let k = 0; k < n; k++) data[r * n + rng.intBelow(n)]! += 1;
  return { rows: b, cols: n, data };
}
