import { beforeEach, describe, expect, it } from "vitest";
import { prerequisite } from "@neurotranslator/vitest-config/prerequisites";
import { NtError } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../select.ts";
import { maxAbsDiff, naiveMatmul, randomMatrix32, randomMatrix64 } from "../test-helpers.ts";
import { coreTypeForFlags } from "./coretype.ts";
import { createNativeBackend, loadNativeAddon } from "./index.ts";

const load = loadNativeAddon();
const addon = load.ok ? load.addon : undefined;
// Without OpenBLAS the native suites skip with the loader's reason; NT_REQUIRE_NATIVE=1 or CI=true
// (CI installs the libraries) makes a missing addon fail this file instead.
const skipNote = prerequisite(
  "NATIVE",
  load.ok ? undefined : `the native addon does not load: ${load.reason}`,
);

describe("native addon availability", () => {
  it("is built and loads", (ctx) => {
    if (skipNote !== undefined) ctx.skip(skipNote);
    expect(load.ok ? "loaded" : load.reason).toBe("loaded");
  });

  it("selectLinalgBackend: js on request, native for auto when loadable, ENGINE error for native when not", () => {
    expect(selectLinalgBackend({ prefer: "js" }).name).toBe("js");
    if (load.ok) {
      expect(selectLinalgBackend().name).toBe("native-openblas");
      expect(selectLinalgBackend({ prefer: "native" }).name).toBe("native-openblas");
    } else {
      expect(selectLinalgBackend().name).toBe("js");
      expect(() => selectLinalgBackend({ prefer: "native" })).toThrow(
        /libopenblas-dev liblapacke-dev|openblas/,
      );
    }
  });
});

describe("OpenBLAS core type from CPU flags", () => {
  it("maps AVX-512 (with and without bf16), AVX2 and older CPUs", () => {
    const avx512 = ["avx2", "fma", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"];
    expect(coreTypeForFlags(new Set([...avx512, "avx512_bf16"]))).toBe("Cooperlake");
    expect(coreTypeForFlags(new Set(avx512))).toBe("SkylakeX");
    expect(coreTypeForFlags(new Set(["avx2", "fma", "avx512f"]))).toBe("Haswell");
    expect(coreTypeForFlags(new Set(["sse3", "avx"]))).toBeUndefined();
  });
});

describe("native addon safety and precision", () => {
  const raw = addon!;
  beforeEach((ctx) => {
    if (skipNote !== undefined) ctx.skip(skipNote);
  });

  function ntCodeOf(fn: () => unknown): unknown {
    try {
      fn();
    } catch (error) {
      return (error as { ntCode?: unknown }).ntCode;
    }
    return "no error";
  }

  it("rejects wrong lengths, types and dimensions with a JS exception before calling BLAS", () => {
    const a = new Float32Array(6);
    expect(ntCodeOf(() => raw.sgemm(new Float32Array(5), 2, 3, a, 3, 2, false, false))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.sgemm(a, 2, 3, new Float32Array(7), 3, 2, false, false))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.sgemm(a, 2, 3, a, 2, 3, false, false))).toBe("BAD_INPUT");
    expect(
      ntCodeOf(() => raw.dgemm(new Float64Array(6), 2, 3, new Float64Array(6), 3, 2, false, false)),
    ).toBe("no error");
    expect(
      ntCodeOf(() => raw.sgemm(new Float64Array(6) as unknown as Float32Array, 2, 3, a, 3, 2, false, false)),
    ).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.ssyrk(a, -1, 3))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.dsyrk(new Float64Array(6), 2.5, 3))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.gram32to64(a, 3, 3, 0))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.dsyevd(new Float64Array(8), 3))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.dposv(new Float64Array(4), 2, new Float64Array(5), 2))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.sgemm(a, 2 ** 31, 3, a, 3, 2, false, false))).toBe("BAD_INPUT");
    expect(ntCodeOf(() => raw.setThreads(0))).toBe("BAD_INPUT");
  });

  it("ssyrk/dsyrk return the full symmetric A·Aᵀ", () => {
    const a32 = randomMatrix32(5, 9, 11);
    const a64 = randomMatrix64(5, 9, 11);
    expect(maxAbsDiff(raw.ssyrk(a32.data, 5, 9), naiveMatmul(a32, a32, false, true).data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(raw.dsyrk(a64.data, 5, 9), naiveMatmul(a64, a64, false, true).data)).toBeLessThan(
      1e-13,
    );
  });

  it("gram32to64 gives the same float64 gram for any column block size", () => {
    const a = randomMatrix32(7, 23, 12);
    const expected = naiveMatmul(a, a, false, true).data;
    for (const block of [1, 4, 23, 0, 100])
      expect(maxAbsDiff(raw.gram32to64(a.data, 7, 23, block), expected)).toBeLessThan(1e-13);
  });

  it("gram of float32 data keeps float64 accuracy where float32 summation loses it", () => {
    // A row of 64 ones then k - 64 entries 2⁻¹³: its squared norm is exactly 64 + (k - 64)·2⁻²⁶ in
    // float64, but each 2⁻²⁶ added to a float32 partial sum >= 1 is below half an ulp and vanishes.
    const k = 4096;
    const data = new Float32Array(k).map((_, j) => (j < 64 ? 1 : 2 ** -13));
    const exact = 64 + (k - 64) * 2 ** -26;
    expect(createNativeBackend()!.gram({ rows: 1, cols: k, data }).data[0]).toBe(exact);
    expect(raw.ssyrk(data, 1, k)[0]).not.toBe(Math.fround(exact));
  });

  it("eigh and solveSpd reject NaN with NUMERIC naming the entry", () => {
    const backend = createNativeBackend()!;
    const a = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, NaN) };
    expect(() => backend.eigh(a)).toThrow(NtError);
    expect(() => backend.eigh(a)).toThrow(/non-finite value NaN at \(1, 1\)/);
    expect(() => backend.solveSpd(a, { rows: 2, cols: 1, data: Float64Array.of(1, 1) })).toThrow(/NaN/);
  });

  it("describe reports the OpenBLAS build and a positive thread count", () => {
    const info = raw.describe();
    expect(info.config).toMatch(/OpenBLAS/);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(createNativeBackend()!.description).toContain("threads");
  });
});

