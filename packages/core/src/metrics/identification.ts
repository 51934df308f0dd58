/**
 * Identification from the [n, n] correlation matrix corr[i * n + j] = r(pred_i, true_j), where
 * true_i belongs to pred_i. The candidate set is all n true vectors. (The permutation null scores
 * re-pairings from the same matrix without re-ordering it: pairingScorer in permutation-null.ts.)
 */

/**
 * Rank of the true candidate for each prediction: 1 + #{j != i : corr[i, j] >= corr[i, i]}.
 * Ties count against the prediction (conservative), so a constant prediction (r = 0 with every
 * candidate) gets the worst rank n. rank 1 = correctly identified. -> [n]
 */
export function identificationRanks(corr: Float64Array, n: number): Int32Array {
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ranks[i] = countAtLeast(corr, i * n, n, corr[i * n + i]!); // includes j = i itself
  }
  return ranks;
}

/** Number of values in m[start, start + n) that are >= x (NaN counts for nothing, as a comparison). */
export function countAtLeast(m: Float64Array, start: number, n: number, x: number): number {
  let count = 0;
  for (let j = 0; j < n; j++) if (m[start + j]! >= x) count++;
  return count;
}

/**
 * Per-image 2-vs-2 pairwise accuracy: for image i, the fraction of other images k with
 * r(pred_i, true_i) + r(pred_k, true_k) > r(pred_i, true_k) + r(pred_k, true_i).
 * The mean over i equals the accuracy over all n(n-1)/2 unordered pairs, since each pair is
 * counted once from each side. Chance 0.5. -> [n]
 */
export function pairwiseScores(corr: Float64Array, n: number): Float64Array {
  const wins = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    const own = corr[rowI + i]!;
    for (let k = i + 1; k < n; k++) {
      const rowK = k * n;
      if (own + corr[rowK + k]! > corr[rowI + k]! + corr[rowK + i]!) {
        wins[i]!++;
        wins[k]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) wins[i]! /= n - 1;
  return wins;
}

/** Rank percentile (n - rank) / (n - 1): 1 = best, 0 = worst, chance 0.5. -> [n] */
export function rankPercentiles(ranks: Int32Array): Float64Array {
  const n = ranks.length;
  return Float64Array.from(ranks, (r) => (n - r) / (n - 1));
}
