import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { Prng, splitMix64 } from "./prng.ts";

interface Case {
  seed: number;
  uint32: number[];
  floats: number[];
  intBelow: number[];
  intBelowN: number[];
}
// Made by fixtures/make_prng_fixture.py, an independent plain-Python reference.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/prng-reference.json", import.meta.url), "utf8"),
) as {
  cases: Case[];
  splitMix64Seed1234567: string;
};

describe("Prng", () => {
  it("SplitMix64 matches the published first output for seed 1234567", () => {
    expect(splitMix64(1234567n)[1].toString()).toBe("6457827717110365317");
    expect(reference.splitMix64Seed1234567).toBe("6457827717110365317");
  });

  it.each(reference.cases)("matches the Python reference stream for seed $seed", (c) => {
    const g = new Prng(c.seed);
    expect(Array.from({ length: c.uint32.length }, () => g.nextUint32())).toEqual(c.uint32);
    expect(Array.from({ length: c.floats.length }, () => g.nextFloat())).toEqual(c.floats);
    expect(c.intBelowN.map((n) => g.intBelow(n))).toEqual(c.intBelow);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = new Prng(7).permutation(50);
    expect(new Prng(7).permutation(50)).toEqual(a);
    expect(new Prng(8).permutation(50)).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("draws normals with mean 0 and variance 1", () => {
    const g = new Prng(3);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = g.normal();
      s += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; kurtosis 3.
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.1);
  });

  it("shuffles uniformly: each of the 6 orders of 3 items about 1/6", () => {
    const g = new Prng(11);
    const counts = new Map<string, number>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const key = g.shuffle([0, 1, 2]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // sd of a count is sqrt(n p (1-p)) = 91; allow 5 sd.
    for (const c of counts.values()) expect(Math.abs(c - n / 6)).toBeLessThan(460);
  });

  it("rejects bad seeds and ranges", () => {
    expect(() => new Prng(-1)).toThrow(/seed/);
    expect(() => new Prng(1.5)).toThrow(/seed/);
    expect(() => new Prng(1).intBelow(0)).toThrow(/intBelow/);
  });
});
