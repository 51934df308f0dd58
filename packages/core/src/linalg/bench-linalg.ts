// Kay-sized linear-algebra timings for each available backend (not part of the test suite):
//   cd packages/core && node --import tsx/esm src/linalg/bench-linalg.ts [threads] [--js]
// sgemm 2048³, gram of float32 [1750, 8428] (widened dsyrk; raw ssyrk alongside for comparison),
// dsyevd and Cholesky solve of a 1750 × 1750 SPD matrix. --js also times the JS backend (minutes).
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "./backend.ts";
import { createJsBackend } from "./js/index.ts";
import { createNativeBackend, loadNativeAddon } from "./native/index.ts";

function filled32(rows: number, cols: number, seed: number): Matrix32 {
  let s = seed >>> 0;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // LCG: fast, deterministic filler
    data[i] = s / 2 ** 32 - 0.5;
  }
  return { rows, cols, data };
}

function time<T>(label: string, fn: () => T, flops?: number): T {
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `  ${label.padEnd(34)} ${s.toFixed(3).padStart(8)} s${flops === undefined ? "" : `  ${(flops / s / 1e9).toFixed(1)} GFLOP/s`}`,
  );
  return out;
}

function run(backend: LinalgBackend, g: number, n: number, k: number): void {
  console.log(`${backend.name}: ${backend.description}`);
  const a = filled32(g, g, 1);
  backend.matmul32(a, a); // warm-up: thread pool start, page faults
  time(`sgemm ${g}^3`, () => backend.matmul32(a, a), 2 * g ** 3);
  const x = filled32(n, k, 2);
  const kernel: Matrix64 = time(`gram f32 [${n}, ${k}] -> f64`, () => backend.gram(x), n * n * k);
  const load = loadNativeAddon();
  if (backend.name === "native-openblas" && load.ok)
    time(`ssyrk f32 [${n}, ${k}] (f32 out)`, () => load.addon.ssyrk(x.data, n, k), n * n * k);
  for (let i = 0; i < n; i++) kernel.data[i * n + i] = (kernel.data[i * n + i] ?? 0) + 1;
  time(`eigh ${n} x ${n}`, () => backend.eigh(kernel));
  const rhs = filled32(n, 256, 3);
  const b: Matrix64 = { rows: n, cols: 256, data: Float64Array.from(rhs.data) };
  time(`solveSpd ${n} x ${n}, 256 rhs`, () => backend.solveSpd(kernel, b));
}

const threads =
  process.argv[2] === undefined || process.argv[2].startsWith("--") ? undefined : Number(process.argv[2]);
const native = createNativeBackend(threads === undefined ? {} : { threads });
const load = loadNativeAddon();
if (native === undefined) console.log(`native: unavailable (${load.ok ? "?" : load.reason})`);
else run(native, 2048, 1750, 8428);
if (process.argv.includes("--js")) run(createJsBackend(), 512, 1750, 8428);
