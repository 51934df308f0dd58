import { isNtError } from "@neurotranslator/data/errors";
import { deriveSeed, makeRandom, type Rand } from "./random.ts";

/** The readers `pnpm fuzz` exercises. */
export const FUZZ_TARGETS = [
  "npy",
  "npz",
  "mat",
  "image",
  "model-json",
  "sweep-config",
  "api-body",
  "hdf5-external",
  "npz-members",
] as const;
export type FuzzTargetName = (typeof FUZZ_TARGETS)[number];

/** A case that broke the contract: threw something other than NtError, overstepped a limit, or ran too long. */
export interface CaseFailure {
  /** Case index within the target (reproduce with `fuzz --target T --seed S --case I`). */
  case: number;
  mutations: string[];
  error: string;
}

/** What a block of consecutive cases of one target did. */
export interface BlockReport {
  cases: number;
  /** Rejected with an NtError: the one acceptable failure. */
  typedErrors: number;
  accepted: number;
  codes: Record<string, number>;
  /** Slowest case, milliseconds. */
  maxMs: number;
  failures: CaseFailure[];
}

/** A fuzz target: runs cases [from, from + count) of a seed, which always lie inside one block of `blockSize`. */
export interface FuzzTarget {
  readonly name: FuzzTargetName;
  readonly blockSize: number;
  runBlock(seed: number, from: number, count: number): Promise<BlockReport>;
  close?(): Promise<void>;
}

/** One generated input: the mutations that made it and the read it drives. */
export interface FuzzCase {
  mutations: string[];
  /**
   * Reads the input. Throws what the reader throws; returns a message when the result breaks a limit,
   * or `{ refused: code }` when the input was refused the typed way outside a throw (an HTTP 4xx with the error body).
   */
  run(): unknown;
}

export function emptyBlock(): BlockReport {
  return { cases: 0, typedErrors: 0, accepted: 0, codes: {}, maxMs: 0, failures: [] };
}

function isRefusal(verdict: unknown): verdict is { refused: string } {
  return (
    typeof verdict === "object" &&
    verdict !== null &&
    typeof (verdict as { refused?: unknown }).refused === "string"
  );
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return `non-Error thrown: ${String(error)}`.slice(0, 500);
}

/**
 * A target whose cases are independent: case i draws from its own PRNG seeded by (seed, name, i),
 * so any single case reruns alone.
 */
export function caseTarget(
  name: FuzzTargetName,
  make: (rand: Rand) => FuzzCase,
  close?: () => Promise<void>,
): FuzzTarget {
  return {
    name,
    blockSize: 1,
    async runBlock(seed, from, count) {
      const report = emptyBlock();
      for (let i = from; i < from + count; i++) {
        const fuzzCase = make(makeRandom(deriveSeed(seed, name, i)));
        const start = performance.now();
        try {
          const verdict = await fuzzCase.run();
          if (typeof verdict === "string")
            report.failures.push({ case: i, mutations: fuzzCase.mutations, error: verdict });
          else if (isRefusal(verdict)) {
            report.typedErrors++;
            report.codes[verdict.refused] = (report.codes[verdict.refused] ?? 0) + 1;
          } else report.accepted++;
        } catch (error) {
          if (isNtError(error)) {
            report.typedErrors++;
            report.codes[error.code] = (report.codes[error.code] ?? 0) + 1;
          } else {
            report.failures.push({ case: i, mutations: fuzzCase.mutations, error: describeError(error) });
          }
        }
        report.maxMs = Math.max(report.maxMs, performance.now() - start);
        report.cases++;
      }
      return report;
    },
    ...(close ? { close } : {}),
  };
}
