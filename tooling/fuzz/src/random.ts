/** Seeded randomness for the fuzzers: every case is reproducible from (seed, target, case index). */

// The tests' seeded PRNG (mulberry32) and helpers: one copy serves the fuzzers and the test fixtures.
export { makeRandom, pick, randInt, type Rand } from "@neurotranslator/data/testing";

/** A 32-bit seed for one case (or block of cases), mixing the run seed, the target name and the index (FNV-1a + murmur finaliser). */
export function deriveSeed(seed: number, target: string, index: number): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${target}#${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
