/** Seeded randomness for tests and fuzzing: the same seed gives the same sequence on every machine. */

export type Rand = () => number;

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function makeRandom(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n) from a [0, 1) generator. */
export const randInt = (rand: Rand, n: number): number => Math.floor(rand() * n);

/** A uniformly chosen element of items. */
export const pick = <T>(rand: Rand, items: readonly T[]): T => items[randInt(rand, items.length)] as T;
