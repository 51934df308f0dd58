import type { EngineMeasurement } from "./report.ts";

export interface TimeOptions {
  /** Untimed calls first (JIT, wasm compilation, OpenBLAS thread start). Default 1. */
  warmup?: number;
  /** Stop repeating once this much time has been spent. Default 0.3 s. */
  budgetSeconds?: number;
  /** Upper bound on timed repetitions. Default 5. */
  maxReps?: number;
}

/** Best-of-N wall time of `fn` in seconds (the minimum is the least disturbed by other load). */
export async function bestTime(fn: () => unknown, options: TimeOptions = {}): Promise<number> {
  const { warmup = 1, budgetSeconds = 0.3, maxReps = 5 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  let best = Infinity;
  const start = performance.now();
  for (let rep = 0; rep < maxReps; rep++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
    if ((performance.now() - start) / 1000 > budgetSeconds) break;
  }
  return best;
}

/** A GEMM measurement: 2·m·k·n flops. */
export function gemmMeasurement(
  op: string,
  m: number,
  k: number,
  n: number,
  seconds: number,
): EngineMeasurement {
  return { op, shape: [m, k, n], seconds, gflops: (2 * m * k * n) / seconds / 1e9 };
}
