import { describe, expect, it } from "vitest";
import type { Matrix64 } from "@neurotranslator/schema";
import { availableLinalgBackends } from "./select.ts";
import {
  expectNtError,
  maxAbsDiff,
  naiveMatmul,
  randomMatrix32,
  randomMatrix64,
  spdMatrix,
  transposeOf,
} from "./test-helpers.ts";

// The same checks on every backend that loads here (native OpenBLAS when built, and pure JS), each
// against a textbook loop or a closed form. Tolerances: float32 products over k <= 7 terms of
// entries in [-1, 1] round at ~1e-6; float64 at ~1e-14.

const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe.each(availableLinalgBackends().map((b) => [b.name, b] as const))(
  "linalg backend %s",
  (_name, backend) => {
    it.each(TRANSPOSES)(
      "matmul32/64 match the triple loop (transA=%s, transB=%s), non-square",
      (transA, transB) => {
        // op(A): [5, 7], op(B): [7, 3]
        const aShape: [number, number] = transA ? [7, 5] : [5, 7];
        const bShape: [number, number] = transB ? [3, 7] : [7, 3];
        const a64 = randomMatrix64(...aShape, 1);
        const b64 = randomMatrix64(...bShape, 2);
        const expected = naiveMatmul(a64, b64, transA, transB);
        const c64 = backend.matmul64(a64, b64, transA, transB);
        expect([c64.rows, c64.cols]).toEqual([5, 3]);
        expect(maxAbsDiff(c64.data, expected.data)).toBeLessThan(1e-13);

        const a32 = randomMatrix32(...aShape, 1);
        const b32 = randomMatrix32(...bShape, 2);
        const c32 = backend.matmul32(a32, b32, transA, transB);
        expect(c32.data).toBeInstanceOf(Float32Array);
        expect([c32.rows, c32.cols]).toEqual([5, 3]);
        expect(maxAbsDiff(c32.data, naiveMatmul(a32, b32, transA, transB).data)).toBeLessThan(1e-5);
      },
    );

    it("matmul with an empty inner dimension is all zeros", () => {
      const c = backend.matmul64(
        { rows: 2, cols: 0, data: new Float64Array(0) },
        { rows: 0, cols: 3, data: new Float64Array(0) },
      );
      expect(Array.from(c.data)).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it("matmul rejects mismatched inner dimensions, naming both shapes", () => {
      expectNtError(
        () => backend.matmul64(randomMatrix64(2, 3, 1), randomMatrix64(4, 2, 2)),
        "BAD_INPUT",
        "(2, 3)",
        "(4, 2)",
      );
      expectNtError(
        () => backend.matmul32(randomMatrix32(2, 3, 1), randomMatrix32(2, 3, 2)),
        "BAD_INPUT",
        "(2, 3)",
      );
    });

    it("gram of float32 and float64 data equals A·Aᵀ and is exactly symmetric", () => {
      for (const a of [randomMatrix32(6, 11, 3), randomMatrix64(6, 11, 3)]) {
        const g = backend.gram(a);
        expect(g.data).toBeInstanceOf(Float64Array);
        expect([g.rows, g.cols]).toEqual([6, 6]);
        // float32 inputs are exact in float64, so the reference is float64 too.
        expect(maxAbsDiff(g.data, naiveMatmul(a, a, false, true).data)).toBeLessThan(1e-13);
        expect(maxAbsDiff(g.data, transposeOf(g).data)).toBe(0);
      }
    });

    it("eigh of [[2, 1], [1, 2]] is 1, 3 with vectors (1, -1)/√2, (1, 1)/√2", () => {
      const { values, vectors } = backend.eigh({ rows: 2, cols: 2, data: Float64Array.of(2, 1, 1, 2) });
      expect(values[0]).toBeCloseTo(1, 14);
      expect(values[1]).toBeCloseTo(3, 14);
      const s = Math.SQRT1_2;
      // Columns are eigenvectors, determined up to sign.
      expect(Math.abs(vectors.data[0] ?? 0)).toBeCloseTo(s, 14);
      expect((vectors.data[0] ?? 0) * (vectors.data[2] ?? 0)).toBeCloseTo(-0.5, 14);
      expect((vectors.data[1] ?? 0) * (vectors.data[3] ?? 0)).toBeCloseTo(0.5, 14);
    });

    it("eigh reconstructs a random symmetric matrix, ascending, with orthonormal vectors", () => {
      const n = 9;
      const m = randomMatrix64(n, n, 4);
      const a: Matrix64 = {
        rows: n,
        cols: n,
        data: m.data.map((_, i) => (m.data[i] ?? 0) + (transposeOf(m).data[i] ?? 0)),
      };
      const { values, vectors } = backend.eigh(a);
      for (let i = 1; i < n; i++) expect(values[i] ?? NaN).toBeGreaterThanOrEqual(values[i - 1] ?? NaN);
      const scaled: Matrix64 = {
        rows: n,
        cols: n,
        data: vectors.data.map((v, i) => v * (values[i % n] ?? NaN)),
      };
      expect(maxAbsDiff(naiveMatmul(scaled, vectors, false, true).data, a.data)).toBeLessThan(1e-12);
      const identity = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
      expect(maxAbsDiff(naiveMatmul(vectors, vectors, true, false).data, identity)).toBeLessThan(1e-13);
    });

    it("eigh rejects a non-square matrix", () => {
      expectNtError(() => backend.eigh(randomMatrix64(3, 4, 1)), "BAD_INPUT", "(3, 4)");
    });

    it("solveSpd solves A X = B to a small residual", () => {
      const a = spdMatrix(8, 5, 0.5);
      const b = randomMatrix64(8, 3, 6);
      const x = backend.solveSpd(a, b);
      expect([x.rows, x.cols]).toEqual([8, 3]);
      expect(maxAbsDiff(naiveMatmul(a, x, false, false).data, b.data)).toBeLessThan(1e-11);
    });

    it("solveSpd throws NUMERIC for a symmetric matrix that is not positive definite", () => {
      expectNtError(
        () =>
          backend.solveSpd({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 1) }, randomMatrix64(2, 1, 1)),
        "NUMERIC",
      );
    });

    it("solveSpd rejects B with the wrong number of rows, naming the shapes", () => {
      expectNtError(
        () => backend.solveSpd(spdMatrix(3, 1, 1), randomMatrix64(4, 2, 1)),
        "BAD_INPUT",
        "(3, 3)",
      );
    });
  },
);
