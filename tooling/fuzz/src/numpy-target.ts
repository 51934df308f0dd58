import { fuzzNumpyReaders } from "./numpy-readers.ts";
import { dataFixturesDir, readSeedFiles } from "./fixtures.ts";
import { deriveSeed } from "./random.ts";
import type { FuzzTarget } from "./target.ts";

/** Cases per fuzzNumpyReaders call: it rebuilds its corpus per call (1.5 ms), so cases run in seeded blocks. */
const BLOCK = 500;

/**
 * The .npy and .npz readers through `fuzzNumpyReaders` (bit flips, truncation, header edits, huge shapes,
 * ZIP/ZIP64 field garbage, splices), seeded with its built-in arrays plus the NumPy-written fixtures of
 * that format. Block b of a seed runs with seed (seed, target, b); case i is case i mod 500 of its block.
 */
export function numpyTarget(name: "npy" | "npz"): FuzzTarget {
  const corpus = readSeedFiles(dataFixturesDir("npy"), [`.${name}`]);
  return {
    name,
    blockSize: BLOCK,
    async runBlock(seed, from, count) {
      const base = from - (from % BLOCK);
      const report = fuzzNumpyReaders({
        cases: from - base + count,
        seed: deriveSeed(seed, name, base / BLOCK),
        corpus,
      });
      // A reproduction run starts at the block start; only cases from `from` on are reported.
      return {
        cases: count,
        typedErrors: report.typedErrors,
        accepted: report.accepted,
        codes: report.codes,
        maxMs: report.maxMs,
        failures: report.failures
          .filter((f) => f.case >= from - base)
          .map((f) => ({ case: base + f.case, mutations: f.mutations, error: f.error })),
      };
    },
  };
}
