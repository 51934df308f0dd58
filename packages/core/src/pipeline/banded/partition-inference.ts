import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../../linalg/backend.ts";
import { biasCorrectedCi95, median, permutationPValue, summariseNull } from "../../metrics/stats.ts";
import { Prng } from "../../random/prng.ts";
import type { ResampleDraws } from "../area-voxel-r.ts";

/**
 * Test-set R² of several models' predictions of the same voxels, with everything the variance
 * partition needs to put CIs and permutation p-values on sums and differences of area-mean R²:
 * per model and area the observed area mean, its bootstrap replicates and its permutation-null
 * samples, all drawn with the SAME resamples and permutations, so a difference of two models'
 * replicates (or null samples) is the replicate (null sample) of the difference.
 *
 * R²_v = 1 − Σ_i (y_iv − ŷ_iv)² / Σ_i (y_iv − ȳ_v)² over the m test images (ȳ the test mean).
 * Bootstrap: each resample recomputes both sums from resampled images (counts C [B, m]: C·E², C·Y,
 * C·Y² are three products), so R² is recomputed, never linearised; the resample's SST is scaled by
 * m / (m − 1), its expected shrinkage, else every replicate is biased low and a CI can miss its value.
 * Null: prediction of image π(i) paired with truth i. Only the cross term of the SSE moves, so the
 * area mean is const + (2 / n_v) Σ_i M[π(i), i] with M = Ŷ_g diag(1 / SST) Y_gᵀ ([m, m], one product
 * per model and area): each permutation costs O(m).
 */
export interface ModelScores {
  /** Per voxel test R² [V] (NaN for a voxel constant over the test images). */
  voxelR2: Float64Array;
  /**
   * Per area: observed mean R² over its valid voxels, replicates [B] and null samples [P] (null when
   * none were asked for), and per test image the area's loss share [m]: mean over its valid voxels of
   * (y_iv − ŷ_iv)² / SST_v, so R² = 1 − Σ_i loss_i (what a difference of two models is built from).
   */
  areas: { value: number; replicates: Float64Array | null; nulls: Float64Array | null; loss: Float64Array }[];
}

export interface TestTruth {
  y: Matrix32;
  sst: Float64Array;
  valid: Uint8Array;
  /** Bootstrap sums C·Y and C·Y² ([B, V]) or null. */
  s1: Float64Array | null;
  s2: Float64Array | null;
}

/** Test responses [m, V] with their per-voxel sums of squares and bootstrap sums. */
export function testTruth(y: Matrix32, draws: ResampleDraws, backend: LinalgBackend): TestTruth {
  const { rows: m, cols: v } = y;
  const sst = new Float64Array(v);
  const valid = new Uint8Array(v);
  for (let j = 0; j < v; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += y.data[i * v + j]! / m;
    let ss = 0;
    for (let i = 0; i < m; i++) ss += (y.data[i * v + j]! - mean) ** 2;
    sst[j] = ss;
    // float32 round-off of a constant voxel is not variance
    valid[j] = ss > 1e-12 * m * Math.max(1, mean * mean) ? 1 : 0;
  }
  if (!draws.counts) return { y, sst, valid, s1: null, s2: null };
  const y64 = Float64Array.from(y.data);
  const s1 = backend.matmul64(draws.counts, { rows: m, cols: v, data: y64 }).data;
  const s2 = backend.matmul64(draws.counts, { rows: m, cols: v, data: y64.map((x) => x * x) }).data;
  return { y, sst, valid, s1, s2 };
}

/** Scores one model's predictions pred: [m, V]; groups: per area its columns into V. */
export function scoreModel(
  pred: Matrix32,
  truth: TestTruth,
  groups: readonly Int32Array[],
  draws: ResampleDraws,
  backend: LinalgBackend,
): ModelScores {
  const { rows: m, cols: v } = truth.y;
  const y = truth.y.data;
  const e2 = new Float64Array(m * v);
  const sse = new Float64Array(v);
  const sumP2 = new Float64Array(v);
  const sumY2 = new Float64Array(v);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < v; j++) {
      const d = y[i * v + j]! - pred.data[i * v + j]!;
      e2[i * v + j] = d * d;
      sse[j]! += d * d;
      sumP2[j]! += pred.data[i * v + j]! ** 2;
      sumY2[j]! += y[i * v + j]! ** 2;
    }
  }
  const voxelR2 = Float64Array.from(sse, (s, j) => (truth.valid[j] ? 1 - s / truth.sst[j]! : NaN));
  const bootSse = draws.counts ? backend.matmul64(draws.counts, { rows: m, cols: v, data: e2 }).data : null;
  const areas = groups.map((cols) => {
    const valid = Int32Array.from(Array.from(cols).filter((j) => truth.valid[j]));
    const nv = valid.length;
    let value = 0;
    for (const j of valid) value += voxelR2[j]! / nv;
    const loss = new Float64Array(m);
    for (let i = 0; i < m; i++) for (const j of valid) loss[i]! += e2[i * v + j]! / truth.sst[j]! / nv;
    if (nv === 0) return { value: NaN, replicates: null, nulls: null, loss };
    return {
      value,
      loss,
      replicates: bootSse ? areaReplicates(bootSse, truth, valid, m) : null,
      nulls:
        draws.permutations.length > 0
          ? areaNulls({ pred, sumP2, sumY2 }, truth, valid, draws, backend)
          : null,
    };
  });
  return { voxelR2, areas };
}

