import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { crossDot, normaliseRows } from "./normalize.ts";

/**
 * Similarities between every predicted and every true vector, computed once: the per-image
 * scores are their diagonals, identification reads whole rows, and the permutation null only
 * re-indexes them.
 */
export interface ImagePairMatrices {
  n: number;
  /** corr[i * n + j] = Pearson r(pred_i, true_j) across the D features. [n, n] */
  corr: Float64Array;
  /** cos[i * n + j] = cosine(pred_i, true_j). [n, n] */
  cos: Float64Array;
  /** Rows with zero variance (their r is 0 by convention) and zero norm (their cosine is 0). */
  constantPred: Uint8Array;
  constantTrue: Uint8Array;
}

/** pred, truth: [n, D] -> the [n, n] correlation and cosine matrices between their rows (GEMMs on `backend` when given). */
export function imagePairMatrices(
  pred: Matrix32,
  truth: Matrix32,
  backend?: LinalgBackend,
): ImagePairMatrices {
  const n = pred.rows;
  const D = pred.cols;
  const pc = normaliseRows(pred, true);
  const tc = normaliseRows(truth, true);
  const pu = normaliseRows(pred, false);
  const tu = normaliseRows(truth, false);
  return {
    n,
    corr: crossDot(pc.data, n, tc.data, n, D, backend),
    cos: crossDot(pu.data, n, tu.data, n, D, backend),
    constantPred: pc.degenerate,
    constantTrue: tc.degenerate,
  };
}

/** Entries m[i, pairing[i]] of an [n, n] matrix (identity pairing: the diagonal). -> [n] */
export function pairedEntries(m: Float64Array, n: number, pairing?: Int32Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = m[i * n + (pairing ? pairing[i]! : i)]!;
  return out;
}

/** Mean of m[i, pairing[i]] over i, without allocating (the permutation loop's inner step). */
export function pairedMean(m: Float64Array, n: number, pairing: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += m[i * n + pairing[i]!]!;
  return s / n;
}
