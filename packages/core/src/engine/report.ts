/** One timed operation in an engine probe. */
export interface EngineMeasurement {
  /** e.g. "sgemm", "dsyevd", "matMul". */
  op: string;
  /** Operand sizes: [m, k, n] for a product, [n, n] for a decomposition. */
  shape: number[];
  /** Best wall time over the repetitions, in seconds. */
  seconds: number;
  /** Achieved GFLOP/s where the flop count is standard (2·m·k·n for GEMM); null otherwise. */
  gflops: number | null;
}

/**
 * What `doctor` prints for one compute engine. Plain JSON (no classes, no typed arrays), so the
 * CLI can print it as a table or `--json`, and runs can store it as provenance.
 */
export interface EngineReport {
  /** "linalg/native-openblas", "linalg/js", "cnn/tfjs-node", "cnn/wasm", "cnn/cpu". */
  id: string;
  /** linalg: the solvers' linear algebra; cnn: TF.js backends for feature extraction. */
  purpose: "linalg" | "cnn";
  /** Found and working on this machine. */
  available: boolean;
  /** The engine "auto" selection picks for its purpose. */
  selected: boolean;
  /** One line: library, version, threads (or what it is when unavailable). */
  description: string;
  /** Why it is unavailable and what to install; null when available. */
  note: string | null;
  /** Engine facts: threads, SIMD, OpenBLAS config and kernels. */
  details: Record<string, string | number | boolean>;
  measurements: EngineMeasurement[];
}