function areaReplicates(bootSse: Float64Array, truth: TestTruth, valid: Int32Array, m: number): Float64Array {
  const v = truth.y.cols;
  const nb = bootSse.length / v;
  return Float64Array.from({ length: nb }, (_, b) => {
    let sum = 0;
    let count = 0;
    for (const j of valid) {
      // A resample's plug-in SST averages (m - 1) / m of the full one (repeated images): rescaled, so
      // the replicates centre on the estimate instead of sitting about (1 - R²) / m below it.
      const sst = ((truth.s2![b * v + j]! - truth.s1![b * v + j]! ** 2 / m) * m) / (m - 1);
      // a resample that drew one image only leaves no variance for this voxel
      if (!(sst > 1e-12 * truth.sst[j]!)) continue;
      sum += 1 - bootSse[b * v + j]! / sst;
      count++;
    }
    return count > 0 ? sum / count : NaN;
  });
}

/** One model's predictions [m, V] with their per-voxel sums of squares and the truth's: [V] each. */
interface PredictionSums {
  pred: Matrix32;
  sumP2: Float64Array;
  sumY2: Float64Array;
}

function areaNulls(
  sums: PredictionSums,
  truth: TestTruth,
  valid: Int32Array,
  draws: ResampleDraws,
  backend: LinalgBackend,
): Float64Array {
  const { pred, sumP2, sumY2 } = sums;
  const { rows: m, cols: v } = truth.y;
  const nv = valid.length;
  const p = new Float64Array(m * nv);
  const y = new Float64Array(m * nv);
  let constant = 1;
  valid.forEach((j, c) => {
    constant -= (sumY2[j]! + sumP2[j]!) / truth.sst[j]! / nv;
    for (let i = 0; i < m; i++) {
      p[i * nv + c] = pred.data[i * v + j]! / truth.sst[j]!;
      y[i * nv + c] = truth.y.data[i * v + j]!;
    }
  });
  const cross = backend.matmul64(
    { rows: m, cols: nv, data: p },
    { rows: m, cols: nv, data: y },
    false,
    true,
  ).data;
  return Float64Array.from(draws.permutations, (perm) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += cross[perm[i]! * m + i]!;
    return constant + (2 * s) / nv;
  });
}

/** A statistic assembled from model scores: its value, replicates and null samples (combined linearly). */
export interface Combined {
  value: number;
  replicates: Float64Array | null;
  nulls: Float64Array | null;
}

/** Σ_k w_k · part_k, replicate by replicate and null sample by null sample (null where any part has none). */
export function combine(parts: readonly { weight: number; of: Combined }[]): Combined {
  const value = parts.reduce((s, p) => s + p.weight * p.of.value, 0);
  const lin = (key: "replicates" | "nulls") => {
    if (parts.some((p) => p.of[key] === null)) return null;
    const out = new Float64Array(parts[0]!.of[key]!.length);
    for (const p of parts) for (let b = 0; b < out.length; b++) out[b]! += p.weight * p.of[key]![b]!;
    return out;
  };
  return { value, replicates: lin("replicates"), nulls: lin("nulls") };
}

/** MetricSummary-shaped: value, median of the voxels, bias-corrected percentile CI, null and p (pAdjusted added by the caller). */
export function summarise(c: Combined, voxelValues: Float64Array | null, withP: boolean) {
  const finite = c.replicates ? c.replicates.filter((x) => Number.isFinite(x)) : null;
  const vox = voxelValues ? voxelValues.filter((x) => Number.isFinite(x)) : null;
  return {
    value: c.value,
    ...(vox && vox.length > 0 ? { median: median(vox) } : {}),
    ci95: finite && finite.length > 0 && Number.isFinite(c.value) ? biasCorrectedCi95(finite, c.value) : null,
    null: withP && c.nulls ? summariseNull(c.nulls) : null,
    p: withP && c.nulls && Number.isFinite(c.value) ? permutationPValue(c.value, c.nulls) : null,
  };
}

/**
 * Random sign vectors for the paired model-swap test: `count` rows of m signs (seeded). Swapping the
 * two models' predictions of test image i flips the sign of image i's term of their R² difference.
 */
export function signFlips(m: number, count: number, seed: number): Int8Array[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () =>
    Int8Array.from({ length: m }, () => (rng.intBelow(2) === 0 ? -1 : 1)),
  );
}

/**
 * Null samples of R²(a) − R²(b) = Σ_i (loss_b,i − loss_a,i) under "the two models predict equally
 * well" (each image's pair of predictions exchangeable): Σ_i s_i (loss_b,i − loss_a,i) per sign row.
 */
export function swapNulls(
  lossA: Float64Array,
  lossB: Float64Array,
  flips: readonly Int8Array[],
): Float64Array {
  return Float64Array.from(flips, (s) => {
    let x = 0;
    for (let i = 0; i < lossA.length; i++) x += s[i]! * (lossB[i]! - lossA[i]!);
    return x;
  });
}
