import type { Matrix32, MetricSummary } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { median, percentileCi95, permutationPValue, summariseNull } from "../metrics/stats.ts";
import { Prng } from "../random/prng.ts";

/** Options of areaMeanVoxelR: resample counts and their seed. */
export interface AreaVoxelROptions {
  nPermutations: number;
  nBootstrap: number;
  seed: number;
  /** Voxel columns per bootstrap block (bounds memory to nBootstrap x 5 x blockSize doubles; default 1024). */
  blockSize?: number;
}

/** One group's score: mean test r over its voxels, with null, p and CI as a MetricSummary. */
export interface AreaVoxelR {
  summary: MetricSummary;
  /** Voxels whose measured test responses vary (the others have no r and are left out of the mean). */
  nValid: number;
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
 * CI: percentile bootstrap over TEST IMAGES (images resampled with replacement, r recomputed per
 * voxel, then averaged), computed as one GEMM of the resample counts [B, nTest] with the per-image
 * terms [nTest, 5 · block] (p, y, p², y², p·y) per block of voxels.
 * Voxels whose prediction is constant score r = 0; constant measured voxels are excluded.
 */
export function areaMeanVoxelR(pred: Matrix32, truth: Matrix32, groups: readonly Int32Array[], options: AreaVoxelROptions, backend: LinalgBackend): { voxelR: Float64Array; areas: AreaVoxelR[] } {
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
  const perms = permutations(n, options.nPermutations, options.seed);
  const counts = bootstrapCounts(n, options.nBootstrap, options.seed + 1);
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
    const replicates = counts && valid.length > 0 ? bootstrapMeans(p.data, y.data, n, v, valid, counts, options.blockSize ?? 1024, backend) : null;
    const summary: MetricSummary = {
      value,
      median: rs.length > 0 ? median(rs) : NaN,
      ci95: replicates ? percentileCi95(replicates) : null,
      null: nullValues ? summariseNull(nullValues) : null,
      p: nullValues ? permutationPValue(value, nullValues) : null,
    };
    return { summary, nValid: valid.length };
  });
  return { voxelR, areas };
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
function bootstrapCounts(n: number, b: number, seed: number) {
  if (b === 0) return null;
  const rng = new Prng(seed);
  const data = new Float64Array(b * n);
  for (let r = 0; r < b; r++) for (let k = 0; k < n; k++) data[r * n + rng.intBelow(n)]! += 1;
  return { rows: b, cols: n, data };
}

/** Per bootstrap replicate, the mean over `cols` of the resampled Pearson r (replicates where a voxel is degenerate skip it). */
function bootstrapMeans(p: Float64Array, y: Float64Array, n: number, v: number, cols: Int32Array, counts: { rows: number; cols: number; data: Float64Array }, block: number, backend: LinalgBackend): Float64Array {
  const b = counts.rows;
  const sum = new Float64Array(b);
  const used = new Float64Array(b);
  for (let c0 = 0; c0 < cols.length; c0 += block) {
    const k = Math.min(block, cols.length - c0);
    // terms: [n, 5k], per voxel c the columns p, y, p², y², p·y at 5c .. 5c + 4.
    const terms = new Float64Array(n * 5 * k);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const j = cols[c0 + c]!;
        const pv = p[i * v + j]!;
        const yv = y[i * v + j]!;
        const o = i * 5 * k + 5 * c;
        terms[o] = pv;
        terms[o + 1] = yv;
        terms[o + 2] = pv * pv;
        terms[o + 3] = yv * yv;
        terms[o + 4] = pv * yv;
      }
    }
    const s = backend.matmul64(counts, { rows: n, cols: 5 * k, data: terms }).data;
    for (let r = 0; r < b; r++) {
      for (let c = 0; c < k; c++) {
        const o = r * 5 * k + 5 * c;
        const sp = s[o]!, sy = s[o + 1]!;
        const vp = s[o + 2]! - (sp * sp) / n;
        const vy = s[o + 3]! - (sy * sy) / n;
        const cov = s[o + 4]! - (sp * sy) / n;
        if (!(vy > 1e-12)) continue;
        sum[r]! += vp > 1e-12 ? cov / Math.sqrt(vp * vy) : 0;
        used[r]! += 1;
      }
    }
  }
  return Float64Array.from(sum, (s, r) => s / Math.max(1, used[r]!));
}
