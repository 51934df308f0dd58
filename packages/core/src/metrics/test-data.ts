import type { Matrix32 } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";

/** Test helper: an [n, D] matrix of i.i.d. N(0, 1) entries (plus `offset`) from a seeded stream. */
export function gaussianMatrix(n: number, D: number, seed: number, offset = 0): Matrix32 {
  const rng = new Prng(seed);
  return {
    rows: n,
    cols: D,
    data: Float32Array.from({ length: n * D }, () => offset + rng.normal()),
  };
}

/** Test helper: the rows of m in the order given (row i of the result = row order[i] of m). */
export function permuteRows(m: Matrix32, order: ArrayLike<number>): Matrix32 {
  const data = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    data.set(m.data.subarray(order[i]! * m.cols, (order[i]! + 1) * m.cols), i * m.cols);
  return { rows: m.rows, cols: m.cols, data };
}
