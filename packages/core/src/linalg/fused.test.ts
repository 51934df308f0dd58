import { describe, expect, it } from "vitest";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { ColumnTransform } from "./column-transform.ts";
import { availableLinalgBackends } from "./select.ts";
import { expectNtError, maxAbsDiff, naiveMatmul, randomMatrix32, randomMatrix64 } from "./test-helpers.ts";

// The fused operations the kernel solvers use (transformed gram products and the leave-one-out
// loop), on every backend that loads here, against textbook loops written out below.

/** (x_ij - shift_j) * invScale_j by hand. */
function transformed(m: Matrix32 | Matrix64, t: ColumnTransform): Matrix64 {
  const data = Float64Array.from(m.data, (v, i) => {
    const j = i % m.cols;
    return (v - (t.shift?.[j] ?? 0)) * (t.invScale?.[j] ?? 1);
  });
  return { rows: m.rows, cols: m.cols, data };
}

/** sse[a, t] = Σ_i ((Σ_j U_ij f_aj Z_jt + s_a Y_it) / d_ai)², all in float64. */
function naiveLooSse(
  u: Matrix64,
  z: Matrix64,
  y: Matrix64,
  f: Matrix64,
  d: Matrix64,
  s: Float64Array,
): Float64Array {
  const out = new Float64Array(s.length * z.cols);
  for (let a = 0; a < s.length; a++) {
    for (let t = 0; t < z.cols; t++) {
      let sse = 0;
      for (let i = 0; i < u.rows; i++) {
        let c = 0;
        for (let j = 0; j < u.cols; j++)
          c += u.data[i * u.cols + j]! * f.data[a * u.cols + j]! * z.data[j * z.cols + t]!;
        const e = (c + s[a]! * y.data[i * y.cols + t]!) / d.data[a * u.rows + i]!;
        sse += e * e;
      }
      out[a * z.cols + t] = sse;
    }
  }
  return out;
}

describe.each(availableLinalgBackends().map((b) => [b.name, b] as const))(
  "fused operations on %s",
  (_name, backend) => {
    const t: ColumnTransform = {
      shift: randomMatrix64(1, 11, 9).data,
      invScale: randomMatrix64(1, 11, 10).data.map((v) => 1.5 + v),
    };

    it.each([
      ["shift and scale", t],
      ["shift only", { shift: t.shift }],
      ["scale only", { invScale: t.invScale }],
    ])(
      "gram and crossGram apply the column transform (%s) to float32 and float64 data",
      (_label, transform: ColumnTransform) => {
        for (const [a, b] of [
          [randomMatrix32(6, 11, 3), randomMatrix32(4, 11, 4)],
          [randomMatrix64(6, 11, 3), randomMatrix64(4, 11, 4)],
        ] as const) {
          const at = transformed(a, transform);
          const bt = transformed(b, transform);
          expect(
            maxAbsDiff(backend.gram(a, transform).data, naiveMatmul(at, at, false, true).data),
          ).toBeLessThan(1e-13);
          const cross = backend.crossGram(a, b, transform);
          expect([cross.rows, cross.cols]).toEqual([6, 4]);
          expect(maxAbsDiff(cross.data, naiveMatmul(at, bt, false, true).data)).toBeLessThan(1e-13);
        }
      },
    );

    it("crossGram without a transform is A·Bᵀ; with a wrong-length shift it names the lengths", () => {
      const a = randomMatrix32(3, 5, 1);
      const b = randomMatrix32(2, 5, 2);
      expect(maxAbsDiff(backend.crossGram(a, b).data, naiveMatmul(a, b, false, true).data)).toBeLessThan(
        1e-13,
      );
      expectNtError(
        () => backend.crossGram(a, b, { shift: new Float64Array(4) }),
        "BAD_INPUT",
        "shift has 4 values but the matrix has 5 columns",
      );
      expectNtError(() => backend.crossGram(a, randomMatrix32(2, 4, 2)), "BAD_INPUT", "(2, 4)");
    });

    // With 400 targets the native engine multiplies the 3 alphas in two groups (2 + 1).
    it.each([
      ["dual (no shift)", 0, 5],
      ["primal (shift 1/alpha)", 1, 5],
      ["primal, 400 targets", 1, 400],
    ])("looSse matches the triple loop, %s", (_label, withShift, bw) => {
      const n = 9;
      const r = 7;
      const na = 3;
      const u = randomMatrix64(n, r, 11);
      const z = randomMatrix64(r, bw, 12);
      const y = randomMatrix64(n, bw, 13);
      const filters = { rows: na, cols: r, data: randomMatrix64(na, r, 14).data.map((v) => 1 + v) };
      const diags = { rows: na, cols: n, data: randomMatrix64(na, n, 15).data.map((v) => 2 + v) };
      const shifts = Float64Array.from({ length: na }, (_, a) => withShift * 0.5 ** a);
      const out = backend.looSse({
        u: { rows: n, cols: r, data: Float32Array.from(u.data) },
        z,
        y,
        filters,
        diags,
        shifts,
      });
      expect([out.rows, out.cols]).toEqual([na, bw]);
      const expected = naiveLooSse(
        { rows: n, cols: r, data: Float64Array.from(Float32Array.from(u.data)) },
        z,
        y,
        filters,
        diags,
        shifts,
      );
      // The products run in float32 (Z scaled by the filter is rounded): ~1e-6 relative.
      expect(maxAbsDiff(out.data, expected) / Math.max(...expected)).toBeLessThan(1e-5);
    });

    it("columnSums adds each column in row order, bit for bit, and propagates NaN and ±Infinity", () => {
      for (const m of [randomMatrix32(7, 5, 21), randomMatrix64(7, 5, 21)]) {
        const expected = new Float64Array(5);
        for (let i = 0; i < 7; i++) for (let j = 0; j < 5; j++) expected[j]! += m.data[i * 5 + j]!;
        expect(Array.from(backend.columnSums(m))).toEqual(Array.from(expected));
      }
      const bad = { rows: 3, cols: 2, data: Float32Array.of(1, Infinity, NaN, -Infinity, 2, 3) };
      expect(Array.from(backend.columnSums(bad)).map(Number.isFinite)).toEqual([false, false]);
    });

    it("looSse rejects mismatched shapes and a zero diagonal entry", () => {
      const u = randomMatrix32(4, 3, 1);
      const ok = {
        u,
        z: randomMatrix64(3, 2, 2),
        y: randomMatrix64(4, 2, 3),
        filters: randomMatrix64(2, 3, 4),
        diags: randomMatrix64(2, 4, 5),
        shifts: new Float64Array(2),
      };
      expectNtError(
        () => backend.looSse({ ...ok, z: randomMatrix64(4, 2, 2) }),
        "BAD_INPUT",
        "Z has shape (4, 2), expected (3, 2)",
      );
      expectNtError(
        () => backend.looSse({ ...ok, diags: randomMatrix64(3, 4, 5) }),
        "BAD_INPUT",
        "diags has shape (3, 4), expected (2, 4)",
      );
      const zero = { rows: 2, cols: 4, data: new Float64Array(8).fill(1) };
      zero.data[5] = 0;
      expectNtError(() => backend.looSse({ ...ok, diags: zero }), "NUMERIC", "diags[5]");
    });
  },
);
