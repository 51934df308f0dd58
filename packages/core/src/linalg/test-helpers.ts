import { expect } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { Prng } from "../random/index.ts";

/** Small reference implementations and random matrices for the backend tests (not used at run time). */

/** Uniform [-1, 1) entries from a seeded generator. */
export function randomMatrix64(rows: number, cols: number, seed: number): Matrix64 {
  const prng = new Prng(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => 2 * prng.nextFloat() - 1) };
}

export function randomMatrix32(rows: number, cols: number, seed: number): Matrix32 {
  const m = randomMatrix64(rows, cols, seed);
  return { rows, cols, data: Float32Array.from(m.data) };
}

/** op(A)·op(B) by the textbook triple loop, in float64. */
export function naiveMatmul(
  a: Matrix32 | Matrix64,
  b: Matrix32 | Matrix64,
  transA: boolean,
  transB: boolean,
): Matrix64 {
  const at = (i: number, j: number) => (transA ? a.data[j * a.cols + i] : a.data[i * a.cols + j]) ?? NaN;
  const bt = (i: number, j: number) => (transB ? b.data[j * b.cols + i] : b.data[i * b.cols + j]) ?? NaN;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
      out[i * n + j] = s;
    }
  }
  return { rows: m, cols: n, data: out };
}

export function transposeOf(a: Matrix64): Matrix64 {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j] ?? NaN;
  return { rows: a.cols, cols: a.rows, data: out };
}

/** Largest |x - y| over two equally long arrays. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((x[i] ?? NaN) - (y[i] ?? NaN)));
  return worst;
}

/** M·Mᵀ + shift·I: symmetric positive definite for shift > 0. */
export function spdMatrix(n: number, seed: number, shift: number): Matrix64 {
  const m = randomMatrix64(n, n, seed);
  const a = naiveMatmul(m, m, false, true);
  for (let i = 0; i < n; i++) a.data[i * n + i] = (a.data[i * n + i] ?? 0) + shift;
  return a;
}

/** Runs fn and expects an NtError with this code whose message contains every fragment. */
export function expectNtError(fn: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NtError);
  expect((caught as NtError).code).toBe(code);
  for (const f of fragments) expect((caught as NtError).message).toContain(f);
}
