import { describe, expect, it } from "vitest";
import { dataFixturesDir, readSeedFiles } from "./fixtures.ts";
import { fuzzNumpyReaders } from "./numpy-readers.ts";

describe("fuzzNumpyReaders", () => {
  // Per-case time is not asserted here (a timing under a loaded machine): `pnpm fuzz` counts a case over
  // its time limit as a finding, and RELIABILITY.md lists each target's slowest case.
  it("3,000 mutated NumPy files: only NtErrors, nothing beyond the limits", () => {
    const corpus = readSeedFiles(dataFixturesDir("npy"), [".npy", ".npz"]);
    const report = fuzzNumpyReaders({ cases: 3000, seed: 20240601, corpus });
    expect(report.failures).toEqual([]);
    expect(report.cases).toBe(3000);
    expect(report.typedErrors + report.accepted).toBe(3000);
    // Both outcomes must occur, or the mutations are too weak or too strong to test anything.
    expect(report.accepted).toBeGreaterThan(100);
    expect(report.codes.LIMIT ?? 0).toBeGreaterThan(10);
  });
});