describe.skipIf(addon === undefined)("native eigensolvers (dsyevd; float32: ssyevd, ssyevr)", () => {
  // 600: the divide-and-conquer paths apply their 599 reflectors in three blocks of up to 256.
  it.each([1, 2, 120, 600])(
    "n = %i: match dsyevd's eigenvalues within float32 precision of the largest, with orthonormal residual-small vectors",
    (n) => {
      const x = randomMatrix64(n, n + 80, 5);
      const a = naiveMatmul(x, x, false, true);
      const ref = addon!.dsyevd(a.data, n);
      const top = ref.values[n - 1]!;
      // dsyevd itself (the same blocked back-transformation in float64): A v = w v and unit norm to ~1e-12.
      for (let j = 0; j < n; j += 17) {
        let res = 0;
        let norm = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a.data[i * n + k]! * ref.vectors[k * n + j]!;
          res = Math.max(res, Math.abs(s - ref.values[j]! * ref.vectors[i * n + j]!));
          norm += ref.vectors[i * n + j]! ** 2;
        }
        expect(res).toBeLessThan(1e-12 * top);
        expect(Math.abs(norm - 1)).toBeLessThan(1e-12);
      }
      for (const evr of [false, true]) {
        const { values, vectors } = addon!.ssyev(a.data, n, evr);
        values.forEach((v, i) => expect(Math.abs(v - ref.values[i]!)).toBeLessThan(1e-5 * top));
        // ||A v_j - w_j v_j|| small relative to the largest eigenvalue, and unit norm, for every 17th column j.
        for (let j = 0; j < n; j += 17) {
          let res = 0;
          let norm = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a.data[i * n + k]! * vectors[k * n + j]!;
            res = Math.max(res, Math.abs(s - values[j]! * vectors[i * n + j]!));
            norm += vectors[i * n + j]! ** 2;
          }
          expect(res).toBeLessThan(1e-5 * top);
          expect(Math.abs(norm - 1)).toBeLessThan(1e-5);
        }
        // Orthogonal to each other: columns 0 and n-1 (the ends of the spectrum), across blocks.
        let dot = 0;
        for (let i = 0; i < n && n > 1; i++) dot += vectors[i * n]! * vectors[i * n + n - 1]!;
        expect(Math.abs(dot)).toBeLessThan(1e-5);
      }
      expect(a.data.every(Number.isFinite)).toBe(true);
    },
  );

  it("scales entries beyond float32's range instead of overflowing (as ssyevd scales), for both solvers", () => {
    // diag(3e40, 1e40, 2e40) rotated by a Givens rotation in the (0, 1) plane.
    const [c, s] = [Math.cos(0.3), Math.sin(0.3)];
    const a = Float64Array.from([
      3e40 * c * c + 1e40 * s * s,
      (3e40 - 1e40) * c * s,
      0,
      (3e40 - 1e40) * c * s,
      3e40 * s * s + 1e40 * c * c,
      0,
      0,
      0,
      2e40,
    ]);
    for (const evr of [false, true]) {
      const { values } = addon!.ssyev(a, 3, evr);
      expect(Array.from(values, (v) => v / 1e40)).toEqual([
        expect.closeTo(1, 5),
        expect.closeTo(2, 5),
        expect.closeTo(3, 5),
      ]);
    }
  });

  it("gram32 (float32 block sums, float64 across blocks) matches gram32to64 within float32 precision, transform included", () => {
    const x = randomMatrix32(40, 2500, 9);
    const shift = Float64Array.from({ length: 2500 }, (_, j) => 0.01 * (j % 7));
    const invScale = Float64Array.from({ length: 2500 }, (_, j) => 1 + 0.1 * (j % 3));
    const ref = addon!.gram32to64(x.data, 40, 2500, 0, shift, invScale);
    const got = addon!.gram32(x.data, 40, 2500, 300, shift, invScale);
    let diag = 0;
    for (let i = 0; i < 40; i++) diag = Math.max(diag, ref[i * 41]!);
    ref.forEach((v, i) => expect(Math.abs(v - got[i]!)).toBeLessThan(1e-5 * diag));
    expect(got[1]).toBe(got[40]);
  });

  it("rejects a non-finite input with NUMERIC naming the entry", () => {
    const a = new Float64Array(9).fill(1);
    a[4] = NaN;
    expect(() => addon!.ssyev(a, 3, false)).toThrow(/non-finite value at \(1, 1\)/);
  });
});
