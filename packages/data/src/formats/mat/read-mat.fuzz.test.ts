import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { makeRandom as rng } from "../../testing/random.ts";
import { readMat } from "./index.ts";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/mat/", import.meta.url));

/** Flips 1-4 random bytes (sometimes also truncates); keeps the first `keep` bytes intact half the time. */
function mutate(src: Uint8Array, rand: () => number, keep: number): Uint8Array {
  const out = Uint8Array.from(src);
  const from = rand() < 0.5 ? keep : 0;
  const flips = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < flips; k++) {
    out[from + Math.floor(rand() * (out.length - from))] = Math.floor(rand() * 256);
  }
  return rand() < 0.15 ? out.subarray(0, Math.floor(rand() * out.length)) : out;
}

/** Opens and decodes every variable; any failure must be an NtError. Returns whether it failed. */
async function survive(bytes: Uint8Array): Promise<boolean> {
  let mat;
  try {
    mat = await readMat(bytes, { source: "fuzz.mat", limits: { maxBytes: 1 << 24 } });
    for (const name of mat.names) mat.get(name);
    return false;
  } catch (error) {
    if (!(error instanceof NtError)) throw error;
    expect(error.message.startsWith("fuzz.mat")).toBe(true);
    return true;
  } finally {
    mat?.close();
  }
}

describe("fuzzed MAT-files fail only with NtError", () => {
  it.each([
    ["v5_plain.mat", 300, 128],
    ["v5_zlib.mat", 300, 128],
    ["v5_matlab_be.mat", 200, 128],
    ["v73_types.mat", 250, 520],
  ])(
    "%s: %i mutations",
    async (name, runs, keep) => {
      const src = readFileSync(`${FIXTURES}${name}`);
      const rand = rng(name.length * 7919);
      let failed = 0;
      for (let i = 0; i < runs; i++) if (await survive(mutate(src, rand, keep))) failed++;
      // most mutations of compressed or structured bytes must be caught; none may escape as a non-NtError
      expect(failed).toBeGreaterThan(0);
    },
    30_000,
  );
});
