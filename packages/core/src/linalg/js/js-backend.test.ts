import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { Matrix64 } from "@neurotranslator/schema";
import { createJsBackend } from "./index.ts";

const be = createJsBackend();

/** Deterministic pseudo-random values in [-0.5, 0.5). */
function rand(len: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: len }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

function naive(a: Matrix64, b: Matrix64, ta: boolean, tb: boolean): Float64Array {
  const m = ta ? a.cols : a.rows;
  const k = ta ? a.rows : a.cols;
  const n = tb ? b.rows : b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s +=
          (ta ? a.data[p * a.cols + i]! : a.data[i * a.cols + p]!) *
          (tb ? b.data[j * b.cols + p]! : b.data[p * b.cols + j]!);
      out[i * n + j] = s;
    }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe("js backend: products", () => {
  it("matmul64 equals the triple loop for every transpose combination and odd sizes", () => {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const m = 7,
        k = 603,
        n = 67; // k spans two panels, n two tiles, m a partial row tile
      const a: Matrix64 = ta
        ? { rows: k, cols: m, data: rand(m * k, 1) }
        : { rows: m, cols: k, data: rand(m * k, 1) };
      const b: Matrix64 = tb
        ? { rows: n, cols: k, data: rand(n * k, 2) }
        : { rows: k, cols: n, data: rand(n * k, 2) };
      const c = be.matmul64(a, b, ta, tb);
      expect([c.rows, c.cols]).toEqual([m, n]);
      expect(maxAbsDiff(c.data, naive(a, b, ta, tb))).toBeLessThan(1e-12);
    }
  });

  it("matmul32 rounds a float64 product; gram is A Aᵀ and symmetric", () => {
    const a = { rows: 9, cols: 700, data: Float32Array.from(rand(6300, 3)) };
    const a64: Matrix64 = { rows: 9, cols: 700, data: Float64Array.from(a.data) };
    const g = be.gram(a);
    expect(maxAbsDiff(g.data, naive(a64, a64, false, true))).toBeLessThan(1e-12);
    const c = be.matmul32(a, a, false, true);
    expect(c.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(c.data, Float32Array.from(g.data))).toBe(0);
  });

  it("rejects mismatched inner dimensions naming the shapes", () => {
    const a: Matrix64 = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => be.matmul64(a, a)).toThrow(/op\(A\) is \(2, 3\) but op\(B\) is \(2, 3\)/);
  });
});

describe("js backend: eigh", () => {
  it("finds the closed-form spectrum of the second-difference matrix, 2 - 2 cos(k pi/(n+1))", () => {
    const n = 50;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const { values, vectors } = be.eigh({ rows: n, cols: n, data: a });
    for (let k = 1; k <= n; k++)
      expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 12);
    // Eigenvector k is sin(i k pi/(n+1)) up to sign and norm.
    const v0 = Array.from({ length: n }, (_, i) => vectors.data[i * n]!);
    const ref = Array.from({ length: n }, (_, i) => Math.sin(((i + 1) * Math.PI) / (n + 1)));
    const scale = v0[0]! / ref[0]!;
    expect(
      maxAbsDiff(
        v0,
        ref.map((r) => r * scale),
      ),
    ).toBeLessThan(1e-10);
  });

  it("reconstructs a random dense symmetric matrix with orthonormal vectors", () => {
    const n = 120;
    const x = { rows: n, cols: 80, data: rand(n * 80, 4) }; // rank 80: 40 zero eigenvalues
    const a = be.gram(x);
    const { values, vectors } = be.eigh(a);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    const vtv = be.matmul64(vectors, vectors, true);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        expect(Math.abs(vtv.data[i * n + j]! - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    const scaled = { rows: n, cols: n, data: vectors.data.map((v, idx) => v * values[idx % n]!) };
    expect(maxAbsDiff(be.matmul64(scaled, vectors, false, true).data, a.data)).toBeLessThan(1e-11);
    expect(Math.abs(values[39]!)).toBeLessThan(1e-12);
  });

  it("handles 1 x 1, 2 x 2 and diagonal matrices", () => {
    expect(Array.from(be.eigh({ rows: 1, cols: 1, data: Float64Array.of(3) }).values)).toEqual([3]);
    const two = be.eigh({ rows: 2, cols: 2, data: Float64Array.of(2, 1, 1, 2) });
    expect(two.values[0]).toBeCloseTo(1, 14);
    expect(two.values[1]).toBeCloseTo(3, 14);
    expect(
      Array.from(be.eigh({ rows: 3, cols: 3, data: Float64Array.of(5, 0, 0, 0, -1, 0, 0, 0, 2) }).values),
    ).toEqual([-1, 2, 5]);
  });
});

describe("js backend: solveSpd", () => {
  it("solves A X = B to rounding for a well-conditioned SPD matrix", () => {
    const n = 90,
      m = 5;
    const a = be.gram({ rows: n, cols: 200, data: rand(n * 200, 5) });
    const b: Matrix64 = { rows: n, cols: m, data: rand(n * m, 6) };
    const x = be.solveSpd(a, b);
    expect(maxAbsDiff(be.matmul64(a, x).data, b.data)).toBeLessThan(1e-10);
  });

  it("throws NtError NUMERIC for an indefinite matrix", () => {
    const a: Matrix64 = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 1) };
    const b: Matrix64 = { rows: 2, cols: 1, data: Float64Array.of(1, 1) };
    expect(() => be.solveSpd(a, b)).toThrow(NtError);
    expect(() => be.solveSpd(a, b)).toThrow(/not positive definite \(pivot 1/);
  });
});
