import { NtError } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";

/**
 * k-fold split of n samples: the first n % k folds get one extra sample (as scikit-learn KFold);
 * with shuffle the order is a Fisher-Yates permutation from the seeded Prng, else contiguous blocks.
 * Returns the held-out indices of each fold, ascending.
 */
export function kFolds(n: number, k: number, shuffle: boolean, seed: number, solver: string): Int32Array[] {
  if (!Number.isInteger(k) || k < 2)
    throw new NtError("BAD_INPUT", `${solver}: cv must be an integer >= 2 or "loo", got ${k}`);
  if (k > n) throw new NtError("BAD_INPUT", `${solver}: cv = ${k} folds but only ${n} samples`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (shuffle) {
    const rng = new Prng(seed);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.intBelow(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }
  const folds: Int32Array[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds.push(order.slice(start, start + size).sort());
    start += size;
  }
  return folds;
}

/** The complement of `heldOut` in 0..n-1, ascending. */
export function trainingRows(n: number, heldOut: Int32Array): Int32Array {
  const mask = new Uint8Array(n);
  for (const i of heldOut) mask[i] = 1;
  const out = new Int32Array(n - heldOut.length);
  let t = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 0) out[t++] = i;
  return out;
}
