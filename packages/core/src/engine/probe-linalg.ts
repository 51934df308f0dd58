import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { createJsBackend } from "../linalg/js/index.ts";
import { createNativeBackend, loadNativeAddon } from "../linalg/native/index.ts";
import { Prng } from "../random/index.ts";
import type { EngineReport } from "./report.ts";
import { bestTime, gemmMeasurement } from "./timing.ts";

function uniform32(rows: number, cols: number, prng: Prng): Matrix32 {
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => prng.nextFloat() - 0.5) };
}

function uniform64(rows: number, cols: number, prng: Prng): Matrix64 {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => prng.nextFloat() - 0.5) };
}

/** A random symmetric [n, n] matrix (B + Bᵀ). */
function symmetric(n: number, prng: Prng): Matrix64 {
  const b = uniform64(n, n, prng);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = (b.data[i * n + j] ?? 0) + (b.data[j * n + i] ?? 0);
      b.data[i * n + j] = s;
      b.data[j * n + i] = s;
    }
  }
  return b;
}

export interface ProbeLinalgOptions {
  /** How OPENBLAS_CORETYPE was set, as the application that set it reports (default "OpenBLAS": left to the library). */
  coreTypeSetBy?: string | undefined;
}

/**
 * The native OpenBLAS engine: sgemm 1024³ (best of a few) and one dsyevd of 1000 × 1000
 * (about 0.3 s here). Unavailable engines carry the install hint.
 */
export async function probeNativeLinalg(
  selected: boolean,
  options: ProbeLinalgOptions = {},
): Promise<EngineReport> {
  const load = loadNativeAddon();
  const backend = createNativeBackend();
  if (!load.ok || backend === undefined) {
    const note = load.ok ? "native addon loaded but the backend could not start" : load.reason;
    return {
      id: "linalg/native-openblas",
      purpose: "linalg",
      available: false,
      selected: false,
      description: "OpenBLAS + LAPACKE (native addon)",
      note,
      details: {},
      measurements: [],
    };
  }
  const info = load.addon.describe();
  const prng = new Prng(1);
  const g = 1024;
  const a = uniform32(g, g, prng);
  const b = uniform32(g, g, prng);
  const sgemm = await bestTime(() => backend.matmul32(a, b));
  const n = 1000;
  const s = symmetric(n, prng);
  const eigh = await bestTime(() => backend.eigh(s), { warmup: 0, maxReps: 1 });
  return {
    id: "linalg/native-openblas",
    purpose: "linalg",
    available: true,
    selected,
    description: backend.description,
    note: null,
    details: {
      config: info.config,
      kernels: info.corename,
      coreTypeSetBy: options.coreTypeSetBy ?? "OpenBLAS",
      threads: info.threads,
      cpus: info.procs,
    },
    measurements: [
      gemmMeasurement("sgemm", g, g, g, sgemm),
      { op: "dsyevd", shape: [n, n], seconds: eigh, gflops: null },
    ],
  };
}

/**
 * The pure-JS engine (always available): matmul64 256³ and eigh of 200 × 200 (small sizes: it is
 * ~100x slower than native, and doctor must stay quick).
 */
export async function probeJsLinalg(selected: boolean): Promise<EngineReport> {
  const backend = createJsBackend();
  const prng = new Prng(2);
  const g = 256;
  const a = uniform64(g, g, prng);
  const b = uniform64(g, g, prng);
  const gemm = await bestTime(() => backend.matmul64(a, b));
  const n = 200;
  const s = symmetric(n, prng);
  const eigh = await bestTime(() => backend.eigh(s), { maxReps: 2 });
  return {
    id: "linalg/js",
    purpose: "linalg",
    available: true,
    selected,
    description: backend.description,
    note: null,
    details: { threads: 1 },
    measurements: [
      gemmMeasurement("matmul64", g, g, g, gemm),
      { op: "eigh", shape: [n, n], seconds: eigh, gflops: null },
    ],
  };
}
