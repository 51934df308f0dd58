import { isNtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import {
  hasNpyMagic,
  openNpz,
  readNpy,
  writeNpy,
  writeNpz,
  type ReadLimits,
} from "@neurotranslator/data/formats";
import { NUMPY_MUTATIONS } from "@neurotranslator/data/testing";
import { makeRandom } from "./random.ts";

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Extra seed inputs (e.g. files written by NumPy) besides the built-in ones. */
  corpus?: Uint8Array[];
  /** Limits the readers run under; small by default so "no allocation beyond limits" is checked. */
  limits?: ReadLimits;
}

export interface FuzzReport {
  cases: number;
  /** Cases rejected with an NtError (the only acceptable failure). */
  typedErrors: number;
  /** Cases read without error. */
  accepted: number;
  /** Slowest case, milliseconds. */
  maxMs: number;
  /** Cases that threw something other than an NtError, or returned more data than the limits allow. */
  failures: { case: number; mutations: string[]; error: string }[];
  /** How often each NtError code was seen. */
  codes: Record<string, number>;
}

const FUZZ_LIMITS: ReadLimits = { maxBytes: 1 << 20, maxElements: 1 << 18 };

/** Small valid .npy/.npz inputs covering the readers' branches. */
function builtInCorpus(): Uint8Array[] {
  const arrays: Record<string, NdArray> = {
    f8: { dtype: "float64", shape: [2, 3], data: Float64Array.of(0, 1.5, -2, 3, Infinity, NaN) },
    i4: { dtype: "int32", shape: [3, 2], data: Int32Array.of(1, -2, 3, -4, 5, -6) },
    h: { dtype: "float16", shape: [3], data: Float32Array.of(1, -0, 65504) },
    u8: { dtype: "uint64", shape: [2], data: BigUint64Array.of(1n, 2n ** 64n - 1n) },
    b: { dtype: "bool", shape: [2, 2], data: Uint8Array.of(1, 0, 0, 1) },
    s: { dtype: "unicode", shape: [2], data: ["V1", "LatOcc"] },
    z: { dtype: "float32", shape: [], data: Float32Array.of(2.5) },
    e: { dtype: "int16", shape: [0, 3], data: new Int16Array(0) },
  };
  const npys = Object.values(arrays).flatMap((a) => [
    writeNpy(a),
    writeNpy(a, { byteOrder: ">", fortranOrder: true }),
    writeNpy(a, { version: 3 }),
  ]);
  return [
    ...npys,
    writeNpz(arrays),
    writeNpz(arrays, { compress: true }),
    writeNpz(arrays, { zip64: "always" }),
  ];
}

function dataBytes(arr: NdArray): number {
  return Array.isArray(arr.data) ? arr.data.length : arr.data.byteLength;
}

/** Reads `bytes` as .npy or .npz, every array; returns the largest array's size in bytes. */
function readAll(bytes: Uint8Array, limits: ReadLimits): number {
  if (hasNpyMagic(bytes)) return dataBytes(readNpy(bytes, { source: "fuzz.npy", limits }));
  const archive = openNpz(bytes, { source: "fuzz.npz", limits });
  let largest = 0;
  for (const key of archive.keys.slice(0, 32)) largest = Math.max(largest, dataBytes(archive.get(key)));
  return largest;
}

/**
 * Feeds `cases` mutated .npy/.npz inputs (bit flips, truncation, header edits, huge shapes and
 * claimed sizes, ZIP/ZIP64 field garbage, splices) to readNpy/openNpz and reports how they
 * failed. A correct reader only ever throws NtError and never returns more than the limits allow.
 */
export function fuzzNumpyReaders(options: FuzzOptions): FuzzReport {
  const rand = makeRandom(options.seed);
  const limits = options.limits ?? FUZZ_LIMITS;
  const corpus = [...builtInCorpus(), ...(options.corpus ?? [])];
  const names = Object.keys(NUMPY_MUTATIONS);
  const report: FuzzReport = { cases: 0, typedErrors: 0, accepted: 0, maxMs: 0, failures: [], codes: {} };
  for (let c = 0; c < options.cases; c += 1) {
    let bytes = corpus[Math.floor(rand() * corpus.length)] as Uint8Array;
    const applied: string[] = [];
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k -= 1) {
      const name = names[Math.floor(rand() * names.length)] as string;
      applied.push(name);
      bytes = (NUMPY_MUTATIONS[name] as (typeof NUMPY_MUTATIONS)[string])(bytes, rand, corpus);
    }
    const start = performance.now();
    try {
      const largest = readAll(bytes, limits);
      if (largest > limits.maxBytes)
        report.failures.push({
          case: c,
          mutations: applied,
          error: `returned ${largest} bytes, above maxBytes`,
        });
      else report.accepted += 1;
    } catch (error) {
      if (isNtError(error)) {
        report.typedErrors += 1;
        report.codes[error.code] = (report.codes[error.code] ?? 0) + 1;
      } else {
        report.failures.push({
          case: c,
          mutations: applied,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    report.maxMs = Math.max(report.maxMs, performance.now() - start);
    report.cases += 1;
  }
  return report;
}
