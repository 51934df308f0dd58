import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { crossDot, normaliseColumns } from "./normalize.ts";

/**
 * Per-feature scores across the n test images, and the [n, n] matrices that give their means
 * under any re-pairing of images in O(n).
 *
 * featureR: r_d = Pearson r over images of pred[:, d] and truth[:, d].
 * r2: R²_d = 1 - SS_res,d / SS_tot,d with SS_res,d = Σ_i (pred[i,d] - truth[i,d])² and
 *   SS_tot,d = Σ_i (truth[i,d] - mean_i truth[:,d])², i.e. scikit-learn's r2_score per output
 *   with the test-set mean. It is negative when the prediction is worse than predicting that mean.
 * Features constant over the true test vectors (SS_tot = 0) have no defined r or R²: they are NaN
 * here and left out of every mean (scikit-learn would instead score them 1 or 0).
 * A feature constant over the predictions only gets r = 0 and its ordinary R².
 */
export interface FeatureScores {
  /** [D] Pearson r per feature (NaN where excluded). */
  r: Float64Array;
  /** [D] R² per feature (NaN where excluded). */
  r2: Float64Array;
  /** [D] 1 where the true feature is constant over the test images. */
  excluded: Uint8Array;
  nValid: number;
  constantPredicted: number;
  /** G[i, j] = Σ_d zp[i,d] zt[j,d], z the centred unit-norm columns (excluded columns zero). [n, n] */
  corrGram: Float64Array;
  /** H[i, j] = Σ_d p'[i,d] t'[j,d] / SS_tot,d over valid d, x' = x - mean_i truth[:,d]. [n, n] */
  r2Gram: Float64Array;
  /** Σ_valid d (Σ_i p'[i,d]² + SS_tot,d) / SS_tot,d: the part of Σ_d SS_res,d / SS_tot,d no pairing changes. */
  r2Constant: number;
}

/** pred, truth: [n, D]. See FeatureScores for the definitions. GEMMs on `backend` when given. */
export function featureScores(pred: Matrix32, truth: Matrix32, backend?: LinalgBackend): FeatureScores {
  const n = pred.rows;
  const D = pred.cols;
  const zp = normaliseColumns(pred);
  const zt = normaliseColumns(truth);
  const excluded = zt.degenerate;

  // Truth column means, then both matrices shifted by them (SS_res is unchanged by a common shift).
  const tMean = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) tMean[d]! += truth.data[i * D + d]!;
  for (let d = 0; d < D; d++) tMean[d]! /= n;
  const ps = new Float64Array(n * D);
  const ts = new Float64Array(n * D);
  const ssTot = new Float64Array(D);
  const ssRes = new Float64Array(D);
  const ssPred = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    const off = i * D;
    for (let d = 0; d < D; d++) {
      const p = pred.data[off + d]! - tMean[d]!;
      const t = truth.data[off + d]! - tMean[d]!;
      ps[off + d] = p;
      ts[off + d] = t;
      ssTot[d]! += t * t;
      ssRes[d]! += (p - t) * (p - t);
      ssPred[d]! += p * p;
    }
  }

  const r = new Float64Array(D);
  const r2 = new Float64Array(D);
  const invTot = new Float64Array(D);
  let nValid = 0;
  let constantPredicted = 0;
  let r2Constant = 0;
  for (let d = 0; d < D; d++) {
    if (excluded[d]) {
      r[d] = Number.NaN;
      r2[d] = Number.NaN;
      continue;
    }
    nValid++;
    if (zp.degenerate[d]) constantPredicted++;
    let s = 0;
    for (let i = 0; i < n; i++) s += zp.data[i * D + d]! * zt.data[i * D + d]!;
    r[d] = s;
    r2[d] = 1 - ssRes[d]! / ssTot[d]!;
    invTot[d] = 1 / ssTot[d]!;
    r2Constant += (ssPred[d]! + ssTot[d]!) * invTot[d]!;
  }

  // Zero excluded columns so they drop out of the Gram matrices; scale t' by 1 / SS_tot for H.
  for (let i = 0; i < n; i++) {
    const off = i * D;
    for (let d = 0; d < D; d++) {
      if (excluded[d]) zp.data[off + d] = 0;
      ts[off + d]! *= invTot[d]!;
    }
  }
  return {
    r,
    r2,
    excluded,
    nValid,
    constantPredicted,
    corrGram: crossDot(zp.data, n, zt.data, n, D, backend),
    r2Gram: crossDot(ps, n, ts, n, D, backend),
    r2Constant,
  };
}

/** Mean featureR when prediction i is paired with truth pairing[i]: (1 / nValid) Σ_i G[i, pairing[i]]. */
export function featureRMeanUnderPairing(f: FeatureScores, n: number, pairing: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f.corrGram[i * n + pairing[i]!]!;
  return s / f.nValid;
}

/** Mean R² under a pairing: 1 - (r2Constant - 2 Σ_i H[i, pairing[i]]) / nValid. */
export function r2MeanUnderPairing(f: FeatureScores, n: number, pairing: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f.r2Gram[i * n + pairing[i]!]!;
  return 1 - (f.r2Constant - 2 * s) / f.nValid;
}
