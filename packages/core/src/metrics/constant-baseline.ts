import type { ConstantBaseline, Matrix32 } from "@neurotranslator/schema";
import { CONSTANT_BASELINE_NOTE } from "@neurotranslator/schema";
import { pearson } from "./correlation.ts";
import { cosine } from "./random-baseline.ts";

/**
 * The strongest trivial competitor: the training-mean feature vector as the prediction for every
 * test image (no brain data at all), scored as the decoder is. Per-image r and cosine are often
 * high (feature vectors share a mean profile), which is why they flatter a decoder; R² is the
 * per-feature 1 - Σ_i (m_d - t_id)² / SS_tot,d (about -1/n: the training mean misses the test
 * mean); identification counts images whose true vector correlates best with m among all n
 * (ties against it, as for the decoder), i.e. chance or below. Per-feature r is undefined (a
 * constant has no variance across images) and stored as null.
 * trainingMean: [D]; truth: [n, D]; excluded: [D] features constant in the truth (left out of R²).
 */
export function constantBaseline(
  trainingMean: ArrayLike<number>,
  truth: Matrix32,
  excluded: Uint8Array,
): ConstantBaseline {
  const n = truth.rows;
  const D = truth.cols;
  const r = new Float64Array(n);
  let cosSum = 0;
  for (let i = 0; i < n; i++) {
    const t = truth.data.subarray(i * D, (i + 1) * D);
    r[i] = pearson(trainingMean, t);
    cosSum += cosine(trainingMean, t);
  }
  let identified = 0;
  for (let i = 0; i < n; i++) {
    let atLeast = 0;
    for (let j = 0; j < n; j++) if (r[j]! >= r[i]!) atLeast++;
    if (atLeast === 1) identified++;
  }
  let r2Sum = 0;
  let nValid = 0;
  for (let d = 0; d < D; d++) {
    if (excluded[d]) continue;
    let mu = 0;
    for (let i = 0; i < n; i++) mu += truth.data[i * D + d]!;
    mu /= n;
    let ssTot = 0;
    let ssRes = 0;
    for (let i = 0; i < n; i++) {
      const t = truth.data[i * D + d]!;
      ssTot += (t - mu) ** 2;
      ssRes += (trainingMean[d]! - t) ** 2;
    }
    r2Sum += 1 - ssRes / ssTot;
    nValid++;
  }
  return {
    method: "training-mean",
    sampleR: r.reduce((s, x) => s + x, 0) / n,
    cosine: cosSum / n,
    featureR: null,
    r2: nValid > 0 ? r2Sum / nValid : null,
    identification: identified / n,
    note: CONSTANT_BASELINE_NOTE,
  };
}
