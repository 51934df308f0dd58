import type { Matrix32, Matrix64 } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../linalg/backend.ts";

/** Bootstrap resamples as lists: resample b drew images rows[offsets[b] .. offsets[b+1]) counts[...] times each. */
export interface ResampleLists {
  offsets: Int32Array;
  rows: Int32Array;
  counts: Float64Array;
}

/** Features per block: the block's accumulators stay in L1 and its columns in L2 (JS path). */
const JS_BLOCK = 64;
/** Features per GEMM: the [B, 5 * block] float64 product stays ~10 MB for B = 1000. */
const GEMM_BLOCK = 256;

/**
 * Mean feature r and R² over non-excluded features for every bootstrap resample: per feature the
 * five weighted sums Σw·p, Σw·t, Σw·p², Σw·t², Σw·p·t over the drawn images give
 * r = cov / sqrt(varP varT) and R² = 1 - SS_res / SS_tot. Features constant within a resample are
 * left out of that resample's means (NaN when none is left).
 * pred, truth: [n, D] -> r, r2: [B]
 */
export function featureBootstrapMeans(
  pred: Matrix32,
  truth: Matrix32,
  excluded: Uint8Array,
  resamples: ResampleLists,
  backend?: LinalgBackend,
  onBlock?: (done: number, total: number) => void,
): { r: Float64Array; r2: Float64Array } {
  const B = resamples.offsets.length - 1;
  const acc = new Accumulator(B, pred.rows);
  const { p, t } = shiftByTruthMean(pred, truth);
  const D = pred.cols;
  const block = backend ? GEMM_BLOCK : JS_BLOCK;
  const nBlocks = Math.ceil(D / block);
  const w = backend ? countMatrix(resamples, pred.rows) : undefined;
  for (let k = 0; k < nBlocks; k++) {
    const d0 = k * block;
    const width = Math.min(block, D - d0);
    if (backend && w) sumsByGemm(p, t, D, d0, width, excluded, w, backend, acc);
    else sumsByLoop(p, t, D, d0, width, excluded, resamples, acc);
    onBlock?.(k + 1, nBlocks);
  }
  return acc.means();
}

/** Collects per-resample sums of feature r and R² from the five weighted sums of each feature. */
class Accumulator {
  readonly rSum: Float64Array;
  readonly r2Sum: Float64Array;
  readonly used: Float64Array;
  constructor(
    B: number,
    private readonly n: number,
  ) {
    this.rSum = new Float64Array(B);
    this.r2Sum = new Float64Array(B);
    this.used = new Float64Array(B);
  }

  add(
    b: number,
    sp: number,
    st: number,
    spp: number,
    stt: number,
    spt: number,
  ): void {
    const n = this.n;
    const varT = stt - (st * st) / n;
    if (varT <= 1e-12 * stt) return; // the feature is constant within resample b
    const varP = spp - (sp * sp) / n;
    this.rSum[b]! +=
      varP <= 1e-12 * spp ? 0 : (spt - (sp * st) / n) / Math.sqrt(varP * varT);
    this.r2Sum[b]! += 1 - (spp + stt - 2 * spt) / varT;
    this.used[b]!++;
  }

  means(): { r: Float64Array; r2: Float64Array } {
    const mean = (sums: Float64Array) =>
      Float64Array.from(sums, (s, b) =>
        this.used[b] === 0 ? Number.NaN : s / this.used[b]!,
      );
    return { r: mean(this.rSum), r2: mean(this.r2Sum) };
  }
}

/**
 * Pure JS, features d0 .. d0 + width: all resamples over this block, visiting only drawn images.
 * About 1.5e9 multiply-adds in all for n = 120, D = 4096, B = 1000.
 */
function sumsByLoop(
  p: Float64Array,
  t: Float64Array,
  D: number,
  d0: number,
  width: number,
  excluded: Uint8Array,
  { offsets, rows, counts }: ResampleLists,
  out: Accumulator,
): void {
  const F = JS_BLOCK;
  const acc = new Float64Array(5 * F); // [Σp | Σt | Σp² | Σt² | Σpt] per feature of the block
  for (let b = 0; b < offsets.length - 1; b++) {
    acc.fill(0);
    const end = offsets[b + 1]!;
    for (let k = offsets[b]!; k < end; k++) {
      const w = counts[k]!;
      const base = rows[k]! * D + d0;
      for (let j = 0; j < width; j++) {
        const pv = p[base + j]!;
        const tv = t[base + j]!;
        const wp = w * pv;
        const wt = w * tv;
        acc[j]! += wp;
        acc[F + j]! += wt;
        acc[2 * F + j]! += wp * pv;
        acc[3 * F + j]! += wt * tv;
        acc[4 * F + j]! += wp * tv;
      }
    }
    for (let j = 0; j < width; j++) {
      if (!excluded[d0 + j])
        out.add(
          b,
          acc[j]!,
          acc[F + j]!,
          acc[2 * F + j]!,
          acc[3 * F + j]!,
          acc[4 * F + j]!,
        );
    }
  }
}

/** Draw counts as a dense matrix W: [B, n], W[b, i] = times image i was drawn in resample b. */
function countMatrix(
  { offsets, rows, counts }: ResampleLists,
  n: number,
): Matrix64 {
  const B = offsets.length - 1;
  const w: Matrix64 = { rows: B, cols: n, data: new Float64Array(B * n) };
  for (let b = 0; b < B; b++)
    for (let k = offsets[b]!; k < offsets[b + 1]!; k++)
      w.data[b * n + rows[k]!] = counts[k]!;
  return w;
}

/** Backend, features d0 .. d0 + width: W [B, n] times [p | t | p² | t² | p·t] [n, 5 · width] in float64. */
function sumsByGemm(
  p: Float64Array,
  t: Float64Array,
  D: number,
  d0: number,
  width: number,
  excluded: Uint8Array,
  w: Matrix64,
  backend: LinalgBackend,
  out: Accumulator,
): void {
  const n = w.cols;
  const cols = 5 * width;
  const x: Matrix64 = { rows: n, cols, data: new Float64Array(n * cols) };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) {
      const pv = p[i * D + d0 + j]!;
      const tv = t[i * D + d0 + j]!;
      const row = i * cols;
      x.data[row + j] = pv;
      x.data[row + width + j] = tv;
      x.data[row + 2 * width + j] = pv * pv;
      x.data[row + 3 * width + j] = tv * tv;
      x.data[row + 4 * width + j] = pv * tv;
    }
  }
  const s = backend.matmul64(w, x).data;
  for (let b = 0; b < w.rows; b++) {
    const row = b * cols;
    for (let j = 0; j < width; j++) {
      if (excluded[d0 + j]) continue;
      out.add(
        b,
        s[row + j]!,
        s[row + width + j]!,
        s[row + 2 * width + j]!,
        s[row + 3 * width + j]!,
        s[row + 4 * width + j]!,
      );
    }
  }
}

/** Both matrices minus the truth column means, in float64 (changes neither r nor SS_res; less cancellation). [n, D] each. */
function shiftByTruthMean(
  pred: Matrix32,
  truth: Matrix32,
): { p: Float64Array; t: Float64Array } {
  const n = pred.rows;
  const D = pred.cols;
  const mu = new Float64Array(D);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < D; d++) mu[d]! += truth.data[i * D + d]!;
  for (let d = 0; d < D; d++) mu[d]! /= n;
  const p = new Float64Array(n * D);
  const t = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < D; d++) {
      p[i * D + d] = pred.data[i * D + d]! - mu[d]!;
      t[i * D + d] = truth.data[i * D + d]! - mu[d]!;
    }
  }
  return { p, t };
}
