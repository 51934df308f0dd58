import type { Matrix32 } from "@neurotranslator/schema";
import { normaliseColumns } from "./normalize.ts";

/**
 * Per-image pseudo-values of the per-feature metrics (featureR, R²): for each test image i a
 * number u_i whose mean over images is exactly the metric, and whose bootstrap (resampling the
 * u_i) gives the delta-method / infinitesimal-jackknife sampling variance of the metric, with the
 * variability of each feature's test-set mean and variance included to first order.
 *
 * Why not recompute the metric on each resample: a feature whose test variance sits in 3-4 images
 * gets an R² near -50 (its SS_tot collapses) or a biased r in the resamples that drop them, so the
 * percentile interval reached to -14 for an R² of 0.59 and did not contain the observed featureR
 * on sparse (ReLU-like) features. Keeping each SS_tot fixed at its full-test-set value removes the
 * collapse but ignores the variance of SS_tot, and covered the population R² in only about half
 * of simulated test sets; these pseudo-values cover it at close to the nominal rate (README).
 *
 * Per feature d (n images, c = value - test mean):
 *   r:  v_i = r + n (p̃_i t̃_i - r (p̃_i² + t̃_i²) / 2),   p̃ = c_p / ||c_p||, t̃ = c_t / ||c_t||
 *       (the influence function of Pearson's r); a constant prediction has r = 0 and v_i = 0.
 *   R²: with A = Σ(p - t)² / n, B = Σ c_t² / n, a_i = (p_i - t_i)², b_i = c_t,i²:
 *       v_i = 1 - a_i / B + (A / B) (b_i / B - 1)   (mean over i: 1 - A / B = R²).
 * u_i is the mean of v_i over the features not excluded (constant in the truth).
 */
export function featurePseudoValues(
  pred: Matrix32,
  truth: Matrix32,
  excluded: Uint8Array,
): { r: Float64Array; r2: Float64Array } {
  const n = pred.rows;
  const D = pred.cols;
  const zp = normaliseColumns(pred).data;
  const zt = normaliseColumns(truth);
  const cols = Int32Array.from({ length: D }, (_, d) => d).filter((d) => !excluded[d]);
  const r = new Float64Array(D);
  for (let i = 0; i < n; i++) for (const d of cols) r[d]! += zp[i * D + d]! * zt.data[i * D + d]!;
  // R²: per feature A / B and 1 / B, with B = SS_tot / n and A = SS_res / n.
  const tMean = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) tMean[d]! += truth.data[i * D + d]! / n;
  const ssTot = new Float64Array(D);
  const ssRes = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (const d of cols) {
      const t = truth.data[i * D + d]!;
      ssTot[d]! += (t - tMean[d]!) ** 2;
      ssRes[d]! += (pred.data[i * D + d]! - t) ** 2;
    }
  }
  const ratio = Float64Array.from(ssRes, (s, d) => s / ssTot[d]!);
  const invB = Float64Array.from(ssTot, (s) => n / s);
  const r2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const d of cols) {
      const t = truth.data[i * D + d]!;
      const a = (pred.data[i * D + d]! - t) ** 2;
      const b = (t - tMean[d]!) ** 2;
      s += 1 - a * invB[d]! + ratio[d]! * (b * invB[d]! - 1);
    }
    r2[i] = cols.length > 0 ? s / cols.length : Number.NaN;
  }
  return { r: correlationPseudoValues(zp, zt.data, n, D, cols, r), r2 };
}

/**
 * Per-image pseudo-values of a mean Pearson r over columns, from columns already centred and
 * scaled to unit norm (zero columns for constant predictions): u_i = mean over `cols` of
 * r_c + n (p̃_ic ỹ_ic - r_c (p̃_ic² + ỹ_ic²) / 2). p, y: row-major [n, v]; r: [v]; -> [n].
 */
export function correlationPseudoValues(
  p: Float64Array,
  y: Float64Array,
  n: number,
  v: number,
  cols: Int32Array,
  r: Float64Array,
): Float64Array {
  const out = new Float64Array(n);
  if (cols.length === 0) return out.fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < cols.length; k++) {
      const j = cols[k]!;
      const pz = p[i * v + j]!;
      const yz = y[i * v + j]!;
      s += r[j]! + n * (pz * yz - (r[j]! * (pz * pz + yz * yz)) / 2);
    }
    out[i] = s / cols.length;
  }
  return out;
}
