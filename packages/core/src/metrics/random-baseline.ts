import type { Matrix32, RandomVectorBaseline } from "@neurotranslator/schema";
import type { Prng } from "../random/prng.ts";
import { pearson } from "./correlation.ts";
import { mean, sampleSd } from "./stats.ts";

/**
 * The 2020 study's baseline: random vectors in place of the predictions, i.i.d. Gaussian entries
 * with the mean and sd of all prediction entries, scored against the true vectors by mean
 * per-image Pearson r and cosine. (It reported mean cosine -0.002 and r 0.009 for its model,
 * i.e. at this baseline.) Both scores are near 0 for r; cosine is near 0 only when the true
 * vectors' mean is small next to their spread. pred, truth: [n, D].
 */
export function randomVectorBaseline(pred: Matrix32, truth: Matrix32, rng: Prng): RandomVectorBaseline {
  const mu = mean(pred.data);
  const sd = sampleSd(pred.data);
  const D = pred.cols;
  const v = new Float64Array(D);
  let rSum = 0;
  let cosSum = 0;
  for (let i = 0; i < pred.rows; i++) {
    for (let d = 0; d < D; d++) v[d] = mu + sd * rng.normal();
    const t = truth.data.subarray(i * D, (i + 1) * D);
    rSum += pearson(v, t);
    cosSum += cosine(v, t);
  }
  return {
    method: "gaussian-matched",
    mean: mu,
    sd,
    sampleR: rSum / pred.rows,
    cosine: cosSum / pred.rows,
  };
}

/** Cosine similarity of two equal-length vectors; 0 when either is the zero vector. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < a.length; k++) {
    sab += a[k]! * b[k]!;
    saa += a[k]! * a[k]!;
    sbb += b[k]! * b[k]!;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}
